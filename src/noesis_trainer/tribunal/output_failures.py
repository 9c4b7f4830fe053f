"""How a generated answer fails before anyone asks whether it is wise: one place, shared by the
Validator (rules on an example's response fields) and the Tribunal (a gate before the judges).

The detectors are built from what language models emit when decoding goes wrong, not tuned to any
data set: repetition loops, answers cut by `max_new_tokens`, chat-template tokens and role headers
leaking into the text, unfilled skeletons and placeholders, the prompt echoed back, empty answers,
an answer in another language than the question, and (in a batch) an answer that fits another
prompt clearly better than its own. Each failure comes with a reason that names the evidence
("repetition loop: 'ao mesmo,' x 14"), so a rejection says what to fix.

Torch-free and fast: a few compiled regexes and set operations per answer (the default Tribunal
runs these on every item and must stay above 10,000 responses/s on one core).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType

from noesis_trainer.core import native
from noesis_trainer.core.folding import (
    STEM_CHARS,
    WORD,
    fold,
    folded_words,
    latin1_word_bytes,
    lowered,
)
from noesis_trainer.tribunal.judges.background import (
    LEXICAL_MARGIN,
    cut_word,
    folded_word_frequencies,
    lexical_language,
)
from noesis_trainer.tribunal.judges.lexicon import (
    DANGLING_WORDS,
    IMPERATIVES,
    NEGATIONS,
    SORT_REQUESTS,
    STOPWORDS,
    TOOLS,
)
from noesis_trainer.tribunal.judges.text import (
    QuotedMaterial,
    asks_about_words,
    bare_term,
    chat_reply,
    holds_result,
    one_word_in_kind,
    opening_list,
    picks_listed_option,
    picks_side,
    prompt_features,
    quoted_material,
    states_fact,
    titled,
    typed_prose,
    typed_prose_cut,
    typed_reply,
    without_sign_off,
)
from noesis_trainer.tribunal.language import (
    LANGUAGE_MARGIN,
    MIN_LANGUAGE_HITS,
    PROFILES,
    language_of,
    word_set,
)

__all__ = [
    "FailureKind",
    "OutputFailure",
    "clear_caches",
    "cut_against_style",
    "detect",
    "detect_batch",
    "detect_python",
    "language_of",
    "native_prescreen",
    "surely_clean",
]


class FailureKind(StrEnum):
    EMPTY = "empty"
    LOOP = "loop"
    TRUNCATED = "truncated"
    TEMPLATE_LEAK = "template_leak"
    SKELETON = "skeleton"
    ECHO = "echo"
    LANGUAGE = "language"
    MISPLACED = "misplaced"


@dataclass(frozen=True, slots=True)
class OutputFailure:
    """One way an answer failed, with the evidence in words."""

    kind: FailureKind
    reason: str

    def __str__(self) -> str:
        return self.reason


# -- shared helpers ------------------------------------------------------------------------


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# -- empty ---------------------------------------------------------------------------------

MIN_WORDS = 2
"""Fewer words than this is no answer at all (one-line drafts are the judges' business)."""


def _one_word_answer(prompt: str, answer: str) -> bool:
    """Whether a one-word answer, written to its end, is the very thing its closed question or
    choice asks for: the result of its bare computation ("12." for "what's 15% of 80"), or the
    thing `judges.text.one_word_in_kind` finds ("1912.", "Canberra.", "Affect."; not "Idk."),
    whatever emoji it signs off with ("1912. 🙂")."""
    answer = without_sign_off(answer)
    return (answer.rstrip()[-1:] in (".", "!") or chat_reply(prompt, answer, whole=True)) and (
        holds_result(prompt, answer)
        or one_word_in_kind(prompt, answer)
        or picks_listed_option(prompt, answer)  # "Vênus." for "...: Mercúrio, Vênus ou Marte?"
    )


def _empty(words: list[str]) -> OutputFailure | None:
    if not words:
        return OutputFailure(FailureKind.EMPTY, "empty answer: no words")
    if len(words) < MIN_WORDS:
        return OutputFailure(FailureKind.EMPTY, f"near-empty answer: {len(words)} word")
    return None


# -- repetition loops ----------------------------------------------------------------------

MAX_PERIOD = 8
"""Longest repeated phrase (in words) searched for back to back."""
MIN_LOOP_WORDS = 8
"""A back-to-back repeat shorter than this (all copies) is emphasis ("no, no, no, no")."""
MIN_COPIES = 4
"""Copies of a phrase of two words or more that make a loop ("ao mesmo, ao mesmo, ...")."""
MIN_SINGLE_COPIES = 5
"""A single word needs this many copies ("muito muito muito" is style, not a loop)."""
MIN_SYMBOL_COPIES = 16
"""A group of one to six symbols (no letters or digits) repeated, space-separated, this many
times is a loop (a markdown rule or a table row never repeats a cell that often)."""
MIN_LINE_REPEATS = 3
"""A sentence or line of three words or more that comes back this many times is a loop."""
_PREFILTER_REPEATS = 5
"""Repeated word pairs needed before the exact search runs (any loop has more)."""
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _tandem(words: list[str]) -> tuple[int, int, int] | None:
    """(start, period, copies) of the longest back-to-back repeat, or None.

    Each period is first ruled out, when it can be, on the words' hashes: equal words have equal
    hashes, so a run of `need` equal pairs is a run of `need` equal hashes at that distance (one
    vector comparison, where comparing the words pair by pair costs a call each). Only a period
    that passes this test compares the words themselves."""
    import numpy as np

    best: tuple[int, int, int] | None = None
    n = len(words)
    hashes = np.fromiter(map(hash, words), dtype=np.int64, count=n)
    for period in range(1, MAX_PERIOD + 1):
        if n < 2 * period:
            break
        need = period * ((MIN_SINGLE_COPIES if period == 1 else MIN_COPIES) - 1)
        if need > n - period:
            continue
        if (hashes[:-period] == hashes[period:]).tobytes().find(_ONES[:need]) < 0:
            continue
        same = bytes(map(operator.eq, words, words[period:]))
        if same.find(_ONES[:need]) < 0:  # no run of `need` equal pairs: one C search says so
            continue
        run = 0
        for i, eq in enumerate(same):
            run = run + 1 if eq else 0
            if run >= need:
                copies = run // period + 1
                if copies * period >= MIN_LOOP_WORDS and (
                    best is None or copies * period > best[1] * best[2]
                ):
                    best = (i - run + 1, period, copies)
    return best


_ONES = b"\x01" * (MAX_PERIOD * MIN_COPIES)
"""A run of equal pairs as a comparison's bytes show it (sliced to the length needed)."""


_SYMBOL_LOOP = re.compile(rf"\s([^\w\s]{{1,6}})(?:\s+\1){{{MIN_SYMBOL_COPIES - 1},}}(?!\S)")
"""The same symbol group, separated by spaces or line breaks, over and over ("│ │ │ │ ...",
"÷\n÷\n÷\n..."): a loop of tokens that
are not words, which the word-level search never sees. Searched in the text with a space put in
front: starting on a whitespace character (instead of a look-behind for one) lets the regex
engine skip to the spaces, three to four times faster on prose."""


_LATIN1_NOT_SYMBOL = bytes(
    c for c in range(256) if chr(c).isalnum() or chr(c).isspace() or chr(c) == "_"
)
"""Latin-1 bytes of word or space characters: what is left of a text without them is its symbols."""


def _few_symbols(tail: str) -> bool:
    """True when `tail` surely holds fewer symbol characters than a symbol loop needs (a cheap
    count through a byte table; False, "maybe", for text outside Latin-1)."""
    try:
        raw = tail.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return len(raw.translate(None, _LATIN1_NOT_SYMBOL)) < MIN_SYMBOL_COPIES


_SYMBOL_TAIL = 600
"""The symbol-loop search looks at the answer's last characters only (a loop runs to the end)."""


def _symbol_loop(answer: str) -> OutputFailure | None:
    tail = answer[-_SYMBOL_TAIL:]
    if tail.count(" ") + tail.count("\n") < MIN_SYMBOL_COPIES or _few_symbols(tail):
        return None
    found = _SYMBOL_LOOP.search(" " + tail)
    if found is None:
        return None
    copies = found.group(0).count(found.group(1))
    return OutputFailure(
        FailureKind.LOOP, f"repetition loop: {found.group(1)!r} x {copies} (symbols)"
    )


def _loop(answer: str, words: list[str]) -> OutputFailure | None:
    if len(words) - len(set(itertools.pairwise(words))) < _PREFILTER_REPEATS:
        return _symbol_loop(answer)
    found = _tandem(words)
    if found is not None:
        start, period, copies = found
        phrase = " ".join(words[start : start + period])
        return OutputFailure(FailureKind.LOOP, f"repetition loop: {_quote(phrase)} x {copies}")
    repeated = _repeated_sentence(answer)
    if repeated is not None:
        sentence, n = repeated
        return OutputFailure(FailureKind.LOOP, f"repetition loop: {_quote(sentence)} x {n}")
    return _symbol_loop(answer)


_LOOP_SHARE = 0.1
"""Share of the answer's characters a sentence's copies must fill to be a loop, unless it comes
back `2 * MIN_LINE_REPEATS` times or more: in a long structured answer a refrain that returns
three times is style, while a decoding loop keeps going until it fills the rest of the text."""
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_prose(sentence: str) -> bool:
    """A sentence that can loop: three words of letters or more, not a label ("CONEXÃO COM
    OUTRAS:"), not a line of code or of a diagram ("char = self.", "│ ↓ │"), which a structured
    answer repeats by design."""
    return not sentence.endswith(":") and len(_PROSE_WORD.findall(sentence)) >= 3


def _repeated_sentence(answer: str) -> tuple[str, int] | None:
    """The most frequent prose sentence (spaces collapsed; the first of equals) when it comes
    `MIN_LINE_REPEATS` times or more and its copies fill `_LOOP_SHARE` of the answer (or it
    comes twice that often)."""
    prose = _CODE.sub(" ", answer) if "```" in answer else answer  # code repeats lines
    counts = Counter(
        s for s in (" ".join(x.split()) for x in _SENTENCE.findall(prose)) if s.count(" ") >= 2
    )
    for sentence, n in counts.most_common():
        if n < MIN_LINE_REPEATS:
            break
        if _is_prose(sentence) and (
            n >= 2 * MIN_LINE_REPEATS or n * len(sentence) >= _LOOP_SHARE * len(answer)
        ):
            return sentence, n
    return None


# -- truncation ----------------------------------------------------------------------------

_COMPLETE_END = frozenset(".!?…)]}\"'”’»*`|>~")
_OPEN_END = frozenset(",:([{-–—/+=&")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)]|[a-z][.)]|\[\d{1,3}\]|\(\d{1,3}\))\s")
"""A list item's marker: a bullet, "1." or "1)", "a)", or a reference's "[1]" or "(1)"."""
MIN_CUT_WORDS = 4
"""A last line shorter than this that ends without punctuation is a label, a name, a list item."""


