"""The language of a text by its function words: cheap, and sure only when one language's
words clearly outnumber the others'. The gate's language check and the judges' translation
check share it. (A text too short for function words: `judges.background.lexical_language`.)"""

from __future__ import annotations

from collections.abc import Collection


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list (the word lists here and in the gate)."""
    return frozenset(text.split())


_WRITTEN_PROFILES: dict[str, frozenset[str]] = {
    # Frequent function words, accent-folded; those two profiles share are dropped below.
    "Portuguese": word_set(
        "nao voce uma com sao tambem isso isto muito do da dos das ao aos pelo pela pelos pelas "
        "ou seu sua seus suas tem mas quando essa esse essas esses entao num numa pode sobre "
        "ja ainda onde mesmo voces nos eles elas sem entre apenas o e um os as qual quais isso foi "
        "seja pode ser"
    ),
    "English": word_set(
        "the and is are of to that it with for this was be not you what how which on "
        "have has can will would there their they from but or an by at as if when"
    ),
    "Spanish": word_set(
        "el los las del es pero muy son sus lo y con un ella esto hay cuando donde puede "
        "tiene esta usted yo mas como tambien sobre entre sin"
    ),
    "French": word_set(
        "le les des est et une du pas pour dans qui ce il sont avec sur au aux vous nous "
        "mais ou cette ces leur tres peut"
    ),
    "German": word_set(
        "der die das und ist nicht ein eine zu den mit sich auf fur dem auch wie ich sie "
        "wir oder aber wenn kann sind"
    ),
    "Italian": word_set(
        "il di che della non sono gli delle anche questo molto essere nel nella per con "
        "ma come piu sua suo questa"
    ),
}
_SHARED = {
    w
    for a in _WRITTEN_PROFILES.values()
    for w in a
    if sum(w in b for b in _WRITTEN_PROFILES.values()) > 1
}
PROFILES: dict[str, frozenset[str]] = {
    lang: words - _SHARED for lang, words in _WRITTEN_PROFILES.items()
}
"""Each language's frequent function words that no other profile shares."""
_ALL_FUNCTION_WORDS = frozenset().union(*PROFILES.values())
MIN_LANGUAGE_HITS = 3
"""Function words needed before a text's language is called at all."""
LANGUAGE_MARGIN = 3.0
"""The winning profile must have this many times the hits of the runner-up."""


def language_of(words: Collection[str], min_hits: int = MIN_LANGUAGE_HITS) -> str | None:
    """The language of accent-folded `words` by distinct function words, or None when unsure."""
    present = _ALL_FUNCTION_WORDS.intersection(words)
    if len(present) < min_hits:
        return None
    hits = sorted((len(prof.intersection(present)), lang) for lang, prof in PROFILES.items())
    (second, _), (top, lang) = hits[-2], hits[-1]
    if top < min_hits or top < LANGUAGE_MARGIN * second:
        return None
    return lang
