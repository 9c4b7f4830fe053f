"""The native prescreen never changes a verdict: `detect` with it says what the Python detectors
say, on generated text aimed at every detector's edges and on every real answer we have.

The prescreen (`tribunal/_prescreen.c`) may only answer "surely nothing" or "ask Python"; these
tests hold every "surely nothing" to an empty `detect_python`, and check that it does answer
"surely nothing" for ordinary prose (the speed of `noesis validate` on clean files rests on it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.native_build import assert_built_where_a_compiler_is, printed_with_native_off

from noesis_trainer.tribunal import output_failures as OF
from noesis_trainer.tribunal.heldout import Row, failure_sets

native = pytest.mark.skipif(
    not OF.native_prescreen(), reason="the native prescreen is not built (no C compiler)"
)


def test_built_wherever_a_compiler_is() -> None:
    assert_built_where_a_compiler_is(OF.native_prescreen(), "the prescreen")


def test_turned_off_by_the_environment() -> None:
    code = "from noesis_trainer.tribunal import output_failures as o; print(o.native_prescreen())"
    assert printed_with_native_off(code) == "False"


# -- generated text at the detectors' edges --------------------------------------------------

WORDS = [
    # function words of every profile, so that language calls happen
    "a", "o", "de", "que", "não", "uma", "com", "são", "também", "você", "isso", "muito",
    "the", "and", "is", "of", "to", "that", "with", "this", "have", "which",
    "el", "los", "pero", "muy", "usted", "le", "les", "dans", "pour", "nous", "der", "und",
    "nicht", "ich", "il", "della", "sono", "questo",
    # content words, folded forms that collide, dropped and expanding characters
    "ética", "Ética", "ÉTICA", "etica", "razão", "Kant", "virtude", "ca\xadsa", "casa", "¼",
    "14", "ß", "straße", "Æon", "naïve", "façade", "über", "1", "42",
    # role words and stub words
    "user", "User", "Users", "Assistant", "assistant", "model", "System", "Humanity", "Human",
    "Instruction", "Response", "TODO", "todo", "TBD", "FIXME", "PLACEHOLDER", "INSERT", "HERE",
    "lorem", "ipsum", "Lorem", "Ipsum", "insira", "aqui", "to", "be", "written", "filled",
]  # fmt: skip
MARKS = [
    ".", "!", "?", ")", "(", "]", "}", "»", ">", "~", "'", '"', ",", ":", ";", "-", "–", "|",
    "*", "**", "`", "```", "#", "###", "...", "..", "[", "{", "<", "<|eot_id|>", "[INST]",
    "│", "—", "“", "\xa0", "_", "1.", "12)", "-", "•", "+", "=", "&", "/", "%", "§", "¿", "©",
    # outside Latin-1, read through stand-ins: symbols, letters and digits folded, a space
    "→", "’", "”", "≠", "≡", "π", "Φ", "ł", "ᵃ", "⁶", "₂", "😀", "\u2003", "\u0301", "…", "Ж",
    "²", "³", "¹", "(",
]  # fmt: skip
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "  ", "\r\n", "\x85", " \n"]
ENDINGS = [
    ".",
    ".",
    "!",
    "?",
    ")",
    "»",
    "",
    " ",
    ":",
    ",",
    "\n",
    "*",
    "|",
    "...",
    "a",
    "1.",
    "(3².",
    "(9.",
]

fragment = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(MARKS),
    st.text(alphabet="abcçãéíóú AEÉ.,\n", max_size=6),
)


@st.composite
def texts(draw: st.DrawFn, words: list[str] | None = None) -> str:
    """Fragments with spaces between most of them, sometimes a phrase repeated (loops), the
    prompt's own words (echoes) and a chosen ending (truncation)."""
    pool = fragment if draw(st.booleans()) else st.sampled_from(WORDS)  # marks, or plain prose
    if words:
        pool = st.one_of(pool, st.sampled_from(words))
    parts: list[str] = []
    for piece in draw(st.lists(pool, max_size=40)):
        parts.append(piece)
        parts.append(draw(st.sampled_from(SPACES)) if draw(st.integers(0, 3)) == 0 else " ")
    if parts and draw(st.integers(0, 4)) == 0:  # a repeated phrase
        start = draw(st.integers(0, len(parts) - 1))
        phrase = parts[start : start + draw(st.integers(1, 8))]
        parts[start:start] = phrase * draw(st.integers(1, 20))
    ending = "." if draw(st.booleans()) else draw(st.sampled_from(ENDINGS))
    return "".join(parts).strip(" ") + ending


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    prompt = draw(texts())
    mode = draw(st.integers(0, 3))
    if mode == 0:  # the answer repeats the prompt, then maybe a little more
        answer = prompt + " " + draw(texts())
    elif mode == 1:  # the answer draws on the prompt's words
        answer = draw(texts(words=prompt.split() or None))
    else:
        answer = draw(texts())
    return prompt, answer