_EMPTY_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)])(?:\s+[*_`]{1,3})?$")
"""A list item with nothing in it, or only the opening of an emphasis ("- **" cut to "- *")."""
_LABEL_LINE = re.compile(r"^(?:#{1,6}\s.*|\*\*[^*\n]+\*\*|.*:)$")
"""A heading or a label that announces content ("**O problema:**", "## Passos", "Exemplo:")."""


def _is_label(line: str) -> bool:
    """``_LABEL_LINE.match(line)`` for one line: the regex only where it can match (a line that
    starts with "#" or "*", or ends with ":"), not through a long paragraph it cannot."""
    return (line[:1] in "#*" or line.endswith(":")) and _LABEL_LINE.match(line) is not None


_CODE_SPAN = re.compile(r"`[^`\n]*`")
"""Inline code on one line; `_CODE` adds fenced blocks."""


def _open_bold(paragraph: str) -> bool:
    """Whether the last paragraph leaves a `**` open: an odd count outside code spans (`2 ** 10`
    is code), the last one an opener (at the start or after a space or punctuation, not
    followed by a space: "**O problema", a lone "**"), not an exponent ("2**10"). Counted over
    the paragraph, so bold that spans lines ("***Resumo:...\n...sempre.***") is closed."""
    if "`" in paragraph:
        paragraph = _CODE_SPAN.sub("", paragraph)
    if paragraph.count("**") % 2 == 0:
        return False
    at = paragraph.rfind("**")
    while at > 0 and paragraph[at - 1] == "*":
        at -= 1  # "***" opens bold and italics
    before = paragraph[at - 1] if at else " "
    after = paragraph[at:].lstrip("*")[:1]
    return not before.isalnum() and not after.isspace()


_EMOTICON = re.compile(r"[:;]-?\(")
_NAMED_TICK = re.compile(r"\(`\)|\"`\"|'`'|“`”|(?<=\s)`(?=[\s,.;:])")
"""A backtick named, not opening code: in parentheses or quotes of its own ("(`)"), or alone
between spaces ("the ` key")."""


def _left_open(line: str) -> str | None:
    """The mark the last line opened and never closed, where the text stops on a letter or a
    digit: a code span, a parenthesis or bracket, a quotation ("(`sudo apt c", '"Google nos')."""
    if "`" in line:
        line = _CODE_SPAN.sub("", line)
        if "`" in line:
            return "`"
    if "(" in line and line.count("(") - len(_EMOTICON.findall(line)) > line.count(")"):
        return "("
    if line.count("[") > line.count("]"):
        return "["
    if line.count("“") > line.count("”"):
        return "“"
    if line.count('"') % 2:
        return '"'
    return None


def _cut_after_label(stripped: str, last_line: str) -> OutputFailure | None:
    """Markdown that stops where content was announced: an open `**`, an empty list item, or an
    unpunctuated fragment right under a heading or label (a cut mid-section)."""
    if "**" in last_line and _open_bold(stripped[stripped.rfind("\n\n") + 1 :]):
        return OutputFailure(FailureKind.TRUNCATED, "truncated: ends inside an open '**'")
    if last_line.startswith("**") and last_line.endswith((":**", "**:")):
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: ends on a label with nothing under it ({_quote(last_line)})",
        )
    if _EMPTY_ITEM.match(last_line):
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: ends on an empty list item ({last_line!r})"
        )
    last_char = last_line[-1]
    if last_char in _COMPLETE_END or not last_char.isalnum():
        return None
    lines = [x.strip() for x in stripped.split("\n") if x.strip()]
    if len(lines) < 3 or _is_label(last_line):
        return None
    previous = lines[-2].rstrip("*_ ")
    if _is_label(lines[-2]) or previous.endswith(":"):
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: a fragment under a heading ({_quote(last_line[-40:])})",
        )
    return None


_FENCE_LINE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?```", re.MULTILINE)
"""A code fence, also one that opens a list item ("  * ```")."""
_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$")
"""The rule under a markdown table's header (|---|:--:|)."""


def _cut_markdown_block(answer: str, stripped: str, last_line: str) -> OutputFailure | None:
    """Cuts that leave a block open: a code block never closed or its fence cut short, a table
    header with no rows, a new paragraph of one letter, a last word followed by a space (the
    next word never came)."""
    if "```" in stripped and len(_FENCE_LINE.findall(stripped)) % 2:
        return OutputFailure(FailureKind.TRUNCATED, "truncated: ends inside an open code block")
    if last_line in ("`", "``") and "\n" in stripped:
        return OutputFailure(FailureKind.TRUNCATED, "truncated: a code fence cut short")
    if last_line.startswith("|") and _TABLE_RULE.match(last_line):
        return OutputFailure(FailureKind.TRUNCATED, "truncated: a table header with no rows")
    if "\n\n" in stripped:
        tail = stripped[stripped.rfind("\n\n") + 2 :].strip()
        if len(tail) == 1 and tail.isalpha():
            return OutputFailure(
                FailureKind.TRUNCATED, f"truncated: a new paragraph stops at {tail!r}"
            )
    if answer.endswith(" ") and stripped[-1].isalnum() and len(stripped.split()) >= MIN_CUT_WORDS:
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: stops after {_quote(stripped[-30:])} and a space",
        )
    return None


_RULE_LINE = re.compile(r"^([═─━=_-])\1{2,}$")
"""A separator: one character of a rule repeated ("═════", "-----"; "*" and "~" also end
sentences and are left out)."""
_HEADING = re.compile(r"^#{1,6}\s+\S")
_BOX_EDGE = "│┃║|"
_BOX_CLOSE = "│┃║|┤┫╣"
_FRAMED_HEADING = re.compile(r"^([═─━=_-])\1{2,}\n[^\n]+\n\1{3,}$", re.MULTILINE)


def _cut_at_rule(
    stripped: str, tail: list[str], rule: str, before: str, previous: str
) -> OutputFailure | None:
    """The answer ends on a separator: after a heading it frames (nothing under the heading),
    after a blank line (a new block that never came), or shorter than its other rules of the
    same character (cut inside the rule)."""
    heading = previous[-1] not in ".!?:" and len(previous.split()) <= 12
    if heading and tail[-2] and (_RULE_LINE.match(before) or rule[0] in "=-"):
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: ends on a heading with nothing under it ({_quote(previous)})",
        )
    if not tail[-2]:
        return OutputFailure(
            FailureKind.TRUNCATED, "truncated: ends on a rule that opens a new section"
        )
    longest = max(
        (len(m.group(0)) for m in re.finditer(rf"^{re.escape(rule[0])}{{3,}}$", stripped, re.M)),
        default=0,
    )
    if longest > len(rule):
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: a rule cut short ({len(rule)} of {longest})"
        )
    return None


def _cut_section(stripped: str, last_line: str) -> OutputFailure | None:
    """Cuts at the seams of a structured answer (only where its last character does not end
    one): a heading with nothing under it, a table row left open, a framed heading cut before
    its closing rule, a new section that stops after one word."""
    if _HEADING.match(last_line):
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: ends on a heading ({_quote(last_line)})"
        )
    tail = [x.strip() for x in stripped.rsplit("\n", 6)[-6:]]
    lines = [x for x in tail if x]
    if len(lines) < 3:
        return None
    before, previous = lines[-3], lines[-2]
    if _RULE_LINE.match(last_line):
        return _cut_at_rule(stripped, tail, last_line, before, previous)
    if (
        last_line[0] in _BOX_EDGE
        and last_line[-1] not in _BOX_CLOSE
        and previous[0] in _BOX_EDGE
        and previous[-1] in _BOX_CLOSE
    ):
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: a table row left open ({_quote(last_line[-40:])})"
        )
    if not last_line[-1].isalnum() or not _RULE_LINE.match(previous):
        return None
    if not tail[-2]:  # a blank line between the rule and the last line: a new section
        if last_line.isalpha():
            return OutputFailure(
                FailureKind.TRUNCATED, f"truncated: a new section stops at {_quote(last_line)}"
            )
        return None
    if _FRAMED_HEADING.search(stripped):  # headings sit between two rules here; this one has one
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: a heading cut before its closing rule ({_quote(last_line)})",
        )
    return None


_LINK_DEFINITION = re.compile(r"\[[^\]\n]+\]:\s*\S+$")
"""A markdown link's target, "[docs]: https://...", the usual last line of a document."""


_LAST_WORD = re.compile(r"(?<![\w-])[^\W\d_A-ZÀ-Þ]{2,}$")
"""A lowercase word of letters at the very end, whole (not the tail of "self.x" or "pre-"...)."""


def _cut_mid_word(stripped: str) -> OutputFailure | None:
    """An answer whose last word is only the start of a word ("O fascinante é" cut to "O
    fasci"): caught where the last line is too short to read as a cut sentence, or a list item."""
    found = _LAST_WORD.search(stripped[-40:])
    if found is None:
        return None
    from noesis_trainer.tribunal.judges.background import inflected_word

    word = found.group(0)
    if not cut_word(word):
        return None
    if typed_reply(stripped) and inflected_word(word):
        return None  # "não, é mamífero": a chat reply ends on a word, not on a plural's start
    return OutputFailure(FailureKind.TRUNCATED, f"truncated: ends mid-word ({word!r})")


