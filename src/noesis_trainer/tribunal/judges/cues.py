"""The words one of which every match of a phrase pattern holds: a cheap test before the regex.

A phrase list such as `lexicon.EVASIONS` is a set of regex fragments over folded text ("vou
(?:te |lhe )?(?:explicar|mostrar)", "(?:e|is) (?:something|algo)"). Python tries such an
alternation at every word start of every answer, which made the evasion scan the largest
single cost of the heuristic judges (docs/benchmarks.md, "Round 23"). `cue_keys` reads a
fragment's parse tree and returns the keys of the words one of which every match must contain,
as the 3- to 5-letter word starts `ResponseFeatures.prefixes` holds ("pergu" for "pergunta",
"vou" for "vou"); an answer whose prefixes hold none of them cannot match, and is not scanned.

`cue_condition` reads more of the same tree: every word a match must hold, with the
alternatives of each choice kept apart ("hard to say" needs "hard" or "diffi"..., and "to", and
"say" or "tell"...), a tighter test that a phrase of common words passes less often.

The keys are a necessary condition only: the regex still decides. Where a fragment has no
literal word that every match holds (it opens with ``\\w+``, say), `cue_keys` gives None and
the fragment is always scanned. It reads the parse tree of Python's own regex parser
(``re._parser``, stable since 3.11); if that ever fails, every fragment is scanned, as before.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Set
from dataclasses import dataclass
from typing import Any, TypeAlias

STEM = 5
"""The longest key: `text.STEM_CHARS`, the longest word start `ResponseFeatures.prefixes` holds."""

_MIN_PREFIX = 3
"""The shortest start of a longer word that is a key (prefixes hold 3-, 4- and 5-letter starts;
a shorter word is a key only whole: "e", "is")."""


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part holds."""

    parts: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one part holds (one per alternative of a choice)."""

    parts: tuple[Cue, ...]


Cue: TypeAlias = "frozenset[str] | AllOf | AnyOf"
"""A necessary condition on an answer's word starts: a set of keys (one of them is there), or
parts that must all, or at least one of them, hold."""


def holds(cue: Cue, keys: Set[str]) -> bool:
    """Whether an answer whose word starts include `keys` (of those `cue_words` lists) meets
    `cue`."""
    if isinstance(cue, AllOf):
        return all(holds(part, keys) for part in cue.parts)
    if isinstance(cue, AnyOf):
        return any(holds(part, keys) for part in cue.parts)
    return not cue.isdisjoint(keys)


def cue_words(cue: Cue) -> frozenset[str]:
    """Every key `cue` names."""
    if isinstance(cue, AllOf | AnyOf):
        return frozenset().union(*map(cue_words, cue.parts))
    return cue


def _parser() -> Any:
    return importlib.import_module("re._parser")


def _is_word_char(code: int) -> bool:
    c = chr(code)
    return c.isascii() and (c.isalpha() or c.isdigit()) and not c.isupper()


def _class_kind(items: Any, constants: Any) -> str:
    """'word' when a character class holds word characters only ("[ao]"), 'other' when it holds
    none ("[:(]"), else 'mixed'."""
    word = other = False
    for op, av in items:
        if op is constants.LITERAL:
            if _is_word_char(av):
                word = True
            else:
                other = True
        elif op is constants.RANGE:
            lo, hi = av
            if all(_is_word_char(c) for c in range(lo, hi + 1)):
                word = True
            elif not any(_is_word_char(c) for c in range(lo, hi + 1)):
                other = True
            else:
                return "mixed"
        elif op is constants.CATEGORY and av in (
            constants.CATEGORY_NOT_WORD,
            constants.CATEGORY_SPACE,
        ):
            other = True
        elif op is constants.CATEGORY and av in (constants.CATEGORY_WORD, constants.CATEGORY_DIGIT):
            word = True
        else:  # NEGATE, the other categories: anything
            return "mixed"
    if word and not other:
        return "word"
    if other and not word:
        return "other"
    return "mixed"


class _Walk:
    """One pass over a sequence of the parse tree, collecting candidate key sets."""

    def __init__(self, constants: Any, boundary: bool) -> None:
        self.c = constants
        self.boundary = boundary  # whether the next item starts at a word boundary
        self.run = ""
        self.run_at_boundary = False
        self.candidates: list[frozenset[str]] = []
        self.conditions: list[Cue] = []
        """The candidates with each choice's alternatives apart (`cue_condition`)."""

    def flush(self, whole: bool) -> None:
        run, self.run = self.run, ""
        if not run or not self.run_at_boundary:
            return
        if whole or len(run) >= _MIN_PREFIX:
            key = frozenset({run[:STEM]})
            self.candidates.append(key)
            self.conditions.append(key)

    def item(self, op: Any, av: Any) -> None:
        c = self.c
        if op is c.LITERAL:
            if _is_word_char(av):
                if not self.run:
                    self.run_at_boundary = self.boundary
                self.run += chr(av)
                self.boundary = False
            else:
                self.flush(whole=True)
                self.boundary = True
        elif op is c.AT:
            apart = av is not c.AT_NON_BOUNDARY  # "^", "$", "\\b": no word runs across it
            self.flush(whole=apart)
            self.boundary = apart
        elif op in (c.ASSERT, c.ASSERT_NOT):
            pass  # zero-width: neither a character nor a boundary of its own
        elif op is c.SUBPATTERN:
            for sub_op, sub_av in av[-1]:
                self.item(sub_op, sub_av)
        elif op is c.BRANCH:
            self.branch(av[1])
        elif op is c.IN:
            kind = _class_kind(av, c)
            self.flush(whole=kind == "other")
            self.boundary = kind == "other"
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, _, sub = av
            self.flush(whole=lo >= 1 and _all_nonword(sub, c))
            # after "(?:te |lhe )?" a word starts only if one started before it too
            self.boundary = _ends_nonword(sub, c) and (lo >= 1 or self.boundary)
        elif op is c.CATEGORY and av in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
            self.flush(whole=True)
            self.boundary = True
        else:  # ANY, CATEGORY, GROUPREF...: a character of any kind
            self.flush(whole=False)
            self.boundary = False

    def branch(self, alternatives: Any) -> None:
        starts_apart = all(_starts_nonword(alt, self.c) for alt in alternatives)
        self.flush(whole=starts_apart)
        keys: set[str] = set()
        each: list[Cue] = []
        for alt in alternatives:
            walk = _walked(alt, self.c, self.boundary)
            if not walk.candidates:
                keys.clear()
                break
            keys |= _best_of(walk.candidates)
            each.append(_all_of(walk.conditions))
        if keys:
            self.candidates.append(frozenset(keys))
            self.conditions.append(_any_of(each))
        self.boundary = all(_ends_nonword(alt, self.c) for alt in alternatives)