@native
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_prescreen_never_hides_a_failure(pair: tuple[str, str]) -> None:
    prompt, answer = pair
    assert OF.detect(prompt, answer) == OF.detect_python(prompt, answer)


@native
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_prescreen_on_any_text(prompt: str, answer: str) -> None:
    assert OF.detect(prompt, answer) == OF.detect_python(prompt, answer)


# -- cases at the edges, named ----------------------------------------------------------------

GOOD = (
    "A ética de Kant parte do dever: agir segundo uma máxima que possa valer como lei universal. "
    "Ela distingue imperativos hipotéticos de categóricos, e só estes obrigam sem condição."
)
PROMPT = "Explique a ética de Kant e o imperativo categórico."


@native
def test_ordinary_prose_is_passed_natively() -> None:
    assert OF._SCREEN is not None
    assert OF._SCREEN(PROMPT, GOOD) == 0
    assert OF._SCREEN(PROMPT, "Sim, ela existe.\nE ela importa muito para nós.") == 0


@native
@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (GOOD + " <|eot_id|>", OF.FailureKind.TEMPLATE_LEAK),
        (GOOD + "\nuser\nE depois?", OF.FailureKind.TEMPLATE_LEAK),
        (GOOD + "\nAssistant:\nClaro.", OF.FailureKind.TEMPLATE_LEAK),
        (GOOD + "\n### Response:\nClaro.", OF.FailureKind.TEMPLATE_LEAK),
        (GOOD + " ao mesmo," * 12 + ".", OF.FailureKind.LOOP),
        (GOOD + " §" * 20 + ".", OF.FailureKind.LOOP),
        (GOOD + " -" * 20 + " ok.", OF.FailureKind.LOOP),
        (GOOD[:-1] + ",", OF.FailureKind.TRUNCATED),
        (GOOD + " E então", OF.FailureKind.TRUNCATED),
        (GOOD + "\n\n**O problema:", OF.FailureKind.TRUNCATED),
        (GOOD + "\n1.", OF.FailureKind.TRUNCATED),
        (GOOD + " [INSIRA O EXEMPLO AQUI].", OF.FailureKind.SKELETON),
        (GOOD + " Veja {conceito}.", OF.FailureKind.SKELETON),
        (GOOD + " TODO: exemplos.", OF.FailureKind.SKELETON),
        (GOOD + "\nE assim...\nE depois...", OF.FailureKind.SKELETON),
        (PROMPT + " Sim.", OF.FailureKind.ECHO),
        (
            "The ethics of Kant is about duty and it is the law that you have to follow, "
            "which is not what they would want from this.",
            OF.FailureKind.LANGUAGE,
        ),
        ("Sim.", OF.FailureKind.EMPTY),
    ],
)
def test_each_failure_goes_to_python(answer: str, kind: OF.FailureKind) -> None:
    assert OF._SCREEN is not None
    assert OF._SCREEN(PROMPT, answer) != 0
    assert kind in {f.kind for f in OF.detect(PROMPT, answer)}