def _marker_shape(item: re.Match[str]) -> str:
    return re.sub(r"[a-z]", "a", re.sub(r"\d+", "0", item.group(0).strip()))


def _like_its_siblings(stripped: str, item: re.Match[str]) -> bool:
    """True when the last line (a list item, `item` its marker's match) follows an item of the
    same list (same marker shape) that also ends without a full stop: a list written without
    end punctuation (references, "[6] Kane, R. (1996). The Significance of Free Will") ends that
    way too. A list whose items end in full stops gives no such cover."""
    lines = stripped.rsplit("\n", 2)
    previous_line = lines[-2].strip() if len(lines) >= 2 else ""
    previous = _LIST_ITEM.match(previous_line)
    return (
        previous is not None
        and _marker_shape(item) == _marker_shape(previous)
        and previous_line[-1] not in ".!?…"
    )


_SHORT_LAST_WORD = re.compile(r"(?:^|\s)(\S*)\s+([^\W\d_]{1,3})$")
"""The last word of a line when it has at most three letters, and the token before it."""
RARE_SHORT_WORD = 5e-5
"""A word of two letters rarer than this in its language's list ("cu", "pa", "bi") is no word a
list item ends on but what a cut inside a longer word left ("cu" of "curcumina"); common words
("it", "up", "já"), words with an accent ("pó", "vó") and the units and abbreviations of
`_SHORT_TERMS` end items (the lists' rarer two-letter words are mostly such abbreviations).
Three letters may be any term ("npm", "pix", "wok", "jog", "koi"): none is taken for a scrap (a
scrap and a rare word overlap in frequency)."""
_SHORT_TERMS = word_set(
    "ml kg cm mm km lb oz gb mb kb tb hz id os pc ui ux hr pi gp rm tv ok ip ai cv pr hd uv qr "
    "vr ar ph pm am ms ft mg dc dj ep md mp ps pt rh sd ssd ev eu un uk us nz ny db js ts css "
    "sql vs ie eg"
)
"""Short units and abbreviations a list item may end on ("Measure liquids in ml", "Call your
gp")."""
_PREPOSITIONS_BEFORE_LETTER = word_set(
    "to for of by in on at with from into than as em de da do para por com sem sobre entre"
)
"""A single letter after a function word is the start of a word ("in the w", "pour out and s"),
but after one of these prepositions it may be a variable or a label ("with respect to t",
"solve for x"); after a noun it names one ("hepatite b", "vitamina c")."""
_LONE_LETTERS = frozenset("aeoéàyxznkijv")
"""Single lowercase letters that are words or variables even after a function word ("a", "e",
"é", "the x")."""
ITEM_DANGLING_EN = word_set(
    "of to by with from for at into onto than under between through without within across toward"
)
ITEM_DANGLING_PT = word_set("sobre entre contra desde")
"""English and Portuguese prepositions that may close a sentence ("what it is made of") but not
a list item ("- Rub a thin layer of", "- Hyperion by", "- Leia sobre"): a list item names a
thing or a step."""


def _scrap_of_word(word: str, language: str | None, before: str = "") -> bool:
    """Whether `word` (at most three lowercase letters) is a scrap of a cut word rather than a
    word of `language` (of either, when it is not known): a letter after a function word that
    is no preposition (`before`: "in the w"), two letters rarer than `RARE_SHORT_WORD`; never a
    word with an accent nor one of `_SHORT_TERMS`."""
    if not word.isascii() or word in _SHORT_TERMS:
        return False
    if len(word) == 1:
        before = fold(before.lower())
        return (
            word not in _LONE_LETTERS
            and before in STOPWORDS
            and before not in _PREPOSITIONS_BEFORE_LETTER
        )
    return len(word) == 2 and all(
        folded_word_frequencies(code).get(word, 0.0) < RARE_SHORT_WORD
        for name, code in (("English", "en"), ("Portuguese", "pt"))
        if language in (name, None)
    )


_ABBREVIATION_END = re.compile(
    r"(?:^|\s)(?:[A-Z]|[A-Za-z]{1,4}\.[A-Za-z]{1,4}|etc|inc|co|ltd|jr|sr|dr|vs|cf)\.$",
    re.IGNORECASE,
)
"""An item ending on an abbreviation's point ("Apple Inc.", "Pens, pencils, etc.", "J."), which
is no full stop."""


def _ends_on_stop(item: str) -> bool:
    """Whether a list item ends on a full stop of its own or an exclamation (not a question,
    not an abbreviation's point)."""
    text = item.rstrip("*_")
    return text.endswith("!") or (text.endswith(".") and _ABBREVIATION_END.search(text) is None)


def _cut_list_item(
    stripped: str,
    last_line: str,
    item: re.Match[str],
    answer_words: list[str],
    prompt_language: str | None,
) -> OutputFailure | None:
    """A list's last item cut short, where a short item would otherwise pass as written without
    a full stop: the items before it (same marker) all end on a full stop and this one does
    not; it is one lowercase word, or a word's start, under items of three words or more
    ("- me" after "- Mash a ripe banana"), or a lone lowercase item of two letters ("- ba"); or it
    ends on a word that binds what follows ("- Rub a thin layer of") or on a scrap of a word
    ("in the w", "a fo"; `_scrap_of_word`), not a unit after a number ("250 g")."""
    shape = _marker_shape(item)
    siblings = [
        line[found.end() :].strip()
        for line in (x.strip() for x in stripped.split("\n")[:-1])
        if (found := _LIST_ITEM.match(line)) is not None and _marker_shape(found) == shape
    ]
    body = last_line[item.end() :].split()
    if not siblings and _lone_item_cut(body) and "\n" in stripped:
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: a list stops at its first item ({_quote(' '.join(body[-4:]))})",
        )
    if siblings and all(_ends_on_stop(x) for x in siblings):
        return OutputFailure(
            FailureKind.TRUNCATED,
            "truncated: the list's last item lacks the full stop its other items end on "
            f"({_quote(' '.join(body[-4:]))})",
        )
    if len(body) == 1 and (
        (
            min(len(x.split()) for x in siblings) >= LIST_SENTENCE_WORDS
            and _one_word_cut(body[0].strip("*_`'\"()"))
        )
        if siblings
        else (len(body[0]) <= 2 and body[0].isalpha() and body[0].islower())
    ):
        return OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: the list's last item is one word ({body[0]!r}) under longer items",
        )
    language = language_of(answer_words) or prompt_language
    last = body[-1] if body else ""
    # in a language not told, the English words only: "os", "as", "no" are words of English
    # items too ("- import os")
    binding = DANGLING_WORDS.get(language or "English", frozenset())
    if language in ("English", None):
        binding = binding | ITEM_DANGLING_EN
    elif language == "Portuguese":
        binding = binding | ITEM_DANGLING_PT
    if len(body) >= 2 and last in binding:
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: ends on {last!r}, which cannot end it"
        )
    return _ends_on_scrap(last_line, language, "the list's last item")


def _ends_on_scrap(last_line: str, language: str | None, what: str) -> OutputFailure | None:
    """A last line (`what`: a list's last item, a closing note) that ends on a scrap of a word
    (`_scrap_of_word`: "in the w", "a cu"), not a unit after a number ("250 g")."""
    short = _SHORT_LAST_WORD.search(last_line)
    if (
        short is None
        or not short.group(2).islower()
        or any(c.isdigit() for c in short.group(1))
        or not _scrap_of_word(short.group(2), language, short.group(1))
    ):
        return None
    return OutputFailure(
        FailureKind.TRUNCATED, f"truncated: {what} ends on a scrap of a word ({short.group(2)!r})"
    )


_NOTE_LABEL = re.compile(
    r"^\W{0,2}(?:(?:pro |quick |bonus )?tips?|dicas?|(?:side )?note|nota|obs|observa[cç][aã]o|"
    r"b[oô]nus|reminder|lembrete|aten[cç][aã]o|importante?|extra|summary|resumo|"
    r"bottom line|in short|em resumo)\W{0,2}:\W{0,2}\s+\S",
    re.IGNORECASE,
)
"""A closing note's label and its colon ("Tip: ...", "**Dica:** ...", "Pro tip: ..."): the
labels a note that closes an answer carries, not any label ("DNA: ...", "Lição: ..." open a
line of content)."""
NOTE_LIST_ITEMS = 2


def _closing_note(stripped: str, last_line: str) -> bool:
    """Whether the last line is a labelled note ("Tip: let it rest 5 minutes") closing a list
    whose items (`NOTE_LIST_ITEMS` or more) end without a full stop: written in the list's
    style, it needs none either; it is read as a list item is (a cut still ends it on a word
    that cannot end it, or inside a word)."""
    if _NOTE_LABEL.match(last_line) is None:
        return False
    items = [line.strip() for line in stripped.split("\n")[:-1] if _LIST_ITEM.match(line.strip())]
    return len(items) >= NOTE_LIST_ITEMS and not any(
        item.rstrip("*_ ")[-1:] in ".!?" for item in items
    )


def _one_word_cut(word: str) -> bool:
    """Whether a list's last item, one word under items of phrases, is what a cut left: a word
    in lowercase ("- me"), the start of a word ("- Desli"), a verb that opens a step with
    nothing after it ("- Avoid", "- Keep"), a pronoun, an article or a first letter alone ("- I",
    "- U"), or two letters rare as a word ("- Ke"); not a name, a noun, a term or an activity
    that closes a list of them ("- Salt", "- Lisboa", "- Sleep", "- Go", "- Mg", "- C")."""
    return (
        _stops_as_cut(word)
        or word in ("I", "A", "O", "E", "U")  # a pronoun or an article, a word's first letter
        # two letters rare as a word and no term ("- Ke", "- Av"; not "- Go", "- Mg")
        or (len(word) == 2 and word.isalpha() and _scrap_of_word(word.lower(), None))
    )


