"""The fast paths of `tribunal.output_failures` say exactly what their plain definitions say.

Throughput work (issues 12 and 15: the same detectors gate the Tribunal and validate 300,000-row
files) rewrote some tests for speed. Each is held here to the plain form it replaced, on generated
text built to hit the cases the rewrite could get wrong (symbol runs at the very start, after a
line break or a tab, mixed separators, words glued to symbols).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.folding import lowered
from noesis_trainer.tribunal import output_failures as OF

PLAIN_SYMBOL_LOOP = re.compile(
    rf"(?<!\S)([^\w\s]{{1,3}})(?:\s+\1){{{OF.MIN_SYMBOL_COPIES - 1},}}(?!\S)"
)
"""The definition: a symbol group preceded by whitespace or the start, then its copies."""

SYMBOLS = st.sampled_from(["│", "-", "*", "|", "--", "...", "•", "=>", "a", "│a", "é"])
SEPARATORS = st.sampled_from([" ", "  ", "\t", " \t", "\n", ""])
PIECES = st.one_of(SYMBOLS, SEPARATORS, st.text(alphabet="ab .\n│-", max_size=8))


@st.composite
def symbol_texts(draw: st.DrawFn) -> str:
    """Runs of a symbol group with random separators, padded with random text."""
    head = "".join(draw(st.lists(PIECES, max_size=6)))
    group = draw(SYMBOLS)
    copies = draw(st.integers(min_value=0, max_value=OF.MIN_SYMBOL_COPIES + 3))
    run = "".join(group + draw(SEPARATORS) for _ in range(copies))
    tail = "".join(draw(st.lists(PIECES, max_size=6)))
    return head + run + tail


def plain_symbol_loop(answer: str) -> str | None:
    tail = answer[-600:]
    if tail.count(" ") + tail.count("\n") < OF.MIN_SYMBOL_COPIES:
        return None
    found = PLAIN_SYMBOL_LOOP.search(tail)
    if found is None:
        return None
    return f"repetition loop: {found.group(1)!r} x {found.group(0).count(found.group(1))} (symbols)"


@settings(max_examples=600, deadline=None)
@given(symbol_texts())
def test_symbol_loop_finds_what_the_look_behind_definition_finds(text: str) -> None:
    got = OF._symbol_loop(text)
    assert (got.reason if got is not None else None) == plain_symbol_loop(text)


def test_symbol_loop_at_the_start_after_a_line_break_and_after_a_tab() -> None:
    run = " ".join(["│"] * (OF.MIN_SYMBOL_COPIES + 1))
    for text in (run, "Tabela:\n" + run, "x\t" + run, "fim. " + run + " fim"):
        got = OF._symbol_loop(text)
        assert got is not None and got.reason == plain_symbol_loop(text), text
    glued = "a" + run  # the first copy is glued to a word: the loop starts at the second copy
    got = OF._symbol_loop(glued)
    assert got is not None and got.reason == plain_symbol_loop(glued)
    assert got.reason.endswith(f"x {OF.MIN_SYMBOL_COPIES} (symbols)")


def test_the_symbol_count_table_is_the_regex_word_and_space_classes_on_latin1() -> None:
    """`_few_symbols` counts what `[^\\w\\s]` matches: the table agrees on each Latin-1 byte."""
    for code in range(256):
        symbol = re.fullmatch(r"[^\w\s]", chr(code)) is not None
        assert (code not in OF._LATIN1_NOT_SYMBOL) == symbol, hex(code)


PLAIN_LEAK = re.compile(OF._TOKEN_LEAK.pattern + "|" + OF._ROLE_LINE.pattern, re.MULTILINE)
"""The definition: one search for every token and role-header line."""

LEAK_PIECES = st.sampled_from(
    ["<|eot_id|>", "<|im_start|>", "<s>", "</s>", "[INST]", "<<SYS>>", "<end_of_turn>",
     "user", "User:", "### Response:", "assistant", "model", "System :", "\n", " ", "\t",
     "<", "[", "texto", "Resposta", "<b>", "[1]", "HUMAN", "usuário", "###", "### ", "Human",
     "Instruction", ":", "system", "Assistant", "mode", "\n\n"]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(LEAK_PIECES, max_size=12).map("".join))
def test_leak_search_finds_what_one_search_of_both_families_finds(text: str) -> None:
    plain = PLAIN_LEAK.search(text) if ("<" in text or "[" in text or "\n" in text) else None
    got = OF._leak_match(text)
    expected = None if plain is None else (plain.group(0), plain.start())
    assert (None if got is None else (got.group(0), got.start())) == expected


def plain_tandem(words: list[str]) -> tuple[int, int, int] | None:
    best: tuple[int, int, int] | None = None
    n = len(words)
    for period in range(1, OF.MAX_PERIOD + 1):
        if n < 2 * period:
            break
        need = period * ((OF.MIN_SINGLE_COPIES if period == 1 else OF.MIN_COPIES) - 1)
        run = 0
        for i in range(n - period):
            run = run + 1 if words[i] == words[i + period] else 0
            if run >= need:
                copies = run // period + 1
                if copies * period >= OF.MIN_LOOP_WORDS and (
                    best is None or copies * period > best[1] * best[2]
                ):
                    best = (i - run + 1, period, copies)
    return best


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["ao", "mesmo", "e", "o"]), max_size=60))
def test_tandem_finds_the_longest_back_to_back_repeat(words: list[str]) -> None:
    assert OF._tandem(words) == plain_tandem(words)


def pieces_joined(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts made of up to `max_size` of `pieces` end to end (the traps of a pre-test)."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


STUB_TRAPS = pieces_joined(
    [
        *("TODO", "TBD", "lorem", "LOREM", "İnsira", "insira", "INSERT HERE", "insert here"),
        *("Preencher", "to be ", "TO BE ", "user", "ASSISTANT", "ſ", "é", "x", " ", "\n"),
        *("lorem ipsum", "a preencher", "TO BE WRITTEN", "to be filled", "ipsum", "aqui"),
    ],
    12,
)


@given(st.one_of(STUB_TRAPS, st.text(max_size=40)))
def test_stub_and_role_pre_tests_are_substring_tests_of_the_lowercased_text(text: str) -> None:
    """The pre-tests before the stub and role-line searches: a plain substring test of the
    needles in the text and in ``text.lower()`` (now through `lowered`, a string)."""
    stub = any(h in text for h in OF._STUB_HINTS) or any(
        h in text.lower() for h in OF._STUB_HINTS_LOWER
    )
    assert (
        OF._holds_any(text, OF._STUB_HINTS) or OF._holds_any(lowered(text), OF._STUB_HINTS_LOWER)
    ) == stub
    assert OF._holds_any(lowered(text), OF._ROLE_HINTS) == any(
        h in text.lower() for h in OF._ROLE_HINTS
    )


MARKER_TRAPS = pieces_joined(
    [
        *("lorem ipsum", "LOREM IPSUM", "lorem ıpsum", "İnsira aqui", "INSİRA AQUİ", "ınsira"),
        *(" aqui", "insert here", "ınsert here", "a preencher", "to be wrıtten"),
        *("to be fılled", "to be filled"),
        *("TODO:", "FIXME", "ſ", "K", "İ", "ı", "x", " ", "\n"),
    ],
    8,
)


@given(st.one_of(MARKER_TRAPS, st.text(max_size=40)))
def test_stub_pre_test_holds_wherever_the_marker_regex_matches(text: str) -> None:
    """The pre-test may say "maybe" where the regex finds nothing, never "no" where it finds a
    marker: the regex's case-blind part is ASCII-only ("İ", "ı", "ſ" and the Kelvin sign are not
    "i", "s", "k" there), as the lowercased substring tests are."""
    if OF._STUB_MARKER.search(text) is not None:
        assert OF._holds_any(text, OF._STUB_HINTS) or OF._holds_any(
            lowered(text), OF._STUB_HINTS_LOWER
        )


def test_dotted_and_dotless_i_are_not_the_ascii_marker() -> None:
    for text in ("INSİRA AQUİ o texto", "lorem ıpsum dolor", "ınsert here"):
        assert OF._STUB_MARKER.search(text) is None, text
    assert OF._STUB_MARKER.search("INSIRA AQUI o texto") is not None


def plain_ellipsis_skeleton(text: str) -> str | None:
    """The ellipsis part of `_skeleton` as written before its count pre-test."""
    if "..." in text or "…" in text:
        stripped = text.rstrip()
        if stripped.endswith(("...", "…")) and not stripped.endswith("...."):
            tail = stripped.rsplit("\n", 1)[-1].strip()
            return f"unfinished: ends in '...' ({OF._quote(tail[-40:])})"
        stubs = OF._ELLIPSIS_LINE.findall(text)
        if len(stubs) >= 2:
            return f"skeleton: {len(stubs)} lines end in '...' (stubs)"
    return None


ELLIPSIS_PIECES = st.sampled_from(["...", "…", "....", "..", ".", "\n", " ", "\t", "a", "b c"])


@settings(max_examples=800, deadline=None)
@given(st.lists(ELLIPSIS_PIECES, max_size=14).map("".join))
def test_ellipsis_stubs_pre_test_never_hides_a_stub(text: str) -> None:
    got = OF._skeleton(text, len(text.split()))
    assert (got.reason if got is not None else None) == plain_ellipsis_skeleton(text)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["ao", "mesmo", "e", "o"]), st.text("abc", min_size=1, max_size=3)
        ),
        max_size=120,
    )
)
def test_tandem_hash_pre_test_on_longer_mixed_word_lists(words: list[str]) -> None:
    assert OF._tandem(words) == plain_tandem(words)


LABEL_PIECES = st.sampled_from(
    ["#", "## ", "**", "*", ":", " ", "\t", "a", "Passo", "é", "*x*", "-"]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(LABEL_PIECES, max_size=10).map("".join))
def test_label_pre_test_agrees_with_the_label_regex(line: str) -> None:
    assert OF._is_label(line) == (OF._LABEL_LINE.match(line) is not None)


STUB_CONTEXT = st.sampled_from(
    [
        *("TODO", "TBD", "FIXME", "PLACEHOLDER", "INSERT", "INSERT x HERE", "HERE", "TODOS"),
        *("xTODO", "[", "(", "#", "-", ">", "/", "*", "]", ":", " ", "\t", "\n", "\u2003"),
        *("x", "é", "lorem ipsum"),
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(STUB_CONTEXT, max_size=12).map("".join))
def test_stub_marker_tried_at_its_hints_finds_what_the_search_finds(text: str) -> None:
    plain = OF._STUB_MARKER.search(text)
    got = OF._stub_marker(text)
    expected = None if plain is None else (plain.group(0), plain.start())
    assert (None if got is None else (got.group(0), got.start())) == expected