@native
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs(), st.sampled_from([None, True]), st.sampled_from([(), ("<x>",), ("ENDTURN",)]))
def test_shape_left_to_python_hides_no_failure(
    pair: tuple[str, str], finished: bool | None, tokens: tuple[str, ...]
) -> None:
    """Where the screen leaves only the text's shape to Python (markup, the ending, a possible
    role line), the shape detectors it runs find what all the detectors find."""
    prompt, answer = pair
    assert OF.detect(prompt, answer, finished=finished, special_tokens=tokens) == (
        OF.detect_python(prompt, answer, finished=finished, special_tokens=tokens)
    )


@native
@pytest.mark.parametrize(
    ("answer", "kinds"),
    [
        (GOOD + " [1]", []),  # a reference mark
        (GOOD + " Veja `pip install kant` e [a fonte](https://x.org).", []),
        (GOOD + "\n\n## Resumo\nO dever vem antes do desejo, para ela, sempre.", []),
        (GOOD + " [INSIRA O EXEMPLO AQUI].", [OF.FailureKind.SKELETON]),
        (GOOD + " <|eot_id|>", [OF.FailureKind.TEMPLATE_LEAK]),
        (GOOD + "\n\n**O problema:", [OF.FailureKind.TRUNCATED]),
        (GOOD + "\n## Passos", [OF.FailureKind.TRUNCATED]),
    ],
)
def test_markup_leaves_only_the_shape_to_python(answer: str, kinds: list[OF.FailureKind]) -> None:
    assert OF._SCREEN is not None
    assert OF._SCREEN(PROMPT, answer) == OF.SHAPE_LEFT
    assert [f.kind for f in OF.detect(PROMPT, answer)] == kinds
    assert OF.detect(PROMPT, answer) == OF.detect_python(PROMPT, answer)


@native
def test_word_level_failures_are_not_screened() -> None:
    """A loop, an echo or another language with markup around it: nothing is settled natively."""
    assert OF._SCREEN is not None
    for answer in (GOOD + " ao mesmo," * 12 + " [1].", PROMPT + " `Sim`."):
        assert OF._SCREEN(PROMPT, answer) > OF.SHAPE_LEFT
    assert OF._SCREEN(PROMPT, GOOD) == 0


@native
def test_text_outside_latin1_leaves_its_shape_to_python() -> None:
    """Dashes, curly quotes, arrows, Greek letters and emoji are read through their Latin-1
    stand-ins for the word-level checks; the shape detectors run on the text itself. A
    character with no stand-in ("…" folds to three characters, Cyrillic is not offered) sends
    the answer to every Python detector."""
    assert OF._SCREEN is not None
    assert OF._SCREEN(PROMPT, GOOD.replace(":", " —")) != 0
    for wide in (" —", " “o dever”", " → π", " 😀"):
        answer = GOOD.replace(":", wide + ":")
        assert OF._SCREEN(PROMPT, answer) == OF.SHAPE_LEFT
        assert OF.detect(PROMPT, answer) == OF.detect_python(PROMPT, answer) == []
    assert OF._SCREEN("Что такое этика Канта?", GOOD) > OF.SHAPE_LEFT
    assert OF._SCREEN(PROMPT, GOOD.replace(":", "…")) > OF.SHAPE_LEFT
    # a loop of symbols outside Latin-1 is still a loop for the screen
    looped = GOOD + " →" * 20 + " ok."
    assert OF._SCREEN(PROMPT, looped) > OF.SHAPE_LEFT
    assert [f.kind for f in OF.detect(PROMPT, looped)] == [OF.FailureKind.LOOP]