def _stops_as_cut(word: str) -> bool:
    """Whether a list item's one word is what a cut leaves (`_one_word_cut`, `_lone_item_cut`):
    lowercase, the start of a word, or a verb that opens a step with nothing after it (not an
    activity, `_STANDALONE_VERBS`)."""
    verb = fold(word.lower())
    return (
        word.islower() or cut_word(word) or (verb in IMPERATIVES and verb not in _STANDALONE_VERBS)
    )


_STANDALONE_VERBS = word_set(
    "go sleep read rest relax wait walk run swim smile breathe stretch meditate travel cook dance "
    "sing write draw play study work exercise eat drink dormir ler descansar relaxar esperar "
    "caminhar correr nadar sorrir respirar alongar meditar viajar cozinhar dancar cantar escrever "
    "desenhar brincar jogar estudar trabalhar comer beber"
)
"""Verbs that close a list as the activity they name ("- Sleep", "- Read"), not a step cut
before its object ("- Avoid", "- Keep")."""


LONE_ITEM_WORDS = 3
"""A list whose only item, last in the answer, is this many words or fewer and stops as a cut
does ("- Avoid", "1. Desli", "- Tire os cadar") was cut as it began: a list has more than one
item. (A one-item list of a result, "Result:\n- 42", "The answer is:\n- C", is written so.)"""


def _lone_item_cut(body: list[str]) -> bool:
    """Whether the words of a list's only item (`body`) stop as a cut does: a verb with nothing
    after it, a word's start or a lowercase word ("- Avoid", "1. Desli", "- me"), or up to
    `LONE_ITEM_WORDS` words that end on a lowercase one ("- Tire os cadar", "- **Asteroids** are
    rocky"); not a result, a name or a term ("- 42", "- C", "- Wikipedia"). (A lone phrase that
    ends in lowercase, "- Your old passport", reads as a cut too: a list that stops at its first
    item far more often was cut than written so.)"""
    if not body or len(body) > LONE_ITEM_WORDS:
        return False
    last = body[-1].strip("*_`'\"()")
    if len(body) == 1:
        return last.isalpha() and _stops_as_cut(last)
    return last.isalpha() and last.islower()


LIST_SENTENCE_WORDS = 3
"""Items of at least this many words are phrases; a one-word item after them was cut."""


_LAST_TOKEN = re.compile(r"(?<!\S)[a-zà]+$")


def _dangling_end(
    stripped: str, words: list[str], prompt_language: str | None = None
) -> OutputFailure | None:
    """A last word that `DANGLING_WORDS` says cannot end the text, in the answer's language (the
    prompt's, when the answer is too short to tell: an answer is in its prompt's language, or
    the language check flags it)."""
    found = _LAST_TOKEN.search(stripped[-8:])
    if found is None:
        return None
    language = language_of(words) or prompt_language
    if language not in DANGLING_WORDS or (
        found.group(0).replace("à", "a") not in DANGLING_WORDS[language]
    ):
        return None
    return OutputFailure(
        FailureKind.TRUNCATED, f"truncated: ends on {found.group(0)!r}, which cannot end it"
    )


_NUMBER_END = re.compile(r"(?<![\w.,])\d+$")


def _number_column(stripped: str, last_line: str) -> bool:
    """Whether the last line and the two lines right above it (no blank line between) all end on
    a number of the same number of digits, without punctuation: a list written without markers
    or full stops ("Kuhn, Thomas S. The Structure of Scientific Revolutions. 1962")."""
    end = _NUMBER_END.search(last_line)
    if end is None:
        return False
    lines = stripped.rsplit("\n", 3)[-3:-1]
    width = len(end.group(0))
    return len(lines) == 2 and all(
        (m := _NUMBER_END.search(x.strip())) is not None and len(m.group(0)) == width for x in lines
    )


_UNITS = (  # noqa: SIM905 - a list of unit symbols reads better as text
    "mm cm m km ft yd nm µm μm mg g kg oz lb lbs ns µs μs ms s min h "
    "°C °F ºC ºF K B bits bytes kB KB MB GB TB PB KiB MiB GiB TiB "
    "J kJ cal kcal Wh kWh W kW MW V mA Hz kHz MHz GHz ml mL L Pa kPa hPa atm bar psi "
    "km/h m/s mph rpm % ‰"
).split()
_QUANTITY_END = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)*\s?(?:"
    + "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
    + r")$"
)
"""A number and a unit of measure at the very end ("... corresponde a 86 °F", "... 1024 bytes"):
a result stated as a quantity, which chat answers often leave without a full stop. The units
are the common SI and customary symbols; those that also start a word after a number ("150 mi"
of "milhões", "3 in" of "instances", "2 l" of "litros", "5 t") are left out."""


_EQUATION_END = re.compile(r"[=≈≡]\s*[^=≈≡\s][^=≈≡]{0,23}$")
_WORD_IN_TAIL = re.compile(r"[^\W\d_]{4,}")


def _equation_end(last_line: str) -> bool:
    """Whether the last line ends on an equation's right-hand side ("A = π·r²",
    "M = C·(1 + i)^t", "7 × 8 = 56"): a short tail after the last "=" with no word in it, the
    formula an answer states as its result."""
    end = _EQUATION_END.search(last_line)
    return end is not None and _WORD_IN_TAIL.search(end.group(0)) is None


_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+[A-ZÀ-Ý0-9\"“«(]")
"""A sentence that ends inside a text, the next one starting ("É 150. Basta"): a terse answer
of two sentences whose last one stops without a full stop was cut, not written terse."""


_DOUBLE_TICK_SPAN = re.compile(r"``.+?``")
"""A code span in double backticks, which may hold a single one ("``a`b``")."""


VERSE_LINES = 3
VERSE_LINE_WORDS = 10
"""Lines of verse: at least `VERSE_LINES` lines (blank ones apart), each of at most
`VERSE_LINE_WORDS` words, none a list item, heading or table row. A poem's last line needs no
full stop ("Alarm sings too soon / coffee steams against the gray / the week clears its
throat"); it is judged as a short last line (its last word must be able to end it)."""


_VERSE_SLASH = re.compile(r"\s/\s")
"""Lines of verse written on one line ("Alarm screams again / coffee fails to wake my soul /
five days until rest")."""

_LAUGHTER_END = re.compile(
    r"(?<![^\W\d_])(?:k{3,}|(?:ha){2,}h?|(?:he){2,}|(?:hue){2,}|rs(?:rs)*|lol|lmao)$"
)
"""Laughter that ends a chat message ("...isso é problema de hardware kkk", "haha"): how a
casual reply ends, not where a cut fell."""


def _ends_on_hashtags(last_line: str) -> bool:
    """Whether a line ends on hashtags that follow a finished sentence or a symbol ("...worth
    the wait. 🍞 #sourdough #homebaking"): how a caption or a post ends, not where a cut fell
    (not "...inside the #chloroplast", a word of the sentence)."""
    words = last_line.split()
    tags = 0
    while tags < len(words) and words[-1 - tags].startswith("#"):
        tags += 1
    if not tags or not words[-1][1:2].isalnum():
        return False
    before = words[-1 - tags][-1:] if tags < len(words) else ""
    return before != "" and not before.isalnum()


def _in_verse(stripped: str) -> bool:
    lines = [line.strip() for line in _VERSE_SLASH.sub("\n", stripped).split("\n") if line.strip()]
    return len(lines) >= VERSE_LINES and all(
        len(line.split()) <= VERSE_LINE_WORDS
        and _LIST_ITEM.match(line) is None
        and not line.startswith(("#", "|", "`", ">"))
        for line in lines
    )