def _all_of(conditions: list[Cue]) -> Cue:
    """`AllOf` the conditions, nested ones flattened (one alone: itself)."""
    parts: list[Cue] = []
    for cue in conditions:
        parts.extend(cue.parts if isinstance(cue, AllOf) else (cue,))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _any_of(conditions: list[Cue]) -> Cue:
    """`AnyOf` the conditions, the plain key sets among them joined into one (one alone:
    itself): "hard" or "diffi" is the set of both."""
    keys = frozenset().union(*(cue for cue in conditions if isinstance(cue, frozenset)))
    parts: list[Cue] = [c for c in dict.fromkeys(conditions) if not isinstance(c, frozenset)]
    if keys:
        parts.insert(0, keys)
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def _walked(seq: Any, c: Any, boundary: bool, *, ends_word: bool = False) -> _Walk:
    """A walk over the whole sequence `seq` (see `_best`)."""
    walk = _Walk(c, boundary)
    for op, av in seq:
        walk.item(op, av)
    walk.flush(whole=ends_word)
    return walk


def _best_of(candidates: list[frozenset[str]]) -> frozenset[str]:
    """The most telling of candidate key sets: its longest shortest key, then the fewest keys."""
    return max(candidates, key=lambda keys: (min(map(len, keys)), -len(keys)))


def _first_op(seq: Any, c: Any) -> tuple[Any, Any] | None:
    for op, av in seq:
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.SUBPATTERN:
            got = _first_op(av[-1], c)
            if got is not None:
                return got
            continue
        return op, av
    return None


def _starts_nonword(seq: Any, c: Any) -> bool:
    first = _first_op(seq, c)
    return first is not None and first[0] is c.LITERAL and not _is_word_char(first[1])


def _ends_nonword(seq: Any, c: Any) -> bool:
    ops = [(op, av) for op, av in seq if op not in (c.ASSERT, c.ASSERT_NOT)]
    if not ops:
        return False
    op, av = ops[-1]
    if op is c.LITERAL:
        return not _is_word_char(av)
    if op is c.SUBPATTERN:
        return _ends_nonword(av[-1], c)
    if op is c.BRANCH:
        return all(_ends_nonword(alt, c) for alt in av[1])
    if op is c.IN:
        return _class_kind(av, c) == "other"
    return False


def _all_nonword(seq: Any, c: Any) -> bool:
    for op, av in seq:
        if op is c.LITERAL and not _is_word_char(av):
            continue
        if op is c.IN and _class_kind(av, c) == "other":
            continue
        if op is c.CATEGORY and av is c.CATEGORY_NOT_WORD:
            continue
        return False
    return True


