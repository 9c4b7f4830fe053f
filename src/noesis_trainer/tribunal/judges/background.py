"""Background word weights: how common a topic stem is in general Portuguese and English.

In a batch of 8+ distinct answers, `judges.relevance` weighs a prompt's topic stems by their IDF
over the batch's answers, so that sharing "formas", "verdade" or "system" with the prompt counts
little and sharing "Diffie" or "Peano" much. One answer judged alone (or a handful) has no batch
to count words in; general language stands in for it. A stem's frequency is the summed frequency
of the words that start with it (matched as `text` matches stems: folded, first letters), in
wordfreq's Portuguese and English lists, the larger of the two (an answer is in one language).
Its weight is the batch's ``1 + ln(M / df)`` with the whole language as the batch:

    weight = 1 + ln(1 / df),   df = max(1 - exp(-ANSWER_WORDS * frequency), 1 / MAX_RARITY)

(``df``: the chance that an answer of `ANSWER_WORDS` words uses the stem). The word lists come
from the `wordfreq` package (a core dependency, imported on first use, never at
``import noesis_trainer``): its "small" lists, every word of frequency 1e-6 or more, load and
index in about a tenth of a second. The same lists tell the output-failure gate whether an
answer's last word is a word or only the start of one (`cut_word`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from noesis_trainer.core.folding import STEM_CHARS, fold
from noesis_trainer.core.folding import words as split_words

LANGUAGES = ("pt", "en")
WORDLIST = "small"
"""wordfreq's list per language ("small": words of frequency >= 1e-6; "large" measured the same
off-topic and good-answer figures on the held-out sets, at ten times the load time)."""

ANSWER_WORDS = 200
"""The length of a typical answer, in words: a stem of frequency f appears in such an answer with
probability about 1 - exp(-200 f)."""

MAX_RARITY = 1000.0
"""The rarest a stem counts: as if one answer in a thousand used it (a word absent from the
lists, a name, a typo); caps a weight at 1 + ln(1000), about 7.9."""


def _folded_list(lang: str) -> tuple[list[str], Iterable[float]]:
    """The entries of `lang`'s word list, folded (one fold: the entries hold no newline), and
    their frequencies, in the same order."""
    import wordfreq  # first use only: never imported with noesis_trainer

    frequencies = wordfreq.get_frequency_dict(lang, wordlist=WORDLIST)
    return fold("\n".join(frequencies)).split("\n"), frequencies.values()


@functools.cache
def folded_word_frequencies(lang: str) -> dict[str, float]:
    """Folded word -> summed frequency of the words of `lang`'s list that fold to it ("nao":
    "não"): the words a text is weighed by for its language (`background.lexical_language`)."""
    table: dict[str, float] = {}
    get = table.get
    entries, frequencies = _folded_list(lang)
    for entry, freq in zip(entries, frequencies, strict=True):
        if entry.isalpha():
            table[entry] = get(entry, 0.0) + freq
    return table


@functools.cache
def _prefix_frequencies(lang: str) -> dict[str, float]:
    """Folded 3- to 5-letter word start (or a whole word of 1-2 letters, keyed with a leading
    "=") -> summed frequency of the words of `lang` that have it."""
    table: dict[str, float] = {}
    get = table.get
    entries, frequencies = _folded_list(lang)
    for entry, freq in zip(entries, frequencies, strict=True):
        for word in split_words(entry):
            if len(word) <= 2:
                key = "=" + word
                table[key] = get(key, 0.0) + freq
            for n in range(3, min(len(word), STEM_CHARS) + 1):
                head = word[:n]
                table[head] = get(head, 0.0) + freq
    return table


def stem_frequency(stem: str) -> float:
    """How often, per word of running text, a word starting with `stem` (folded; a number or a
    word of 1-2 letters: that word itself) occurs in Portuguese or English, whichever is more."""
    if not stem.isalpha():
        import wordfreq

        return max(wordfreq.word_frequency(stem, lang, wordlist=WORDLIST) for lang in LANGUAGES)
    key = stem if len(stem) >= 3 else "=" + stem
    return max(_prefix_frequencies(lang).get(key, 0.0) for lang in LANGUAGES)


@functools.lru_cache(maxsize=65536)
def stem_weight(stem: str) -> float:
    """The background weight of a topic stem (see the module docstring): about 2 for "forma" or
    "verda", 5 for "compu", 7.9 for "peano"."""
    df = 1.0 - math.exp(-ANSWER_WORDS * stem_frequency(stem))
    return 1.0 + math.log(1.0 / max(df, 1.0 / MAX_RARITY))


@functools.cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """The words of the Portuguese and English lists, folded (lowercase, no accents: "logica"
    written without its accent is the word "lógica"), and their proper prefixes of two letters
    or more."""
    words: set[str] = set()
    for lang in LANGUAGES:
        words.update(w for w in _folded_list(lang)[0] if w.isalpha())
    heads = {w[:n] for w in words for n in range(2, len(w))}
    return frozenset(words), frozenset(heads)


def cut_word(word: str) -> bool:
    """True when `word` (letters) is no word of either language but the start of one ("fasci",
    "exemp", "necessár"): what a cut in the middle of a word leaves. Compared folded, so a word
    written without its accents is still a word. A word of neither list that starts no word of
    them ("numpy", "qubit") is a term, not a cut."""
    words, heads = _lexicon()
    folded = fold(word)
    return folded not in words and folded in heads


def inflected_word(word: str) -> bool:
    """Whether `word` (letters), of six letters or more, is the singular of a plural ending in
    "as", "es" or "os", or the present of a Portuguese infinitive, whose other form the lists hold
    as a content word ("legume", "mamífero", "endurece"): a word less common than its other
    form, which `cut_word` takes for that form's start. Not the start of a function word
    ("qualque", "howeve", "perhap") nor of an English word in "-er" ("conside")."""
    folded = fold(word)
    if len(folded) < INFLECTED_MIN_LETTERS:
        return False
    if folded[-1] in "aeo" and _content_word(folded + "s", LANGUAGES):  # not "celsiu"
        return True
    infinitive = folded + "r"
    english = folded_word_frequencies("en").get(infinitive, 0.0)
    return (
        folded.endswith("e")
        and _content_word(infinitive, ("pt",))
        and english < folded_word_frequencies("pt")[infinitive]  # not "another", "remember"
    )


def _content_word(folded: str, languages: tuple[str, ...]) -> bool:
    """Whether `folded` is a word of one of `languages`' lists, and a rare one (below
    `CONTENT_WORD_FREQUENCY`): not a function word ("qualquer", "however")."""
    found = [folded_word_frequencies(lang).get(folded) for lang in languages]
    return any(f is not None for f in found) and all(
        f is None or f < CONTENT_WORD_FREQUENCY for f in found
    )


INFLECTED_MIN_LETTERS = 6
"""Shorter starts of words are as often cuts ("confe" of "conferência" though "confer" is a
word)."""
CONTENT_WORD_FREQUENCY = 1e-4
"""Function words are more frequent than this in the word lists ("qualquer" about 1e-3;
"mamíferos" and "endurecer" about 1e-6)."""


def is_word(folded: str) -> bool:
    """Whether `folded` (accent-folded, lowercase) is a word of either language's list."""
    return folded in _lexicon()[0]