def _truncated(
    answer: str,
    answer_words: list[str],
    finished: bool | None,
    prompt_language: str | None = None,
) -> OutputFailure | None:
    if finished is False:
        return OutputFailure(
            FailureKind.TRUNCATED, "truncated: hit max_new_tokens before the end of turn"
        )
    stripped = answer.rstrip()
    if not stripped:
        return None
    last_line = stripped.rsplit("\n", 1)[-1].strip()
    cut = _cut_markdown_block(answer, stripped, last_line)
    if cut is not None:
        return cut
    if "\n" in stripped and stripped[-1] not in _COMPLETE_END:
        cut = _cut_section(stripped, last_line)
        if cut is not None:
            return cut
    if "\n" in stripped or "**" in stripped:
        cut = _cut_after_label(stripped, last_line)
        if cut is not None:
            return cut
    last_char = stripped[-1]
    if (
        last_char == "`"
        and "```" not in last_line
        and _DOUBLE_TICK_SPAN.sub("", last_line).count("`") % 2 == 1
    ):
        # "Use `^\d{5}$`. O `": the mark opens a code span that never came
        return OutputFailure(
            FailureKind.TRUNCATED, "truncated: ends on the opening mark of a code span"
        )
    if (
        "`" in last_line
        and "```" not in last_line
        and _left_open(_NAMED_TICK.sub("", _DOUBLE_TICK_SPAN.sub("", last_line))) == "`"
    ):
        # "`=TRIM(A1)", "Use `=TRIM(A1).": a code span that never closed, whatever the last
        # character (not the mark named: "The grave accent (`) is a diacritic.")
        return OutputFailure(FailureKind.TRUNCATED, "truncated: ends inside an open '`'")
    if last_char in "\"'" and stripped[-2:-1].isspace():
        # 'In Spanish, "': a straight quote after a space opens a quotation that never came
        return OutputFailure(
            FailureKind.TRUNCATED, "truncated: ends on the opening mark of a quotation"
        )
    if last_char == "." and stripped[-2:-1].isdigit() and _left_open(last_line) == "(":
        # "About 202°F (94.": a decimal point inside a parenthesis that never closed
        return OutputFailure(FailureKind.TRUNCATED, "truncated: ends inside an open '('")
    if last_char in _COMPLETE_END or not (last_char.isalnum() or last_char in _OPEN_END):
        return None  # punctuation, closing marks, emoji and symbols end an answer
    opened = _left_open(last_line)
    if opened is not None:
        return OutputFailure(FailureKind.TRUNCATED, f"truncated: ends inside an open {opened!r}")
    if last_line.startswith(("#", "|", "```", "http")) or _LINK_DEFINITION.match(last_line):
        return None
    if last_char in _OPEN_END:
        return OutputFailure(
            FailureKind.TRUNCATED, f"truncated: ends mid-sentence on {last_char!r}"
        )
    if _LAUGHTER_END.search(last_line.lower()) or _ends_on_hashtags(last_line):
        return None
    words = last_line.split()
    item = _LIST_ITEM.match(last_line)
    if item is not None:
        cut = _cut_list_item(stripped, last_line, item, answer_words, prompt_language)
        if cut is not None:
            return cut
    if item is None and _closing_note(stripped, last_line):
        # "Tip: let it rest 5 minutes" under items written without stops: read as one of them
        language = language_of(answer_words) or prompt_language
        return (
            _dangling_end(stripped, answer_words, prompt_language)
            or _cut_mid_word(stripped)
            or _ends_on_scrap(last_line, language, "the closing note")
        )
    if (
        item is None
        and typed_prose(stripped)
        # longer than the terse line below, which is read as before
        and len(stripped.split(maxsplit=3 * MIN_CUT_WORDS)) >= 3 * MIN_CUT_WORDS
    ):
        # a reply typed in lowercase ("portugal, its the second biggest city there, up north on
        # the douro river") ends without a stop as often as with one; a model's answer, and a
        # cut of one, keeps its capitals: a cut here only where the last word cannot end it
        if typed_prose_cut(stripped):
            return OutputFailure(
                FailureKind.TRUNCATED,
                f"truncated: a typed reply stops short ({_quote(' '.join(words[-4:]))})",
            )
        return _dangling_end(stripped, answer_words, prompt_language)
    if (
        len(words) < MIN_CUT_WORDS
        or _in_verse(stripped)
        or (item is not None and (len(words) < 12 or _like_its_siblings(stripped, item)))
        or (
            last_line.count(" ")
            and "\n" not in stripped
            and len(stripped.split()) < 3 * MIN_CUT_WORDS
            and _INNER_SENTENCE_END.search(stripped) is None
        )
    ):
        # a short last line, a list item, a terse one-line answer: no cut unless the last
        # word cannot end it or is only the start of a word (the word lists load here)
        return _dangling_end(stripped, answer_words, prompt_language) or _cut_mid_word(stripped)
    if (
        _number_column(stripped, last_line)
        or _QUANTITY_END.search(last_line)
        or _equation_end(last_line)
    ):
        return None
    return OutputFailure(
        FailureKind.TRUNCATED, f"truncated: ends mid-sentence ({_quote(' '.join(words[-4:]))})"
    )


# -- template leaks ------------------------------------------------------------------------

_TOKEN_LEAK = re.compile(
    r"<\|[A-Za-z_][\w.-]*\|>"  # Llama 3 <|eot_id|>, ChatML <|im_start|>, <|endoftext|>, Phi...
    r"|</?(?:start_of_turn|end_of_turn|bos|eos|s|pad|unk)>"  # Gemma, SentencePiece
    r"|\[/?INST\]|<</?SYS>>"  # Llama 2 / Mistral
)
_ROLE_LINE = re.compile(
    r"^(?:###\s*)?(?:Instruction|Response|Human|Assistant|User|System)\s*:\s*$"
    r"|^(?:user|assistant|system|model)\s*$",  # bare role headers once the tokens are stripped
    re.MULTILINE,
)
"""Two searches, each only where it can match: tokens start with "<" or "[" (the engine skips
to those), a role header is a line of its own (a line break and a role word are needed)."""


_ROLE_HINTS = ("user", "assistant", "system", "model", "instruction", "response", "human")
"""Looked for in `lowered` of the answer (the same as in ``answer.lower()``): every role word of
`_ROLE_LINE`, lowercased."""


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether any of `needles` is in `text` (a loop: no generator to build per call)."""
    for needle in needles:  # noqa: SIM110 - any() builds a generator each call
        if needle in text:
            return True
    return False


_ROLE_FIRST = frozenset("#IRHAUSuasm")
"""The characters a `_ROLE_LINE` match can start with ("###" or the first letter of a role)."""


def _role_line(answer: str) -> re.Match[str] | None:
    """``_ROLE_LINE.search(answer)``, tried only where a match can start: at a line start (every
    branch begins with ``^``) whose first character is in `_ROLE_FIRST`. A search tries every
    character of the text; an answer has far fewer lines than characters."""
    pos = 0
    while True:
        if answer[pos : pos + 1] in _ROLE_FIRST:
            found = _ROLE_LINE.match(answer, pos)
            if found is not None:
                return found
        pos = answer.find("\n", pos) + 1
        if not pos:
            return None


def _leak_match(answer: str) -> re.Match[str] | None:
    """The first chat-template token or role-header line of `answer` (the two families start
    on different characters, so the first of the two matches is the first of either)."""
    token = _TOKEN_LEAK.search(answer) if "<" in answer or "[" in answer else None
    role = None
    # a whole one-line answer "assistant" has no template to leak
    if "\n" in answer and _holds_any(lowered(answer), _ROLE_HINTS):
        role = _role_line(answer)
    if role is None or (token is not None and token.start() < role.start()):
        return token
    return role


def _template_leak(answer: str, special_tokens: Collection[str]) -> OutputFailure | None:
    found = _leak_match(answer)
    if found is not None:
        return OutputFailure(
            FailureKind.TEMPLATE_LEAK,
            f"chat-template leak: {_quote(found.group(0).strip())} in the answer",
        )
    for token in special_tokens:
        if token and token in answer:
            return OutputFailure(
                FailureKind.TEMPLATE_LEAK, f"special-token leak: {_quote(token)} in the answer"
            )
    return None


# -- skeletons and placeholders ------------------------------------------------------------

_SLOT = re.compile(r"\[([^\[\]\n]{2,80})\]")
_UPPER_SLOT = re.compile(r"(?=[^A-ZÀ-Þ]{0,8}[A-ZÀ-Þ])[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9 _/&,.:%-]*")
"""A slot's label: capitals (digits may open it, "[0XFF]", but a capital comes within its first
nine characters: "[1]" and "[2023]" are citations and years)."""
_CURLY = re.compile(r"(?<![\\$^_}\w])\{\{?\s*[A-Za-z_][\w .-]{0,40}\}\}?")
_ANGLE_SLOT = re.compile(r"<(?:[A-ZÀ-Þ_]{3,}|[a-zà-ÿ_]+ (?:aqui|here))>")
_STUB_MARKER = re.compile(
    # "TODO" is also Portuguese for "all" written in capitals ("o TODO", "e TODO o framework"):
    # a marker only where notes put it (line start or end, a bracket, before ':' or '(').
    r"(?:^|(?<=[\[(#/*>-])|(?<=[\[(#/*>-] ))\s*TODO(?![\w])"
    r"|(?<![\w])TODO(?:\s*[:(\]]|[ \t]*$)"
    r"|(?<![\w])(?:TBD|FIXME|PLACEHOLDER|INSERT\s+\w+\s+HERE)(?![\w])"
    r"|(?ai:lorem ipsum|insira aqui|insert here|a preencher|to be written|to be filled)",
    re.MULTILINE,
)
_STUB_HINTS = ("TODO", "TBD", "FIXME", "PLACEHOLDER", "INSERT")
_STUB_HINTS_LOWER = (
    "lorem ipsum",
    "insira aqui",
    "insert here",
    "a preencher",
    "to be written",
    "to be filled",
)
"""Looked for in `lowered` of the answer: the same as in ``answer.lower()``. The whole phrases of
`_STUB_MARKER`'s case-blind branch: a shorter hint ("to be ") sends ordinary English prose through
the marker regex, which costs a hundred times the substring tests."""
_ELLIPSIS_LINE = re.compile(r"(?:\.\.\.|…)\s*$", re.MULTILINE)
_CODE = re.compile(r"```.*?(?:```|$)|" + _CODE_SPAN.pattern, re.DOTALL)
"""A fenced block (closed or running to the end) or an inline code span (`_CODE_SPAN`)."""


def _occurrences(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _stub_marker(text: str) -> re.Match[str] | None:
    """``_STUB_MARKER.search(text)``, tried only where a match can start. Every match but the
    case-blind phrases' holds one of `_STUB_HINTS` and starts on it or on the whitespace right
    before it, so those few positions are tried, in order, instead of every character ("TODO" is
    also Portuguese for "ALL": prose in capitals has it). The case-blind phrases, rare, keep the
    plain search (their positions in ``text.lower()`` can differ from those in the text). No
    hint of either kind (most answers): None, after one substring test per hint."""
    if _holds_any(lowered(text), _STUB_HINTS_LOWER):
        return _STUB_MARKER.search(text)
    if not _holds_any(text, _STUB_HINTS):
        return None
    for hint_at in sorted(at for hint in _STUB_HINTS for at in _occurrences(text, hint)):
        start = hint_at
        while start and text[start - 1].isspace():
            start -= 1
        for at in range(start, hint_at + 1):
            found = _STUB_MARKER.match(text, at)
            if found is not None:
                return found
    return None


SECTION_BODY_WORDS = 8
"""Words a bracketed heading's section needs ("[VEREDITO FINAL]" and the lines under it) to be
a heading and not an unfilled slot."""


def _heads_a_section(text: str, slot: re.Match[str]) -> bool:
    """True when the slot is a line of its own with its section right under it: lines of
    content (no blank line between) that hold `SECTION_BODY_WORDS` words and do not end in
    "...". A slot with nothing under it, another slot, or a blank line is unfilled."""
    start, end = slot.span()
    if text[text.rfind("\n", 0, start) + 1 : start].strip() or not text.startswith("\n", end):
        return False
    body_end = text.find("\n\n", end)
    body = text[end + 1 : body_end if body_end >= 0 else len(text)].rstrip()
    first = body.split("\n", 1)[0].strip()
    if not first or _SLOT.fullmatch(first) or body.endswith(("...", "…")):
        return False
    return len(body.split()) >= SECTION_BODY_WORDS


def _skeleton(answer: str, n_words: int) -> OutputFailure | None:
    text = _CODE.sub(" ", answer) if "`" in answer else answer
    stub = _stub_marker(text)
    if stub is not None:
        return OutputFailure(FailureKind.SKELETON, f"placeholder: {_quote(stub.group(0))}")
    if "[" in text:
        slots = [
            m.group(1)
            for m in _SLOT.finditer(text)
            if _UPPER_SLOT.fullmatch(m.group(1).strip()) and not _heads_a_section(text, m)
        ]
        if slots:
            multiword = [
                s
                for s in slots
                if len(s.split()) >= 2 and not s.strip().isdigit() and f"[{s}]:" not in text
            ]  # "[RFC 6455]" with a "[RFC 6455]: https://..." line is a link, not a slot
            if multiword:
                return OutputFailure(
                    FailureKind.SKELETON, f"unfilled slot: {_quote('[' + multiword[0] + ']')}"
                )
            slot_words = sum(len(WORD.findall(s)) for s in slots)
            if len(slots) >= 2 and n_words - slot_words < 8 * len(slots):
                return OutputFailure(
                    FailureKind.SKELETON,
                    f"skeleton: {len(slots)} section labels ({_quote('[' + slots[0] + ']')}...) "
                    "with little content",
                )
    if "{" in text:
        curly = _CURLY.search(text)
        if curly is not None:
            return OutputFailure(FailureKind.SKELETON, f"template slot: {_quote(curly.group(0))}")
    if "<" in text:
        angle = _ANGLE_SLOT.search(text)
        if angle is not None:
            return OutputFailure(FailureKind.SKELETON, f"template slot: {_quote(angle.group(0))}")
    if "..." in text or "…" in text:
        stripped = text.rstrip()
        if stripped.endswith(("...", "…")) and not stripped.endswith("...."):
            tail = stripped.rsplit("\n", 1)[-1].strip()
            return OutputFailure(
                FailureKind.SKELETON, f"unfinished: ends in '...' ({_quote(tail[-40:])})"
            )
        # two stubs need two ellipses: counting them (C) spares the line regex most answers
        if (
            text.count("...") + text.count("…") >= 2
            and len(stubs := _ELLIPSIS_LINE.findall(text)) >= 2
        ):
            return OutputFailure(
                FailureKind.SKELETON, f"skeleton: {len(stubs)} lines end in '...' (stubs)"
            )
    return None


# -- prompt echo ---------------------------------------------------------------------------

MIN_ECHO_WORDS = 3
"""Prompts shorter than this are too short to tell an echo from an answer that names its topic."""
ECHO_SHARE = 0.8
"""An answer made of at least this share of the prompt's own words..."""
ECHO_EXTRA_WORDS = 12
"""...or the prompt followed by fewer new words than this, says nothing new."""


