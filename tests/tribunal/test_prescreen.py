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
]  # fmt: skip
SPACES = [" ", " ", " ", "\n", "\n\n", "\t", "  ", "\r\n", "\x85", " \n"]
ENDINGS = [".", ".", "!", "?", ")", "»", "", " ", ":", ",", "\n", "*", "|", "...", "a", "1."]

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
    assert OF._CLEAN is not None
    assert OF._CLEAN(PROMPT, GOOD)
    assert OF._CLEAN(PROMPT, "Sim, ela existe.\nE ela importa muito para nós.")


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
    assert OF._CLEAN is not None
    assert not OF._CLEAN(PROMPT, answer)
    assert kind in {f.kind for f in OF.detect(PROMPT, answer)}


@native
def test_text_outside_latin1_goes_to_python() -> None:
    assert OF._CLEAN is not None
    assert not OF._CLEAN(PROMPT, GOOD.replace(":", " —"))
    assert not OF._CLEAN("Что такое этика Канта?", GOOD)


@native
def test_str_subclasses_go_to_python() -> None:
    class Text(str):
        pass

    assert OF._CLEAN is not None
    assert not OF._CLEAN(PROMPT, Text(GOOD))
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

    with pytest.raises(ValueError, match="256"):
        _prescreen.setup([b""] * 3, b"", b"", b"", {}, 1, {})
    with pytest.raises(TypeError):
        _prescreen.clean("a", None)  # type: ignore[arg-type]
    OF._load_prescreen()  # the real tables back


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
        passed += not found and OF._CLEAN is not None and OF._CLEAN(prompt, answer)
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
    assert OF._CLEAN is not None
    passed = sum(OF._CLEAN(r["prompt"], r["response_revised"]) for r in clean)
    assert passed >= 0.95 * len(clean)
    for record in list(messy_records(3000)) + clean[:500]:
        prompt, answer = record.get("prompt", ""), record.get("response_revised", "")
        if isinstance(prompt, str) and isinstance(answer, str):
            assert OF.detect(prompt, answer) == OF.detect_python(prompt, answer)


@native
def test_long_texts_take_the_heap_paths() -> None:
    """Past 512 words the word hashes and the pair table leave the stack: same answers."""
    assert OF._CLEAN is not None
    distinct = " ".join(f"palavra{i} termo{i * 7}" for i in range(3000)) + " fim."
    assert OF._CLEAN(PROMPT, distinct)
    assert OF.detect(PROMPT, distinct) == OF.detect_python(PROMPT, distinct) == []
    looping = distinct[:-1] + " ao mesmo" * 600 + "."
    assert not OF._CLEAN(PROMPT, looping)
    assert OF.detect(PROMPT, looping) == OF.detect_python(PROMPT, looping)
    long_prompt = " ".join(f"questao{i}" for i in range(2000)) + "?"
    echo = long_prompt[:-1] + " sim."
    assert OF.detect(long_prompt, echo) == OF.detect_python(long_prompt, echo)
    assert OF.detect(long_prompt, echo)[0].kind is OF.FailureKind.ECHO


@native
def test_nul_and_control_characters() -> None:
    for answer in [GOOD.replace(" ", "\0", 3), GOOD + "\0.", "\0" * 40 + ".", GOOD + "\x1f."]:
        assert OF.detect(PROMPT, answer) == OF.detect_python(PROMPT, answer)
    assert OF.detect(PROMPT + "\0", GOOD) == OF.detect_python(PROMPT + "\0", GOOD)