def test_stand_ins_fold_as_their_characters() -> None:
    """Every stand-in folds as its character does and is of its class, so the prescreen's words
    are Python's words."""
    from noesis_trainer.core.folding import fold

    table = OF._wide_stand_ins()
    assert len(table) > 4000
    for code, proxy in table.items():
        c, p = chr(code), chr(proxy)
        assert fold(c) == fold(p) and c.isspace() == p.isspace() and c.isalnum() == p.isalnum()
    sample = "Kant — “o dever” → π⁶ł 😀 ᵃ fim"
    stood = "".join(chr(table.get(ord(c), ord(c))) for c in sample)
    assert OF.folded_words(stood) == OF.folded_words(sample)


@native
def test_bad_stand_ins_are_refused() -> None:
    from noesis_trainer.tribunal import _prescreen

    try:
        for wide in ({65: 1}, {0x2014: 300}, {0x2014: "x"}):
            with pytest.raises(ValueError, match="wide"):
                _prescreen.setup([b""] * 256, b"", b"", b"", {}, 1, {}, wide)
        with pytest.raises(TypeError):
            _prescreen.screen("a", None)  # type: ignore[arg-type]
    finally:
        OF._load_prescreen()  # the real tables back, whatever failed
    assert OF._SCREEN is not None and OF._SCREEN(PROMPT, GOOD) == 0


@native
def test_a_stop_after_a_superscript_is_left_to_python() -> None:
    """ "(3²." may be a decimal cut inside a parenthesis, as "(94." is: a superscript is a digit
    to Python (`str.isdigit`), and so to the screen."""
    assert OF._SCREEN is not None
    long = (
        "Primeiro, lembre: área mede superfície, comprimento mede linha, volume mede espaço, "
        "massa mede matéria, tempo mede duração, energia mede trabalho, carga mede "
        "eletricidade, pressão mede força, temperatura mede agitação, luz mede brilho; "
        "portanto, aqui basta multiplicar: nove metros quadrados (3²."
    )
    prompt = "Qual é a área de um quadrado de lado três metros?"
    for answer in (long, "A área é nove metros quadrados (3².", "A área é nove (3¹."):
        assert OF._SCREEN(prompt, answer) != 0
        assert [f.kind for f in OF.detect(prompt, answer)] == [OF.FailureKind.TRUNCATED]
        assert OF.detect(prompt, answer) == OF.detect_python(prompt, answer)
    assert [c for c in map(chr, range(256)) if c.isdigit()] == [*"0123456789", "²", "³", "¹"]


@native
def test_str_subclasses_go_to_python() -> None:
    class Text(str):
        pass

    assert OF._SCREEN is not None
    assert OF._SCREEN(PROMPT, Text(GOOD)) != 0
    assert OF.detect(Text(PROMPT), Text(GOOD)) == []


@native
def test_special_tokens_of_the_tokenizer_still_looked_for() -> None:
    found = OF.detect(PROMPT, GOOD.replace("dever", "dever<custom_end>"), special_tokens=["<x>"])
    assert found == OF.detect_python(
        PROMPT, GOOD.replace("dever", "dever<custom_end>"), special_tokens=["<x>"]
    )
    leaked = GOOD.replace("dever", "dever ENDTURN")
    assert [f.kind for f in OF.detect(PROMPT, leaked, special_tokens=["ENDTURN"])] == [
        OF.FailureKind.TEMPLATE_LEAK
    ]
    assert OF.detect(PROMPT, GOOD, finished=False)[0].kind is OF.FailureKind.TRUNCATED


@native
def test_bad_tables_are_refused() -> None:
    from noesis_trainer.tribunal import _prescreen

    try:
        with pytest.raises(ValueError, match="256"):
            _prescreen.setup([b""] * 3, b"", b"", b"", {}, 1, {})
        with pytest.raises(TypeError):
            _prescreen.screen("a", None)  # type: ignore[arg-type]
    finally:
        OF._load_prescreen()  # the real tables back, whatever failed


# -- real data ------------------------------------------------------------------------------