def _works_on_material(material: QuotedMaterial | None, words: list[str]) -> bool:
    """Whether an answer that reuses the prompt's words reuses its quoted passage, as a summary
    or a rewrite must, rather than repeating the request or copying the passage whole."""
    if material is None:
        return False
    if not SORT_REQUESTS.isdisjoint(material.request):
        # the items sorted into the groups the request names: the passage's words, moved
        items = {w for p in material.passages for w in p}
        order = tuple(w for w in words if w in items)
        return (
            items <= set(words)  # every item placed ("Fruits: apple. Vegetables: ..." lacks one)
            and all(order != p for p in material.passages)
        )
    vocab = set(material.request)
    if sum(map(vocab.__contains__, words)) >= ECHO_SHARE * len(words):
        return False  # made of the request's own words
    if not vocab.intersection(words) and all(tuple(words) != p for p in material.passages):
        return True  # a passage corrected: its words, some changed, none of the request's
    answer = set(words)
    return not any(
        len(answer.intersection(p)) >= ECHO_SHARE * len(set(p)) for p in material.passages
    )  # a copy holds (nearly) every word of a passage; a summary or a rewrite does not


def _new_number(words: list[str], start: int, n: int, prompt_words: list[str]) -> bool:
    """Whether the words around the echoed prompt hold a number the prompt lacks: "A raiz
    quadrada de 196 é 14, pois 14 × 14 = 196" restates a short question and answers it."""
    asked = set(prompt_words)
    return any(w.isdigit() and w not in asked for w in (*words[:start], *words[start + n :]))


def _answers_restated(texts: tuple[str, str] | None) -> bool:
    """Whether an answer that restates its prompt (`texts`: the prompt and the answer as
    written) also states a fact of its own (`judges.text.states_fact`) and ends as written: "A
    capital do Peru é **Lima**.", not "O que é virtude? - Açún\n\nThe Spanish", a restated
    question cut short after two words of another language (its last word is no full stop,
    and a capitalized word there is no name but where the cut fell). The side a choice picks is
    such a fact: "Affect." for "affect or effect: the rain will ___ the game"."""
    if texts is None:
        return False
    prompt, answer = texts
    ending = answer.rstrip()[-1:]
    if not ending or ending.isalpha():
        return False
    if states_fact(prompt, answer):
        return True
    if len(answer.split()) > CHOICE_ANSWER_WORDS:
        return False  # "Iniciante violão nylon tem muitos aspectos...": the prompt, restated
    if picks_listed_option(prompt, answer):
        return True  # "O planeta Vênus." for "Qual planeta...: Mercúrio, Vênus ou Marte?"
    p = prompt_features(prompt)
    if not (p.choosing and p.comparing is not None and picks_side(p, answer)):
        return False
    # the side's words only ("Affect.", "Not affect."), not the prompt's others ("The rain
    # affect." echoes "the rain will ___ the game")
    content = {w[:STEM_CHARS] for w in folded_words(answer) if w not in STOPWORDS}
    return any(content <= set(side.split()) | NEGATIONS for side in p.comparing)


CHOICE_ANSWER_WORDS = 3
"""A side of a choice given as the answer, in the prompt's words, holds at most this many
("Affect.", "Not affect.")."""


def _echo(
    prompt_words: list[str],
    words: list[str],
    material: QuotedMaterial | None = None,
    texts: tuple[str, str] | None = None,
) -> OutputFailure | None:
    """An answer made of its prompt's words, or the prompt followed by a few words of its own;
    not one that, with the prompt's words, states a fact of its own (`texts`: the prompt and the
    answer as written, for `judges.text.states_fact`): "A capital do Peru é **Lima**...",
    "Seis jogadores por time em quadra." restate a short question and answer it."""
    if len(prompt_words) < MIN_ECHO_WORDS:
        return None
    if len(words) <= 3 * len(prompt_words) + 10:  # the cheap half of the test first
        vocab = set(prompt_words)
        in_prompt = sum(map(vocab.__contains__, words))
        if (
            in_prompt >= ECHO_SHARE * len(words)
            and not _works_on_material(material, words)
            and not _answers_restated(texts)
        ):
            return OutputFailure(
                FailureKind.ECHO,
                f"echoes the prompt: {in_prompt} of its {len(words)} words are the prompt's",
            )
    n = len(prompt_words)
    first = prompt_words[0]
    for start in range(min(3, len(words))):
        if words[start] == first and words[start : start + n] == prompt_words:
            extra = len(words) - n
            if (
                extra < ECHO_EXTRA_WORDS
                and not _new_number(words, start, n, prompt_words)
                and not _answers_restated(texts)
            ):
                return OutputFailure(
                    FailureKind.ECHO, f"echoes the prompt, then only {extra} words of its own"
                )
            break
    return None


# -- language ------------------------------------------------------------------------------


_TITLE_ASKED = word_set("title titles titulo titulos headline headlines manchete manchetes")


def _title_given(prompt_words: list[str], answer: str) -> bool:
    """Whether a prompt that asks for a title (`_TITLE_ASKED`) is answered by one, written as
    titles are, without a stop (`judges.text.titled`: "Campo inteligente: como a IA está
    transformando a agricultura"): no sentence cut short."""
    return not _TITLE_ASKED.isdisjoint(prompt_words) and titled(answer)


def _truncation(
    prompt_words: list[str],
    answer: str,
    words: list[str],
    finished: bool | None,
    prompt_language: str | None,
) -> OutputFailure | None:
    """`_truncated`, but for a title asked for and given as one (`_title_given`), which ends
    without a stop unless generation hit its token limit: what `detect_python` and the
    prescreen's shape checks both run."""
    if finished is not False and _title_given(prompt_words, answer):
        return None
    return _truncated(answer, words, finished, prompt_language)


@functools.lru_cache(maxsize=8192)
def _prompt_words(prompt: str) -> tuple[list[str], str | None, QuotedMaterial | None]:
    """The prompt's folded words, its language and its quoted material (cached: a batch judges
    many answers to one prompt, an evaluation the same prompts every epoch)."""
    words = folded_words(prompt)
    return words, language_of(words, min_hits=2), quoted_material(prompt)


def _language(
    prompt_language: str | None, words: list[str], answer: str, prompt: str
) -> OutputFailure | None:
    """An answer in another language than its prompt's, by function words (`words`: the
    answer's, folded); a short answer with too few of them, by its content words."""
    if prompt_language is None:
        return None
    answer_language = language_of(words, min_hits=2 * MIN_LANGUAGE_HITS)
    if (
        answer_language is None
        and answer
        and len(answer) <= SHORT_ANSWER_CHARS
        and prompt_language in _GRAMMAR_WORDS  # content words tell Portuguese and English only
        and language_of(words) is None
        and not _answer_may_differ(prompt)
        and not _names_a_title(answer)
    ):
        # too few function words in a short answer: its content words tell ("Uns 10 a 12
        # minutos depois que a água ferver" for "how long is a US passport valid for?")
        return _answered_in_other_words(prompt_language, words, answer)
    if answer_language is None or answer_language == prompt_language:
        return None
    return OutputFailure(
        FailureKind.LANGUAGE,
        f"answers in {answer_language} to a question in {prompt_language}",
    )


