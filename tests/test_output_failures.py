"""The shared output-failure detectors: each kind on what models really emit, no false alarm on
plain good answers, reasons that name the evidence, and properties over arbitrary text."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.tribunal.judges.background import cut_word
from noesis_trainer.tribunal.judges.lexicon import DANGLING_WORDS
from noesis_trainer.tribunal.output_failures import (
    FailureKind,
    OutputFailure,
    _scrap_of_word,
    detect,
    detect_batch,
    language_of,
)

PROMPT = "O que Pitágoras quis dizer com 'tudo é número'?"
GOOD = (
    "Pitágoras e seus seguidores descobriram que os intervalos musicais correspondem a razões "
    "de números inteiros: a oitava é 2:1, a quinta 3:2. Isso sugeriu que a realidade tem uma "
    "estrutura matemática, e não apenas material. Hoje a física ainda descreve o mundo com "
    "equações, embora ninguém diga que a matéria seja feita de números."
)
EN_PROMPT = "Why does ice float on water?"
EN_GOOD = (
    "Ice floats because it is less dense than liquid water. When water freezes, its molecules "
    "form a hexagonal lattice held by hydrogen bonds, which keeps them farther apart than in "
    "the liquid, so the solid is about 9% less dense."
)


def kinds(prompt: str, answer: str, **kw: object) -> set[FailureKind]:
    return {f.kind for f in detect(prompt, answer, **kw)}  # type: ignore[arg-type]


def test_good_answers_pass() -> None:
    assert detect(PROMPT, GOOD) == []
    assert detect(EN_PROMPT, EN_GOOD) == []
    assert detect(PROMPT, GOOD, finished=True) == []


@pytest.mark.parametrize(
    ("answer", "kind", "evidence"),
    [
        ("", FailureKind.EMPTY, "empty"),
        ("   \n ", FailureKind.EMPTY, "empty"),
        ("Sim", FailureKind.EMPTY, "near-empty"),
        ("A resposta é " + "ao mesmo, " * 14, FailureKind.LOOP, "'ao mesmo' x 14"),
        (GOOD + " " + "o número o número o número o número o número", FailureKind.LOOP, "x 5"),
        ("[DIKE]\n" * 9, FailureKind.LOOP, "'dike' x 9"),
        (
            GOOD + "\nIsso é a verdade dos números.\nE mais.\nIsso é a verdade dos números.\n"
            "De novo.\nIsso é a verdade dos números.",
            FailureKind.LOOP,
            "x 3",
        ),
        (
            GOOD + " <|eot_id|><|start_header_id|>user<|end_header_id|> e agora?",
            FailureKind.TEMPLATE_LEAK,
            "<|eot_id|>",
        ),
        (GOOD + "<|im_end|>\n<|im_start|>user\nOutra?", FailureKind.TEMPLATE_LEAK, "<|im_end|>"),
        (GOOD + "<end_of_turn>\n<start_of_turn>user", FailureKind.TEMPLATE_LEAK, "end_of_turn"),
        (GOOD + "\nuser\nE o que mais?", FailureKind.TEMPLATE_LEAK, "'user'"),
        ("[ANÁLISE DETALHADA COM CITAÇÕES]", FailureKind.SKELETON, "ANÁLISE DETALHADA"),
        ("[ANÁLISE]\n[VERITAS]\n[DIKE]\nTexto curto.", FailureKind.SKELETON, "section labels"),
        # a label may open with a digit ("0XFF"), as long as capitals follow (round 38)
        ("[SINCE]\n[0XFF]\n[0XFF]\n[0XFF]\n[0XFF]", FailureKind.SKELETON, "section labels"),
        ("1. Reconheça que...\n2. Considere que...\n3. Conclua.", FailureKind.SKELETON, "'...'"),
        ("Pitágoras representa...", FailureKind.SKELETON, "ends in '...'"),
        (GOOD + " TODO: completar com exemplos.", FailureKind.SKELETON, "TODO"),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", FailureKind.SKELETON, "orem"),
        ("Aqui vai a resposta sobre {topico} com detalhes.", FailureKind.SKELETON, "{topico}"),
        (PROMPT, FailureKind.ECHO, "echoes the prompt"),
        (PROMPT + " Boa pergunta.", FailureKind.ECHO, "echoes the prompt"),
        (
            "Pitágoras acreditava que a realidade fundamental é relação matemática, e que as "
            "proporções musicais mostram",
            FailureKind.TRUNCATED,
            "mid-sentence",
        ),
        (GOOD[: len(GOOD) // 2].rstrip() + ",", FailureKind.TRUNCATED, "mid-sentence"),
        ("Veja o código:\n\n```python\ndef f(x):\n    return", FailureKind.TRUNCATED, "code block"),
        ("Resumo:\n\n| ideia | autor |\n|---|:---:|", FailureKind.TRUNCATED, "table header"),
        (GOOD + "\n\nT", FailureKind.TRUNCATED, "new paragraph stops at 'T'"),
        (GOOD[:120].rsplit(" ", 1)[0] + " ", FailureKind.TRUNCATED, "and a space"),
        (GOOD + " " + "│ " * 20, FailureKind.LOOP, "'│' x 20 (symbols)"),
        (GOOD + "\nFluxo:\n" + "-> " * 18 + "\n", FailureKind.LOOP, "'->' x 18"),
        (
            "Pythagoras believed that the world is made of numbers and that this is the key to "
            "the harmony of all things, which is why he studied music.",
            FailureKind.LANGUAGE,
            "English to a question in Portuguese",
        ),
    ],
)
def test_each_failure_is_named_with_its_evidence(
    answer: str, kind: FailureKind, evidence: str
) -> None:
    found = detect(PROMPT, answer)
    assert kind in {f.kind for f in found}, found
    reason = next(f.reason for f in found if f.kind is kind)
    assert evidence in reason


def test_finished_false_is_truncation_even_with_a_full_stop() -> None:
    found = detect(PROMPT, GOOD, finished=False)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]
    assert "max_new_tokens" in found[0].reason


def test_tokenizer_special_tokens_are_looked_for() -> None:
    answer = GOOD + " [[END]]"
    assert FailureKind.TEMPLATE_LEAK not in kinds(PROMPT, answer)
    found = detect(PROMPT, answer, special_tokens=["[[END]]"])
    assert [f.reason for f in found] == ["special-token leak: '[[END]]' in the answer"]


@pytest.mark.parametrize(
    "answer",
    [
        "Sim: 2 + 2 = 4.",  # terse but complete
        "Não, não, não: a Terra não é plana, e as fotos de satélite mostram isso claramente.",
        "Veja a tabela:\n| a | b |\n|---|---|\n| 1 | 2 |",
        "Use a função assim: `f'{nome}'` em Python, ou veja https://docs.python.org",
        "Passos:\n- medir\n- comparar\n- concluir",
        "A fórmula é \\frac{a}{b} e o conjunto {1, 2, 3} tem três elementos.",
        "[1] Turing, A. (1936). On computable numbers. Isso fundou a computação.",
        "Código:\n\n```python\nprint(2 + 2)\n```\n\nSaída: 4.",  # a closed block
        "Inline ```não é bloco``` e termina bem.",
        "Uma regra separa as partes.\n\n---\n\nE a segunda parte termina aqui.",
        "Tabela:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nFim.",
        "Escala: - - - - - (cinco passos) e pronto.",  # a few symbols, not a loop
        GOOD + "\n\nOK",  # a closing word of two letters, not a cut
        GOOD + "\n\nEm Python: `2 ** 10`",  # an exponent in code is no open bold
        GOOD + "\n\nRazões:\n- oitava (2:1) perfeita\n- quinta [3:2] e “consonante” `ok` soa",
        "***Resumo: depende do contexto,\nmas o princípio vale sempre.***",  # bold over lines
        "**_Em suma: a razão ordena\no som._**",
        "Passos:\n\n1. ```bash\n   ls -la\n   ```\n2. Pronto, a listagem aparece.",
    ],
)
def test_no_false_alarm_on_ordinary_forms(answer: str) -> None:
    assert detect(PROMPT, answer) == [], detect(PROMPT, answer)


RULE = "═" * 40
PARAGRAPHS = (
    GOOD,
    "A escola pitagórica vivia como uma comunidade: seus membros partilhavam bens, seguiam "
    "regras de silêncio e estudavam aritmética, geometria, música e astronomia como quatro "
    "faces de um mesmo saber. Para eles, conhecer as proporções era também purificar a alma.",
    "Aristóteles, mais tarde, criticou a tese: números são abstrações tiradas das coisas, não "
    "a sua substância. A crítica pesou por séculos, até que Galileu escreveu que o livro da "
    "natureza está escrito em linguagem matemática, e a ideia voltou com outra roupa.",
)
REFERENCES = (
    "\n\nReferências:\n"
    "[1] Shannon, C. (1948). A Mathematical Theory of Communication, Bell System Technical "
    "Journal\n"
    "[2] Cover, T. & Thomas, J. (2006). Elements of Information Theory, second edition, Wiley "
    "Interscience\n"
    "[3] Knuth, D. (1997). The Art of Computer Programming, Volume 1: Fundamental Algorithms, "
    "third edition"
)
STRUCTURED = (
    f"{RULE}\nPARTE I: A MEDIDA\n{RULE}\n\n{GOOD}\n\nCONEXÃO COM A MÚSICA:\n- a oitava\n\n"
    f"CONEXÃO COM A MÚSICA:\n- a quinta\n\nCONEXÃO COM A MÚSICA:\n- a quarta\n\n"
    "```python\nratio = self.low / self.high\nratio = self.low / self.high\n"
    "ratio = self.low / self.high\n```\n\n"
    "│ 2:1 │\n│  ↓  │\n│ 3:2 │\n│  ↓  │\n│ 4:3 │\n│  ↓  │\n\n"
    "[VEREDITO FINAL]\nTotal: a razão simples explica a consonância dos intervalos, e o "
    f"resto vem da física.\n\n{GOOD}"
)


@pytest.mark.parametrize(
    "answer",
    [
        GOOD + REFERENCES,  # a reference list, written without end punctuation
        GOOD + "\n\n[1] Boyer, C. História da Matemática",  # one short reference
        STRUCTURED,  # labels, code and a diagram repeat by design; a heading with its section
        GOOD + "\n\n[docs]: https://example.org/pitagoras",  # a markdown link target
        GOOD + "\n\nFerramentas:\n- numpy\n- sympy",  # terms no word list holds: not cuts
        GOOD + " Veja [RFC 6455].\n\n[RFC 6455]: https://www.rfc-editor.org/rfc/rfc6455",
        GOOD + "\n" + RULE,  # a closing rule right under the last paragraph
        "\nIsso é a verdade dos números.\n".join(PARAGRAPHS)
        + "\nIsso é a verdade dos números.",  # a refrain, a small share of the answer
    ],
)
def test_no_false_alarm_on_long_structured_answers(answer: str) -> None:
    """Long hand-written answers (the original pipeline's alma_manual_600 family) end in
    references, repeat labels, code and diagram lines, and head sections with bracketed titles:
    none of it is a failure (before: 25 of 27 such answers were rejected by the gate)."""
    assert detect(PROMPT, answer) == [], detect(PROMPT, answer)


@pytest.mark.parametrize(
    ("answer", "evidence"),
    [
        (GOOD + "\n\n## Conclusão", "ends on a heading"),
        (GOOD + f"\n\n{RULE}\nPARTE II: A HARMONIA\n{RULE}", "heading with nothing under it"),
        (GOOD + "\n\nResumo\n------", "heading with nothing under it"),
        (f"{RULE}\nPARTE I\n{RULE}\n\n{GOOD}\n\n{RULE}\nPARTE II: A HARM", "closing rule"),
        (f"{GOOD}\n\n{RULE}\nPARTE II\n{RULE}\n\nHarmonia", "new section stops at"),
        (GOOD + "\n\n│ razão │ intervalo │\n│ 2:1 │ oitava │\n│ 3:2 │ qui", "row left open"),
        (GOOD + "\n\nO fasci", "ends mid-word ('fasci')"),
        (GOOD + "\n\n- a oitava\n- a quinta, que os pitagóricos consideravam perfei", "mid-word"),
        (GOOD + "\n\n**Prova (simplificada):**", "ends on a label with nothing under it"),
        (f"{RULE}\nPARTE I\n{RULE}\n\n{GOOD}\n\n{RULE[:12]}", "opens a new section"),
        (f"{RULE}\nPARTE I\n{RULE}\n\n{GOOD}\n{RULE[:12]}", "a rule cut short (12 of 40)"),
        (GOOD + "\n\nTexto completo aqui e **importante", "open '**'"),
        (GOOD + "\n\n**Primeiro:** ok.\n**Segundo:** ainda **não", "open '**'"),
        (GOOD + "\n\n- a oitava\n- a quinta e", "ends on 'e', which cannot end it"),
        (GOOD + "\n\nAs razões:\n- a oitava\n- a quinta, 3:2, da", "ends on 'da'"),
        (GOOD + "\n\nPassos:\n\n1. ```bash\n   ls -la", "open code block"),
        (GOOD + "\n\nEm Python:\n\n``", "a code fence cut short"),
        (GOOD + "\n\nLimpe os caches (`sudo apt c", "open '`'"),
        (GOOD + "\n\nO qubit fica em superposição (os dois estados ao mesmo tem", "open '('"),
        (GOOD + '\n\nComo diz a frase, "tudo é número e harmo', "open '\"'"),
        (GOOD + "\n\nComo diz a frase, “tudo é número e harmo", "open '“'"),
        (  # items that end in full stops give an unpunctuated last item no cover
            GOOD + "\n\n- Pitágoras mediu cordas de comprimentos diferentes e ouviu as razões.\n"
            "- Os pitagóricos viram nessas razões simples a ordem de todo o cosmos e das "
            "almas dos homens que",
            "the full stop its other items end on",
        ),
    ],
)
def test_cuts_at_the_seams_of_a_structured_answer(answer: str, evidence: str) -> None:
    found = detect(PROMPT, answer)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED], found
    assert evidence in found[0].reason


@pytest.mark.parametrize(
    ("answer", "truncated"),
    [
        (EN_GOOD + "\n\nTo keep it cold:\n- Use a freezer\n- Keep the lid on the", True),
        (EN_GOOD + "\n\nWhat helps:\n- Salt and", True),
        (EN_GOOD + "\n\nWhat helps:\n- Salt\n- Vitamin A", False),  # capitals: a name, not "a"
        (EN_GOOD + "\n\nWhat it is made of:\n- Water\n- Air", False),
        (EN_GOOD + "\n\nReferences\n\nKuhn, T. Revolutions. 1962\nGleick, J. Chaos. 19", True),
        (  # references written without markers or full stops, each ending on its year
            EN_GOOD + "\n\nReferences\n\nKuhn, Thomas. The Structure of Scientific Revolutions. "
            "1962\nGleick, James. Chaos. 1987\n"
            "Rhodes, Richard. The Making of the Atomic Bomb. 1986",
            False,
        ),
    ],
)
def test_a_last_word_that_cannot_end_an_answer(answer: str, truncated: bool) -> None:
    """A list item or a short last line may end without a full stop, but not on an article, a
    conjunction or a bound preposition of the answer's language: the cut came at a word's end."""
    found = detect(EN_PROMPT, answer)
    assert (FailureKind.TRUNCATED in {f.kind for f in found}) is truncated, found


_WORD = st.text(alphabet=string.ascii_letters + "áéçõ", min_size=2, max_size=9).filter(
    # words that end no item (tested above), and starts of words ("xa" of "xadrez": a cut in
    # the middle of a word, test_cuts_at_the_seams_of_a_structured_answer) are no last words
    lambda w: (
        w.lower() not in DANGLING_WORDS["Portuguese"]
        and not cut_word(w)
        # "aa", "we" in a Portuguese answer: scraps of longer words (round 49)
        and not (
            len(w) <= 3
            and any(_scrap_of_word(w.lower(), lang) for lang in ("Portuguese", "English"))
        )
    )
)


@settings(max_examples=120, deadline=None)
@given(
    items=st.lists(st.lists(_WORD, min_size=4, max_size=20), min_size=2, max_size=6),
    marker=st.sampled_from(["[{}]", "({})", "{}.", "-"]),
    full_stops=st.booleans(),
)
def test_a_list_ends_like_its_items(items: list[list[str]], marker: str, full_stops: bool) -> None:
    """A list whose items end without a full stop may end that way too; in a list whose items
    end in full stops, a long last item without one is a cut."""
    lines = [
        f"{marker.format(i)} {' '.join(words)}{'.' if full_stops and i < len(items) else ''}"
        for i, words in enumerate(items, 1)
    ]
    found = kinds(PROMPT, GOOD + "\n\n" + "\n".join(lines))
    if not full_stops:
        assert FailureKind.TRUNCATED not in found
    elif len(items[-1]) >= 12:
        assert FailureKind.TRUNCATED in found


def test_a_sentence_loop_still_fills_its_answer() -> None:
    line = "Isso é a verdade dos números."
    assert FailureKind.LOOP in kinds(PROMPT, f"{GOOD}\n" + f"{line}\nE mais.\n" * 6)
    # three copies are a loop where they fill a tenth of the answer, a refrain where they do not
    assert FailureKind.LOOP in kinds(PROMPT, f"{line}\nUm.\n{line}\nDois.\n{line}")


def test_citations_and_years_in_brackets_are_no_slots() -> None:
    for answer in (
        f"{GOOD} [1] [2]",
        f"{GOOD} Ver [2023] e [1999].",
        f"{GOOD} Cite [12], [13].",
    ):
        assert FailureKind.SKELETON not in kinds(PROMPT, answer), answer


def test_a_bracketed_slot_with_nothing_under_it_is_unfilled() -> None:
    for answer in (
        f"{GOOD}\n\n[ANÁLISE DETALHADA COM CITAÇÕES]\n\n{GOOD}",  # a blank line under it
        f"{GOOD}\n\n[ANÁLISE DETALHADA COM CITAÇÕES]",  # nothing under it
        "[ANÁLISE DETALHADA]\nPitágoras representa...",  # a stub under it
        f"Veja [ANÁLISE DETALHADA COM CITAÇÕES] e {GOOD}",  # inside a line
    ):
        assert FailureKind.SKELETON in kinds(PROMPT, answer), answer


def words(text: str) -> list[str]:
    return text.split()


def test_language_profiles() -> None:
    assert language_of(words("isso nao e uma coisa que voce tem")) == "Portuguese"
    assert language_of(words("this is not the thing that you have")) == "English"
    assert language_of(words("el perro y los gatos son muy buenos pero")) == "Spanish"
    assert language_of(words("ok")) is None  # too little evidence: no call


def test_misplaced_answers_are_found_in_a_batch() -> None:
    musical = "Como os intervalos musicais de Pitágoras se relacionam com números inteiros?"
    items = [
        (musical, GOOD),
        (EN_PROMPT, EN_GOOD),
        ("What is the capital of France and why?", EN_GOOD),  # ice answer, wrong prompt
        ("Como funciona a fotossíntese nas plantas?", GOOD),  # Pythagoras answer, wrong prompt
    ]
    found = detect_batch(items)
    assert [FailureKind.MISPLACED in {f.kind for f in fs} for fs in found] == [
        False,
        False,
        True,
        True,
    ]
    reason = next(f.reason for f in found[3] if f.kind is FailureKind.MISPLACED)
    assert "intervalos musicais" in reason and "0% of its own" in reason


def test_framed_variants_of_one_question_are_not_misplaced() -> None:
    items = [
        (PROMPT, GOOD),
        ("Explique em profundidade: " + PROMPT, GOOD),
        (EN_PROMPT, EN_GOOD),
    ]
    assert all(FailureKind.MISPLACED not in {f.kind for f in fs} for fs in detect_batch(items))


def test_detect_batch_matches_detect_and_checks_lengths() -> None:
    items = [(PROMPT, GOOD), (PROMPT, ""), (EN_PROMPT, EN_GOOD)]
    flags: list[bool | None] = [None, None, False]
    got = detect_batch(items, finished=flags)
    assert got == [detect(p, a, finished=f) for (p, a), f in zip(items, flags, strict=True)]
    with pytest.raises(ValueError, match="2 flags for 3 items"):
        detect_batch(items, finished=[True, True])


text = st.text(alphabet=string.printable + "áéíóúãõçÀ…<|>[]{}", max_size=400)


@settings(max_examples=300, deadline=None)
@given(prompt=text, answer=text, finished=st.sampled_from([None, True, False]))
def test_detect_is_total_and_reasons_are_nonempty(
    prompt: str, answer: str, finished: bool | None
) -> None:
    found = detect(prompt, answer, finished=finished)
    assert all(isinstance(f, OutputFailure) and f.reason for f in found)
    assert len({f.kind for f in found}) == len(found)  # one reason per kind
    got = {f.kind for f in found}
    if finished is False and FailureKind.EMPTY not in got:
        assert FailureKind.TRUNCATED in got
    if FailureKind.EMPTY in got:
        assert len(found) == 1  # nothing else to say about no answer


@settings(max_examples=150, deadline=None)
@given(
    phrase=st.lists(
        st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=8), min_size=2, max_size=6
    ),
    copies=st.integers(min_value=4, max_value=30),
)
def test_any_phrase_repeated_back_to_back_is_a_loop(phrase: list[str], copies: int) -> None:
    answer = "Começo da resposta. " + (" ".join(phrase) + ", ") * copies
    found = [f for f in detect(PROMPT, answer) if f.kind is FailureKind.LOOP]
    if len(phrase) * copies >= 8:
        assert found, answer
        assert f"x {copies}" in found[0].reason or "x " in found[0].reason


@settings(max_examples=150, deadline=None)
@given(token=st.sampled_from(["<|eot_id|>", "<|im_end|>", "<end_of_turn>", "<|endoftext|>"]))
def test_template_tokens_anywhere_are_leaks(token: str) -> None:
    for cut in (0, len(GOOD) // 2, len(GOOD)):
        answer = GOOD[:cut] + token + GOOD[cut:]
        assert FailureKind.TEMPLATE_LEAK in kinds(PROMPT, answer)


@pytest.mark.parametrize(
    ("tail", "evidence"),
    [
        ("9" * 50_000 + "x a b c", "mid-sentence"),
        ("(" * 50_000 + "a b c d", "open '('"),
        ("a 1962\n" * 50_000 + "b 1986", None),  # a column of years: a loop, not a cut
        ('"a ' * 50_000 + "b", "mid-sentence"),  # closed quotations, then an open sentence
        ("**a " * 50_000 + "b", "mid-sentence"),  # bold closed pair by pair
    ],
)
def test_long_hostile_last_lines(tail: str, evidence: str | None) -> None:
    """Runs of the marks the cut rules count (digits, parentheses, quotes, `**`) at the end of a
    long answer: each rule scans the last line once (no regex that backtracks over a run)."""
    found = [f.reason for f in detect(PROMPT, GOOD + "\n\n" + tail)]
    cuts = [r for r in found if r.startswith("truncated")]
    if evidence is None:
        assert cuts == [], found
    else:
        assert len(cuts) == 1 and evidence in cuts[0], found


# -- answers stated as a quantity or a formula, terse answers of two sentences --------------

_QUANTITY_UNITS = ("km", "°F", "bytes", "s", "kg", "%", "GB", "mL", "km/h")


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(_WORD, min_size=8, max_size=30),
    number=st.from_regex(r"[1-9][0-9]{0,3}(?:[.,][0-9]{1,3})?", fullmatch=True),
    unit=st.sampled_from(_QUANTITY_UNITS),
)
def test_an_answer_may_end_on_a_quantity(words: list[str], number: str, unit: str) -> None:
    """A result stated as a number and its unit ends an answer without a full stop ("... 86 °F");
    the same sentence stopping on an ordinary word is a cut."""
    prose = "Dá para calcular assim: " + " ".join(words)
    assert FailureKind.TRUNCATED not in kinds(PROMPT, f"{prose} {number} {unit}")
    assert FailureKind.TRUNCATED in kinds(PROMPT, f"{prose} {number} {unit} e depois")


@pytest.mark.parametrize(
    ("tail", "truncated"),
    [
        ("A área do círculo é pi vezes o raio ao quadrado: A = π·r²", False),
        ("Depois de t períodos, o montante é M = C·(1 + i)^t", False),
        ("Por isso a conta fica 7 × 8 = 56", False),
        ("Com a taxa de juros mensal, o montante x = the value of", True),  # words after "="
        ("Com a taxa de juros mensal, o montante final fica em", True),
    ],
)
def test_an_answer_may_end_on_an_equation(tail: str, truncated: bool) -> None:
    found = kinds(PROMPT, GOOD + " " + tail)
    assert (FailureKind.TRUNCATED in found) is truncated, found


@pytest.mark.parametrize(
    ("answer", "truncated"),
    [
        ("Machado de Assis, em 1899", False),  # terse, one sentence: a name and a year
        ("Palmas, a capital mais nova do país", False),
        ("Palmas. É a capital estadual planejada", True),  # a second sentence stopped short
        ("É 150. Basta dividir 200 por", True),
        ("There are 16 ounces in a pound. For r", True),
    ],
)
def test_a_terse_answer_of_two_sentences_ends_like_one(answer: str, truncated: bool) -> None:
    """A one-line answer of a few words may skip its full stop; one whose first sentence has a
    full stop and whose second stops without one was cut."""
    found = kinds("Qual a capital do Tocantins?", answer)
    assert (FailureKind.TRUNCATED in found) is truncated, found


SUMMARY_PROMPT = (
    'Resuma em uma frase: "A reunião de hoje foi adiada porque o diretor está viajando e só volta '
    'na semana que vem, então vamos remarcar para segunda-feira."'
)


@pytest.mark.parametrize(
    ("answer", "echo"),
    [
        ("A reunião foi remarcada para segunda-feira porque o diretor está viajando.", False),
        (  # the passage copied whole is no summary
            "A reunião de hoje foi adiada porque o diretor está viajando e só volta na semana que "
            "vem, então vamos remarcar para segunda-feira.",
            True,
        ),
        ("Resuma em uma frase.", True),  # the request repeated
        (SUMMARY_PROMPT, True),
    ],
)
def test_a_quoted_passage_is_material_not_an_echo(answer: str, echo: bool) -> None:
    """A summary or a rewrite reuses the words of the passage it was given; it echoes only when it
    repeats the request or copies the passage whole."""
    assert (FailureKind.ECHO in kinds(SUMMARY_PROMPT, answer)) is echo
    single = SUMMARY_PROMPT.replace('"', "'")
    assert (FailureKind.ECHO in kinds(single, answer.replace('"', "'"))) is echo


def test_a_short_answer_too_short_for_its_language_takes_its_prompts() -> None:
    """An answer like "Basta dividir 200 por" has too few function words to tell its language,
    so the prompt's (two are enough in a prompt) decides that "por" cannot end it."""
    prompt = "Você sabe quanto é 3/4 de 200? E como faço essa conta de cabeça?"
    assert FailureKind.TRUNCATED in kinds(prompt, "Dá 150: basta dividir 200 por")
    assert FailureKind.TRUNCATED not in kinds(prompt, "Dá 150: basta dividir 200 por 4")


def test_a_symbol_repeated_on_lines_of_its_own_is_a_loop() -> None:
    """A model that emits "÷" after "÷", one per line, loops as surely as with spaces."""
    answer = "Fica R$ 41,25 para cada pessoa, já que 247,50 ÷ 6 = 41,25. " + "÷\n" * 26
    failures = detect("Quanto fica para cada um?", answer)
    assert [f.kind for f in failures] == [FailureKind.LOOP]
    # a few marks on lines of their own are no loop
    assert not detect("Mostre os passos.", "Passo 1: abra.\n*\n*\n*\nPasso 2: feche.")


@pytest.mark.parametrize(
    ("answer", "cut"),
    [
        ("Use `^\\d{5}-\\d{3}$`. O `", True),  # the mark opens a span that never came
        ("Veja ``x`` e `", True),
        ("Use `ls -a`", False),
        ("Use ``a`b``", False),  # a double-backtick span holding one backtick
        ("Rode:\n```\nls -a\n```", False),  # a closed code block
    ],
)
def test_an_answer_that_ends_on_an_opening_backtick_was_cut(answer: str, cut: bool) -> None:
    failures = detect("Como listo arquivos ocultos?", answer)
    assert any(f.kind is FailureKind.TRUNCATED for f in failures) is cut, failures


VERSE_PROMPT = (
    "Could you write me a haiku about what a Monday morning feels like for the people who work "
    "in an office?"
)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("Alarm sings too soon\ncoffee steams against the gray\nthe week clears its throat", None),
        ("Alarm sings too soon\ncoffee steams against the gray\nthe week clears the", "'the'"),
        (
            "Alarm sings too soon\ncoffee steams against the gray\nthe week clears its thr",
            "mid-word",
        ),
        (  # a last line longer than verse's is prose again
            "Alarm sings too soon\ncoffee steams against the gray\n"
            "the week clears its throat and then it goes on to",
            "mid-sentence",
        ),
    ],
)
def test_verse_ends_without_a_full_stop(answer: str, reason: str | None) -> None:
    """A poem's last line needs no full stop; a cut inside it is still one."""
    found = detect(VERSE_PROMPT, answer)
    if reason is None:
        assert found == []
    else:
        assert [f.kind for f in found] == [FailureKind.TRUNCATED] and reason in found[0].reason