def _real_pairs(root: Path) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for path in sorted(root.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if not isinstance(row, dict) or not isinstance(row.get("prompt"), str):
                continue
            for field in ("response_revised", "response_initial", "response"):
                answer = row.get(field)
                if isinstance(answer, str) and answer.strip():
                    found[(row["prompt"], answer)] = None
    return list(found)


@native
@pytest.mark.external
def test_real_answers_and_their_corruptions(shared_data: Path) -> None:
    """Every distinct (prompt, answer) of the shared data and of our examples, and each failure
    class built from them: the same findings with and without the prescreen."""
    pairs = _real_pairs(shared_data) + _real_pairs(Path(__file__).parents[2] / "examples")
    assert len(pairs) > 3000
    passed = 0
    for prompt, answer in pairs:
        found = OF.detect_python(prompt, answer)
        assert OF.detect(prompt, answer) == found, answer[-200:]
        passed += not found and OF._SCREEN is not None and OF._SCREEN(prompt, answer) == 0
    # most real answers without a failure are passed natively (68% when written; markdown,
    # dashes and curly quotes are what send the rest to Python)
    assert passed > 0.4 * len(pairs)
    sets = failure_sets([Row(p, a) for p, a in pairs[:1500]])
    for name, items in sets.items():
        for item in items:
            assert OF.detect(item.prompt, item.response) == OF.detect_python(
                item.prompt, item.response
            ), (name, item.response[-200:])


@native
def test_clean_and_messy_validation_rows() -> None:
    """The benchmark's shapes: nearly every clean row passes natively, messy rows keep their
    findings."""
    from noesis_trainer.testing import messy_records, synthetic_records

    clean = list(synthetic_records(2000))
    assert OF._SCREEN is not None
    passed = sum(OF._SCREEN(r["prompt"], r["response_revised"]) == 0 for r in clean)
    assert passed >= 0.95 * len(clean)
    for record in list(messy_records(3000)) + clean[:500]:
        prompt, answer = record.get("prompt", ""), record.get("response_revised", "")
        if isinstance(prompt, str) and isinstance(answer, str):
            assert OF.detect(prompt, answer) == OF.detect_python(prompt, answer)


@native
def test_long_texts_take_the_heap_paths() -> None:
    """Past 512 words the word hashes and the pair table leave the stack: same answers."""
    assert OF._SCREEN is not None
    distinct = " ".join(f"palavra{i} termo{i * 7}" for i in range(3000)) + " fim."
    assert OF._SCREEN(PROMPT, distinct) == 0
    assert OF.detect(PROMPT, distinct) == OF.detect_python(PROMPT, distinct) == []
    looping = distinct[:-1] + " ao mesmo" * 600 + "."
    assert OF._SCREEN(PROMPT, looping) != 0
    assert OF.detect(PROMPT, looping) == OF.detect_python(PROMPT, looping)
    long_prompt = " ".join(f"questao{i}" for i in range(2000)) + "?"
    echo = long_prompt[:-1] + " sim."
    assert OF.detect(long_prompt, echo) == OF.detect_python(long_prompt, echo)
    assert OF.detect(long_prompt, echo)[0].kind is OF.FailureKind.ECHO
    # the prompt's words looked up in a set (not against every word: 20,000 x 60,000 took 0.3 s)
    wordy = " ".join(f"w{i}" for i in range(20000)) + "?"
    answer = " ".join(f"w{i % 20000} x{i}" for i in range(30000)) + "."
    assert OF.detect(wordy, answer) == OF.detect_python(wordy, answer)


@native
def test_nul_and_control_characters() -> None:
    for answer in [GOOD.replace(" ", "\0", 3), GOOD + "\0.", "\0" * 40 + ".", GOOD + "\x1f."]:
        assert OF.detect(PROMPT, answer) == OF.detect_python(PROMPT, answer)
    assert OF.detect(PROMPT + "\0", GOOD) == OF.detect_python(PROMPT + "\0", GOOD)