SHORT_ANSWER_CHARS = 300
"""An answer of at most this many characters may hold too few function words to tell its
language (`language_of`); its content words are weighed then (`_answered_in_other_words`)."""
LEXICAL_ANSWER_MARGIN = 2.0
"""An answer's own language, by its content words, must pass this many times
`background.LEXICAL_MARGIN` before it is called another than its prompt's: an answer is longer
than a prompt, and a few English terms ("stage", "commit", "home office") belong to Portuguese
answers too."""
_GRAMMAR_WORDS = {
    "Portuguese": word_set(
        "de da dos das em na nos nas para pra por que os um uma nao mais pelo pela"
    ),
    "English": word_set("the of and to in for with is are that this it on by be was were has have"),
}
"""...and an answer with one of its prompt's language's grammar words (none of them a word of the
other language too: not "a", "as", "do", "no") is in that language, whatever terms of another it
uses ("Dopamine = RPE... Noesis implementa para ajustar learning rate dinamicamente.")."""
_CODE_MARKS = re.compile(r"`|^ {4,}\S|[{}]\s*$|^\s*\$ \w", re.MULTILINE)
"""Code in an answer (backticks, lines indented four spaces, a brace ending a line, a shell
prompt opening one): its words are a programming language's, which read as English."""


_LIST_ITEM_WORDS = 4
"""...and an answer whose every comma-separated item has at most this many words is a list of
names, titles or dishes ("Docker, Kubernetes, Terraform", "It, The Shining, Misery",
"Feijoada, moqueca, pão de queijo"), which are the words of no sentence in either language."""


def _names_only(answer: str) -> bool:
    """Whether `answer` is a bare list of three or more short items (`_LIST_ITEM_WORDS`)."""
    items = [i for i in re.split(r"[,;\n]|\s(?:e|and|ou|or)\s", answer.strip().rstrip(".!")) if i]
    return len(items) >= 3 and all(len(i.split()) <= _LIST_ITEM_WORDS for i in items)


@functools.lru_cache(maxsize=8192)
def _lexical_prompt_language(prompt: str) -> str | None:
    """The language of a prompt whose function words do not tell it, by its content words
    (`background.lexical_language`); None for a translation, a term's meaning, a passage to rework
    or a tool's question, whose answer may rightly be in other words (cached per prompt)."""
    if _answer_may_differ(prompt):
        return None
    return lexical_language(_prompt_words(prompt)[0])


def _answer_may_differ(prompt: str) -> bool:
    """Whether a prompt's answer may rightly be in other words than its language's: a
    translation, a term's meaning, a passage to rework, a tool's question ("qual o comando do
    git para desfazer o último commit")."""
    words, _, material = _prompt_words(prompt)
    return material is not None or asks_about_words(prompt) or not TOOLS.isdisjoint(words)


def _lexical_language(prompt: str, words: list[str], answer: str) -> OutputFailure | None:
    """The language check for a prompt too short for function words (`_language`): both
    languages by their content words, the answer's by a wider margin; code and a bare list of
    names left out."""
    return _answered_in_other_words(_lexical_prompt_language(prompt), words, answer)


TITLE_CAPITALS = 2
"""A short answer with this many capitalized words after its first names a title or a person
("Harry Potter and the Philosopher's Stone (2001).", "Stairway to Heaven, do Led Zeppelin."),
whose words are that title's language, not the answer's."""


def _names_a_title(answer: str) -> bool:
    """Whether `answer` holds `TITLE_CAPITALS` capitalized words after its first."""
    return sum(w[:1].isupper() for w in answer.split()[1:]) >= TITLE_CAPITALS


def _answered_in_other_words(
    asked: str | None, words: list[str], answer: str
) -> OutputFailure | None:
    """An answer in another language than `asked` by its content words (a wider margin than a
    prompt's), unless it is code, a bare list of names or uses `asked`'s grammar words."""
    if asked is None:
        return None
    answered = lexical_language(words, margin=LEXICAL_MARGIN * LEXICAL_ANSWER_MARGIN)
    if answered is None or answered == asked:
        return None
    if _CODE_MARKS.search(answer) is not None or _names_only(answer):
        return None
    if not _GRAMMAR_WORDS[asked].isdisjoint(words):
        return None  # terms of another language in the prompt's grammar: "Dopamine = RPE..."
    return OutputFailure(
        FailureKind.LANGUAGE, f"answers in {answered} to a question in {asked} (by its words)"
    )


# -- the API -------------------------------------------------------------------------------


def detect(
    prompt: str,
    answer: str,
    *,
    finished: bool | None = None,
    special_tokens: Collection[str] = (),
) -> list[OutputFailure]:
    """Every failure of `answer` to `prompt`, most telling first (empty, leak, loop, ...).

    `finished`: False when generation stopped at `max_new_tokens` without an end-of-turn token
    (True or None: judge the ending from the text). `special_tokens`: the tokenizer's own special
    tokens, on top of the Llama 3, ChatML, Gemma and Llama 2 markers always looked for.

    Where the native prescreen is built, an answer it shows to be free of every failure is passed
    in one C pass; all others, and every answer without it, go through the Python detectors
    below, which stay the definition (`detect_python`)."""
    if finished is not False and not (
        special_tokens and any(t and t in answer for t in special_tokens)
    ):
        settled = _prescreened(prompt, answer, finished, special_tokens)
        if settled is not None:
            return settled
    return detect_python(prompt, answer, finished=finished, special_tokens=special_tokens)


def detect_python(
    prompt: str,
    answer: str,
    *,
    finished: bool | None = None,
    special_tokens: Collection[str] = (),
) -> list[OutputFailure]:
    """`detect` without the native prescreen: the detectors themselves, in Python."""
    words = folded_words(answer)
    empty = _empty(words)
    if empty is not None and not (len(words) == 1 and _one_word_answer(prompt, answer)):
        return [empty]
    prompt_words, prompt_language, material = _prompt_words(prompt)
    found = [
        _template_leak(answer, special_tokens),
        _loop(answer, words),
        _skeleton(answer, len(words)),
        # what it restates, read without its sign-off ("The Ionic order. 🙂")
        _echo(prompt_words, words, material, (prompt, without_sign_off(answer))),
        _truncation(prompt_words, answer, words, finished, prompt_language),
        _language(prompt_language, words, answer, prompt)
        if prompt_language is not None
        else _lexical_language(prompt, words, answer),
    ]
    return [f for f in found if f is not None]


MISPLACED_MIN_COVERAGE = 0.75
"""An answer takes up at least this share of another prompt's topic stems (two or more)..."""
MISPLACED_RATIO = 3.0
"""...and this many times the share of its own prompt's stems it takes up."""
_COMMON_STEM_SHARE = 0.2
"""Stems found in more than this share of the batch's prompts do not propose candidates."""


def detect_batch(
    items: Sequence[tuple[str, str]],
    *,
    finished: Sequence[bool | None] | None = None,
    special_tokens: Collection[str] = (),
    misplaced_too: bool = True,
) -> list[list[OutputFailure]]:
    """`detect` on every (prompt, answer), plus MISPLACED: an answer that takes up another prompt
    of the batch clearly better than its own (lexical topic coverage; prompts that differ only in
    framing share a topic and never count as "other"), and an answer cut where the batch's
    answers end with a full stop (`cut_against_style`). `misplaced_too` False: no MISPLACED,
    which is not in the Tribunal's default gate."""
    if finished is not None and len(finished) != len(items):
        raise ValueError(f"finished has {len(finished)} flags for {len(items)} items")
    out = [
        detect(
            p, a, finished=None if finished is None else finished[i], special_tokens=special_tokens
        )
        for i, (p, a) in enumerate(items)
    ]
    for i, failure in (misplaced(items) if misplaced_too else {}).items():
        if not any(f.kind is FailureKind.EMPTY for f in out[i]):
            out[i].append(failure)
    for i, failure in cut_against_style(items).items():
        if not out[i]:
            out[i].append(failure)
    return out


STYLE_MIN_WORDS = 8
"""Answers of at least this many words show how a batch's answers end (`cut_against_style`)."""
STYLE_MIN_ANSWERS = 8
"""...and at least this many of them must be in the batch."""
_STANDS_ALONE = re.compile(r"\d|[/@:]|\w\.\w")
"""A last word with a digit, a slash, an at sign, a colon or a dot inside ("$68", "HEAD~1",
"https://docs.python.org/3/", "support@example.com", "nginx.conf"): a figure, an address or a
file name, which end an answer without a stop as often as with one."""
STYLE_LIST_ITEMS = 3
"""...nor a run-in list of this many items or more ("Russia, Canada, China, the United States
and Brazil"), which names its members without a stop as often as with one."""
STYLE_SHARE = 0.9
"""The share of those that must end with a full stop (or another closing mark) for an answer
that stops on a word to read as cut."""