LEXICAL_MARGIN = 4.0
"""`lexical_language` calls a text Portuguese or English when its words' summed log ratio of
frequencies (Portuguese over English) passes this, either way: about two words found in only
one language's list, or four that are merely more common in it."""
LEXICAL_CLAMP = 2.5
"""The most one word can add to that sum: a word of one list only ("carro", "drywall") is strong
evidence, not overwhelming ("de" and "a" are words of both)."""
LEXICAL_FLOOR = 1e-7
"""The frequency a word missing from one list is given (its lists hold words of 1e-6 and up)."""
LEXICAL_MAX_WORDS = 200
"""`lexical_language` reads at most this many words: the opening of a long answer tells."""


@functools.cache
def _language_weights() -> dict[str, float]:
    """Folded word (two letters or more) of either list -> what it adds to `lexical_language`'s
    sum: its log ratio of frequencies, Portuguese over English, clamped (worked out once, not for
    every word of every answer)."""
    portuguese, english = folded_word_frequencies("pt"), folded_word_frequencies("en")
    weights: dict[str, float] = {}
    for word in portuguese.keys() | english.keys():
        if len(word) >= 2:  # every key is letters (folded_word_frequencies)
            pt, en = portuguese.get(word, 0.0), english.get(word, 0.0)
            ratio = math.log((pt + LEXICAL_FLOOR) / (en + LEXICAL_FLOOR))
            weights[word] = max(-LEXICAL_CLAMP, min(LEXICAL_CLAMP, ratio))
    return weights


def lexical_language(words: Sequence[str], margin: float = LEXICAL_MARGIN) -> str | None:
    """ "Portuguese" or "English" by how common each of `words` (accent-folded) is in each
    language (the `wordfreq` lists, `folded_word_frequencies`), or None when unsure. What the
    function words of `language_of` cannot tell in a short prompt ("how many screws per sheet of
    drywall", "qnto um carro 1.0 faz por litro na cidade") the content words can. Only these two
    languages: an answer is weighed against the language of its question. `margin`: the summed
    log ratio to pass (`LEXICAL_MARGIN`)."""
    weight = _language_weights().get
    total = 0.0
    for word in words[:LEXICAL_MAX_WORDS]:
        total += weight(word, 0.0)
    if total >= margin:
        return "Portuguese"
    if total <= -margin:
        return "English"
    return None