@functools.lru_cache(maxsize=1024)
def _phrase_walk(fragment: str) -> _Walk | None:
    """The walk over `fragment` matched as a phrase of folded text (at a word start, ending at a
    word end: its last run of letters is a whole word), read once for `cue_keys` and
    `cue_condition` both; None where the parse tree cannot be read (a parser that is not the one
    read here: no keys, no condition, the fragment is scanned always)."""
    try:
        tree = _parser().parse(f"(?:{fragment})")
        constants = importlib.import_module("re._constants")
        return _walked(tree.data, constants, True, ends_word=True)
    except Exception:
        return None


def cue_keys(fragment: str) -> frozenset[str] | None:
    """The word starts (`STEM` letters or fewer) one of which every match of `fragment` holds,
    where it is matched as a phrase of folded text (at a word start, ending at a word end), or
    None where no such set can be read from it: the most telling candidate set, its longest
    shortest key, then the fewest keys."""
    walk = _phrase_walk(fragment)
    return _best_of(walk.candidates) if walk is not None and walk.candidates else None


def cue_condition(fragment: str) -> Cue | None:
    """Every word start a match of `fragment` must hold, as `cue_keys` reads them (matched as a
    phrase of folded text), each choice's alternatives kept apart: a condition `holds` for the
    word starts of any text the fragment matches in; None where none can be read. Its one key
    set that `cue_keys` gives is one of its parts (or the union of a choice's)."""
    walk = _phrase_walk(fragment)
    return _all_of(walk.conditions) if walk is not None and walk.conditions else None


_FIRST_MAX_RANGE = 256
"""A character class with a wider range than this gives no first characters (it holds most)."""


def _first_of(seq: Any, c: Any) -> tuple[set[int] | None, bool]:
    """The characters a match of the parse-tree sequence `seq` may start with (None: any), and
    whether it may match the empty string."""
    chars: set[int] = set()
    for op, av in seq:
        found, empty = _first_of_item(op, av, c)
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _first_of_item(op: Any, av: Any, c: Any) -> tuple[set[int] | None, bool]:
    """`_first_of` for one item of the parse tree; anything not read here gives None."""
    if op is c.LITERAL:
        return {av}, False
    if op is c.IN:
        chars: set[int] = set()
        for item_op, item_av in av:
            if item_op is c.LITERAL:
                chars.add(item_av)
            elif item_op is c.RANGE and item_av[1] - item_av[0] <= _FIRST_MAX_RANGE:
                chars.update(range(item_av[0], item_av[1] + 1))
            else:  # NEGATE, a category, a wide range
                return None, False
        return chars, False
    if op is c.BRANCH:
        out: set[int] = set()
        empty = False
        for alternative in av[1]:
            found, alt_empty = _first_of(alternative, c)
            if found is None:
                return None, False
            out |= found
            empty = empty or alt_empty
        return out, empty
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if add_flags or del_flags:  # (?i:...) and the like
            return None, False
        return _first_of(inner, c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        least, _most, inner = av
        found, empty = _first_of(inner, c)
        return found, (found is not None and (least == 0 or empty))
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # zero width: the next item starts the match
    return None, False


def first_chars(fragment: str) -> str | None:
    """The characters one of which every match of `fragment` (compiled without flags) starts
    with, as a character class body ("hdit" for "(?:hard|difficult|impossible|tough) to"); None
    where they cannot be read (a fragment that may match the empty string, opens with a negated
    class or ``\\w``, sets a flag).

    A pattern led by ``(?=[...])`` of them matches exactly where it did, and Python's regex
    engine rejects every other position by one class test instead of trying each alternative
    there: a third to half less time for the long phrase alternations (`text._EVASIONS`)."""
    try:
        tree = _parser().parse(fragment)
        constants = importlib.import_module("re._constants")
        if tree.state.flags & ~constants.SRE_FLAG_UNICODE:  # (?i) and the like, anywhere
            return None
        found, empty = _first_of(tree.data, constants)
    except Exception:  # a parser that is not the one read here: no look-ahead
        return None
    if found is None or empty or not found:
        return None
    return "".join(re.escape(chr(code)) for code in sorted(found))


def first_chars_ahead(fragment: str) -> str:
    """A look-ahead for the first characters of `fragment` (`first_chars`), to lead a pattern
    whose match starts where the fragment's does; "" where they cannot be read. The pattern
    matches exactly where it did, and is found sooner."""
    chars = first_chars(fragment)
    return "" if chars is None else f"(?=[{chars}])"