def cut_against_style(items: Sequence[tuple[str, str]]) -> dict[int, OutputFailure]:
    """Answers cut short in a batch whose answers are written to a full stop: where at least
    `STYLE_SHARE` of the answers of `STYLE_MIN_WORDS` words or more end with one, a one-line
    answer that stops on a word ("O MEI fatura até R$ 81 mi") was cut, not written terse; a
    model writes its answers alike. Not a figure or a quantity, an equation, laughter, code or a
    command for a how-to ("wc -l arquivo.txt", "...the discounted price is $68"), which end
    without a stop as often. The per-answer check (`detect`) lets a terse line without a stop
    through: chat answers often are ("240 ml"). Nor a bare term (`judges.text.bare_term`),
    verse, or the slogan, title or search result a prompt asks for. Index -> failure, for
    the answers this finds."""
    ended = [
        without_sign_off(answer).rstrip()[-1:] in _COMPLETE_END
        for _, answer in items
        if len(answer.split(maxsplit=STYLE_MIN_WORDS)) >= STYLE_MIN_WORDS
    ]
    if len(ended) < STYLE_MIN_ANSWERS or sum(ended) < STYLE_SHARE * len(ended):
        return {}
    out: dict[int, OutputFailure] = {}
    for i, (prompt, answer) in enumerate(items):
        text = answer.rstrip()
        if (
            bare_term(text)  # "The unicorn": a closed question's answer, owed no stop
            or "\n" in text
            or "`" in text
            or not text[-1].isalnum()
            or _STANDS_ALONE.search(text.rsplit(None, 1)[-1]) is not None
            or _QUANTITY_END.search(text)
            or _equation_end(text)
            or _LAUGHTER_END.search(text.lower())
            or _in_verse(text)
        ):
            continue
        p = prompt_features(prompt)
        if (
            p.howto
            or p.wording
            or p.query
            or opening_list(text) >= STYLE_LIST_ITEMS
            or _title_given(_prompt_words(prompt)[0], text)
        ):
            continue  # a command, a slogan or a title, a search's result, a run-in list
        out[i] = OutputFailure(
            FailureKind.TRUNCATED,
            f"truncated: stops mid-sentence ({_quote(' '.join(text.split()[-4:]))}) where the "
            "batch's answers end with a full stop",
        )
    return out


def _misplaced_idf(answers: int, holding: int) -> float:
    """``ln((M + 1) / df)``: a stem every answer uses weighs near 0 (it tells no topic apart)."""
    return math.log((answers + 1) / max(holding, 1))


def misplaced(items: Sequence[tuple[str, str]]) -> dict[int, OutputFailure]:
    """Index -> MISPLACED failure, for the answers that fit another prompt of the batch clearly
    better than their own. Coverage is IDF-weighted over the batch's distinct answers, so that
    words most answers use ("formas", "verdade", "system") say little about which question an
    answer addresses (the weighting is `judges.batch_topics.BatchTopics`, shared with the judges'
    batch relevance: here topics of two stems or more, ``ln((M + 1) / df)``, common stems cut)."""
    from noesis_trainer.tribunal.judges.batch_topics import BatchTopics, batch_topics, topic_stems
    from noesis_trainer.tribunal.judges.text import prompt_features, response_features

    prompts = [prompt_features(prompt) for prompt, _ in items]
    topics = batch_topics(prompts, min_stems=2)
    if len(topics) < 2:
        return {}
    answers = {a: response_features(a).prefixes for _, a in items}
    if len(answers) < 2:
        return {}
    batch = BatchTopics.weigh(topics, answers, idf=_misplaced_idf, common_share=_COMMON_STEM_SHARE)
    example_prompt: dict[str, str] = {}
    for (prompt, _), p in zip(items, prompts, strict=True):
        example_prompt.setdefault(p.topic, prompt)
    found: dict[int, OutputFailure] = {}
    for i, ((_, answer), p) in enumerate(zip(items, prompts, strict=True)):
        if not p.stems:
            continue
        taken = batch.taken[answer]
        own = batch.share(topic_stems(p), taken)
        if own * MISPLACED_RATIO >= 1.0:
            continue
        votes = Counter(batch.other_topics(taken, p.topic, weighted=False))
        for topic, _ in votes.most_common(3):  # the topics sharing most stems with the answer
            other, hits = batch.coverage(topic, taken)
            if other >= MISPLACED_MIN_COVERAGE and hits >= 2 and other >= MISPLACED_RATIO * own:
                found[i] = OutputFailure(
                    FailureKind.MISPLACED,
                    f"answers another prompt of the batch ({_quote(example_prompt[topic], 50)}): "
                    f"covers {other:.0%} of its topic, {own:.0%} of its own",
                )
                break
    return found


def clear_caches() -> None:
    """Forget cached prompt analyses (benchmarks measure cold runs)."""
    _prompt_words.cache_clear()


# -- the native prescreen ------------------------------------------------------------------

NATIVE_ENV = native.NATIVE_ENV
"""Set to 0 to run the Python detectors alone (comparisons, benchmarks, a suspected bug)."""


_WIDE_BLOCKS = (
    (0x0100, 0x0250),  # Latin Extended-A and -B ("ł", "œ", "ș")
    (0x02B0, 0x0400),  # modifier letters, combining marks, Greek ("ᵃ", "π", "Φ")
    (0x1D00, 0x1DC0),  # phonetic extensions (superscript letters)
    (0x1E00, 0x1F00),  # Latin Extended Additional ("ạ", "ế")
    (0x2000, 0x27C0),  # punctuation, super- and subscripts, currency, arrows, math, shapes
    (0x27F0, 0x2800),  # supplemental arrows
    (0x1F300, 0x1FB00),  # emoji
)
"""Blocks of characters outside Latin-1 common in model output, offered to the prescreen."""


def _wide_stand_ins() -> dict[int, int]:
    """Code point -> the first Latin-1 character of the same fold and class (space, letter or
    digit, underscore, symbol), for the characters of `_WIDE_BLOCKS` that have one: "—" and
    "→" read as "\x80" (a symbol folded away), "π" as "µ" (a letter folded away), "⁶" as "6". The
    prescreen's word-level checks (words, loops, echoes, languages) see through it what Python's
    folding gives; the text's shape stays Python's."""

    def kind(c: str) -> tuple[str, bool, bool, bool]:
        return fold(c), c.isspace(), c.isalnum(), c == "_"

    first: dict[tuple[str, bool, bool, bool], int] = {}
    for code in range(256):
        first.setdefault(kind(chr(code)), code)
    table = {}
    for start, end in _WIDE_BLOCKS:
        for code in range(start, end):
            proxy = first.get(kind(chr(code)))
            if proxy is not None:
                table[code] = proxy
    return table


def _load_prescreen() -> ModuleType | None:
    """The compiled prescreen, loaded with this module's own tables and thresholds (one
    definition: the C code has none of its own), or None where it was not built."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.tribunal import _prescreen
    except ImportError:
        return None
    languages = list(PROFILES)
    not_symbol = set(_LATIN1_NOT_SYMBOL)
    _prescreen.setup(
        latin1_word_bytes(),
        bytes(c not in not_symbol for c in range(256)),
        bytes(chr(c).isspace() for c in range(256)),
        # '|', '*', '`' and the straight quotes also end answers, but a table rule, an open
        # "**", a code fence or a quotation that never came ends on them: left to Python.
        bytes(chr(c) in _COMPLETE_END and chr(c) not in "|*`\"'" for c in range(256)),
        {w: languages.index(lang) for lang, words in PROFILES.items() for w in words},
        len(languages),
        {
            "min_words": MIN_WORDS,
            "prefilter_repeats": _PREFILTER_REPEATS,
            "min_symbol_copies": MIN_SYMBOL_COPIES,
            "symbol_tail": _SYMBOL_TAIL,
            "min_echo_words": MIN_ECHO_WORDS,
            "echo_extra_words": ECHO_EXTRA_WORDS,
            "min_language_hits": MIN_LANGUAGE_HITS,
            "echo_share": ECHO_SHARE,
            "language_margin": LANGUAGE_MARGIN,
        },
        _wide_stand_ins(),
    )
    return _prescreen


_PRESCREEN = _load_prescreen()
_SCREEN: Callable[[str, str], int] | None = None if _PRESCREEN is None else _PRESCREEN.screen
SHAPE_LEFT = 1
"""`_prescreen.screen`: the word-level detectors (empty, loop, echo, language by function words)
surely find nothing; the text's shape (markup, its ending, a line that may open a role header)
is left to the leak, skeleton and truncation detectors. (0: nothing left to run.)"""
NOT_SCREENED = 2
"""`_prescreen.screen`: nothing shown, every detector runs."""


def _prescreened(
    prompt: str,
    answer: str,
    finished: bool | None = None,
    special_tokens: Collection[str] = (),
) -> list[OutputFailure] | None:
    """`detect`'s failures where the native prescreen settles them (None: run the detectors).
    Where it leaves the text's shape in doubt (`SHAPE_LEFT`: code, a link, a heading, a "[1]"),
    the shape detectors run, in `detect_python`'s order. The prescreen weighs languages by
    function words only; a prompt too short for them still has its content words
    (`_lexical_language`), and so has a short answer too short for them under a prompt they
    tell (`_language`): the checks left to run then."""
    left = NOT_SCREENED if _SCREEN is None else _SCREEN(prompt, answer)
    if left == NOT_SCREENED:
        return None
    asked = _prompt_words(prompt)[1]
    words: list[str] | None = None
    found: list[OutputFailure | None] = []
    if left == SHAPE_LEFT:
        words = folded_words(answer)
        found = [
            _template_leak(answer, special_tokens),
            _skeleton(answer, len(words)),
            _truncation(_prompt_words(prompt)[0], answer, words, finished, asked),
        ]
    if asked is not None:
        if len(answer) <= SHORT_ANSWER_CHARS:  # a longer answer's function words have told
            words = folded_words(answer) if words is None else words
            found.append(_language(asked, words, answer, prompt))
    elif _lexical_prompt_language(prompt) is not None:  # else the answer need not be folded
        words = folded_words(answer) if words is None else words
        found.append(_lexical_language(prompt, words, answer))
    return [f for f in found if f is not None]


def surely_clean(prompt: str, answer: str) -> bool:
    """True when `detect(prompt, answer)` is surely empty, shown by the native prescreen in one
    pass and the checks it leaves (the shape detectors for an answer with markup, the
    content-word language check for a prompt without function words); False means "run
    `detect`" (and is all it says where the prescreen is not built)."""
    return _prescreened(prompt, answer) == []


def native_prescreen() -> bool:
    """Whether `detect` runs with the compiled prescreen (False: built without a C compiler, or
    turned off with ``NOESIS_NATIVE=0``)."""
    return _PRESCREEN is not None
