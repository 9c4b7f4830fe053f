"""Round 46's rules. From the misses of a family of terse answers written blind and read this
round (`short_ek`): a dash that sets off an aside ("No — grapes can cause kidney failure", "W —
from wolfram") read as no mark at all, since folding drops it, so a verdict was no verdict and a
name ran on into its aside; and an English answer that names the subject asked for and then a
verb standing for the question's ("Saturn does.") was no name. From typographic variants of the
written families: a curly apostrophe joined words when folded ("can’t" read "cant", and a
refusal typed so slipped through), and an emoji at an answer's end hid where its text stops.
From two more families read after those rules (`short_eo`, `short_ep`): an opening that restates
the question's verb ("Tem quatro cordas.", "They give off carbon dioxide"), a rounded count
("about 206 bones"), an interjection before the question ("wait whats a sommelier") and a
verb defined after its copula ("É adiar tarefas...").

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 46").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.terse_batch import statuses

from noesis_trainer.core.folding import fold, folded_words
from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import gives_verdict
from noesis_trainer.tribunal.judges.text import (
    _ASIDE_DASH,
    _defines_verb,
    _past_question_verb,
    _without_pro_verb,
    in_kind,
    prompt_features,
    request_text,
    response_features,
    without_sign_off,
)

VERDICTS_SET_OFF_BY_A_DASH = [
    ("can cats eat chocolate?", "No — theobromine in it is toxic to them."),
    ("posso congelar leite?", "Sim — só deixe espaço na garrafa, porque ele expande."),
    ("is a peanut a nut?", "No – it's a legume, like peas and beans."),
    ("dá pra lavar tênis na máquina?", "NÃO — a cola da sola solta com a água quente."),
]


@pytest.mark.parametrize(("prompt", "answer"), VERDICTS_SET_OFF_BY_A_DASH)
def test_a_yes_or_a_no_set_off_by_a_dash_is_a_verdict(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert gives_verdict(JudgeItem(prompt, answer), p, response_features(answer))


def test_a_dash_after_the_verdict_reads_as_a_comma_in_a_batch() -> None:
    with_comma = [(p, _ASIDE_DASH.sub(", ", a)) for p, a in VERDICTS_SET_OFF_BY_A_DASH]
    assert statuses(VERDICTS_SET_OFF_BY_A_DASH) == statuses(with_comma)
    assert set(statuses(VERDICTS_SET_OFF_BY_A_DASH)) == {"APPROVED"}


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("can cats eat chocolate?", "No harm — a lick is fine."),  # "No harm" is no "no"
        ("can cats eat chocolate?", "Nobody — knows."),
    ],
)
def test_a_word_that_opens_with_no_is_no_verdict(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert not gives_verdict(JudgeItem(prompt, answer), p, response_features(answer))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what's the chemical symbol for silver?", "Ag — from the Latin argentum."),
        ("which organ makes insulin?", "The pancreas — in its islets."),
        ("who composed the four seasons?", "Antonio Vivaldi—around 1720."),
    ],
)
def test_a_dash_sets_off_the_aside_after_a_name(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert in_kind(prompt, answer, p)
    assert in_kind(prompt, answer, p) == in_kind(prompt, _ASIDE_DASH.sub(", ", answer), p)


def test_a_dash_sets_off_no_wrong_symbol() -> None:
    prompt = "what's the chemical symbol for silver?"
    assert not in_kind(prompt, "Au — from the Latin aurum.", prompt_features(prompt))


@pytest.mark.parametrize(
    "text",
    [
        "10–12 minutes.",  # a range
        "Pack:\n- passport\n- charger",  # a list's dashes
        "– the first line opens with a dash",
        "a well-known fact",
        "Rio-Niterói",
    ],
)
def test_ranges_lists_and_hyphens_are_no_aside(text: str) -> None:
    assert _ASIDE_DASH.sub(", ", text) == text


@pytest.mark.parametrize(
    ("prompt", "answer", "name"),
    [
        ("which metal is liquid at room temperature?", "Mercury is.", "Mercury."),
        ("who discovered penicillin?", "Alexander Fleming did, in 1928.",
         "Alexander Fleming, in 1928."),
        ("which planet has the most moons?", "Saturn does — over 140.", "Saturn — over 140."),
        ("who painted the mona lisa?", "Leonardo da Vinci did.", "Leonardo da Vinci."),
    ],
)  # fmt: skip
def test_a_name_then_a_verb_for_the_questions_is_the_name(
    prompt: str, answer: str, name: str
) -> None:
    assert _without_pro_verb(request_text(prompt), answer) == name
    assert in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("which metal is liquid at room temperature?", "It is."),  # a pronoun names nothing
        ("who discovered penicillin?", "They did."),
        ("who discovered penicillin?", "Nobody knows who did."),
    ],
)
def test_a_pronoun_then_a_verb_is_no_name(prompt: str, answer: str) -> None:
    assert not in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("quem descobriu a penicilina?", "Fleming did."),  # not an English question
        ("how long does rice keep?", "Rice does."),  # "how" asks for no subject
        ("which metal is liquid at room temperature?", "Mercury is the one."),  # not at the end
    ],
)
def test_the_verb_is_kept_where_no_subject_is_asked_or_more_follows(
    prompt: str, answer: str
) -> None:
    assert _without_pro_verb(request_text(prompt), answer) == answer


def test_a_batch_approves_a_name_then_its_verb() -> None:
    pairs = [
        ("which metal is liquid at room temperature?", "Mercury is."),
        ("who discovered penicillin?", "Alexander Fleming did, in 1928."),
    ]
    assert statuses(pairs) == ["APPROVED", "APPROVED"]


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_readings_never_fail(prompt: str, answer: str) -> None:
    kept = _without_pro_verb(request_text(prompt), answer)
    assert answer.endswith(kept[len(kept.rstrip()) :]) or kept == answer
    assert isinstance(in_kind(prompt, answer, prompt_features(prompt)), bool)


@given(st.text(max_size=200))
def test_typographic_apostrophes_and_dashes_fold_as_ascii(text: str) -> None:
    """A phone or a model may type "’" and "—" where a keyboard types "'" and "-": the judges
    read the same words either way (folding kept the curly mark's word whole: "can’t" read
    "cant", and "No — " no verdict)."""
    for ascii_mark, typographic in (
        ("'", "\u2019"),
        ("'", "\u2018"),
        ("-", "\u2014"),
        ("-", "\u2013"),
    ):
        assert fold(text.replace(ascii_mark, typographic)) == fold(text)
        assert folded_words(text.replace(ascii_mark, typographic)) == folded_words(text)


REFUSALS_WITH_CURLY_APOSTROPHES = [
    ("who wrote the iliad?", "Sorry, I can’t help with that."),
    ("what's the boiling point of ethanol?", "I’m not able to answer that, sorry."),
    ("how many legs does a spider have?", "I don’t know."),
    ("qual a capital do chile?", "Desculpe, não posso ajudar com isso."),
]


def test_a_refusal_typed_with_curly_apostrophes_is_rejected_as_typed_straight() -> None:
    """Round 46 measured the written families' 930 refusal drafts typed with "’": 816 rejected
    in a batch with round 45's folding (913 typed straight), 913 with round 46's."""
    straight = [(p, a.replace("\u2019", "'")) for p, a in REFUSALS_WITH_CURLY_APOSTROPHES]
    assert statuses(REFUSALS_WITH_CURLY_APOSTROPHES) == statuses(straight)
    assert set(statuses(REFUSALS_WITH_CURLY_APOSTROPHES)) == {"REJECTED"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Canberra. 🙂", "Canberra."),
        ("Canberra 👍🏽 ", "Canberra."),  # the sign-off ended its sentence
        ("Boa sorte! 🍀🍀", "Boa sorte!"),
        ("Olá 👨\u200d👩\u200d👧", "Olá."),  # a family: three emoji and two joiners
        ("Done ✓", "Done."),
        ("Water boils at 212 ℉", "Water boils at 212 ℉"),  # a letter-like symbol is no sign-off
        ("Play it in C♯", "Play it in C♯"),
        ("🙂🙂", "🙂🙂"),  # nothing else: the whole answer
        ("About 25 °C", "About 25 °C"),  # Latin-1 symbols end a measure
        ("Ação", "Ação"),
        ("It is 😀 then words.", "It is 😀 then words."),  # only at the end
    ],
)
def test_a_sign_off_is_the_emoji_an_answer_ends_on(text: str, kept: str) -> None:
    assert without_sign_off(text) == kept


@given(st.text(max_size=100))
def test_a_sign_off_leaves_a_prefix(text: str) -> None:
    kept = without_sign_off(text)
    assert text.startswith(kept) or (kept.endswith(".") and text.startswith(kept[:-1]))
    assert without_sign_off(kept) == kept
    assert kept.strip() or not text.strip() or kept == text


SIGNED = [
    ("how many bones in an adult human body", "206."),
    ("capital of australia", "Canberra, not Sydney."),
    ("which classical order has scroll capitals", "The Ionic order."),
    ("posso congelar leite?", "Pode, mas deixe espaço na garrafa porque ele expande."),
    ("what's the boiling point of ethanol?", "Great question! Let me know if you need more."),
    ("quem escreveu dom casmurro?", "Desculpe, não posso ajudar com isso."),
    ("how do i get rid of fruit flies", "Set a cup of cider vinegar with a drop of dish soap."),
]


def test_an_emoji_at_the_end_changes_no_verdict() -> None:
    """Round 46 measured the written families' 8,432 good answers with " 🙂" at their ends:
    7,120 approved with round 45's code (7,766 without it), 7,782 with round 46's (7,773
    without); their drafts by kind are rejected as often with it as without."""
    signed = [(p, a + " 🙂") for p, a in SIGNED]
    assert statuses(signed) == statuses(SIGNED)
    assert statuses(signed)[:3] == ["APPROVED"] * 3
    assert statuses(signed)[4:6] == ["REJECTED"] * 2


def test_a_sign_off_keeps_a_loop_of_emoji_a_loop() -> None:
    from noesis_trainer.tribunal.output_failures import FailureKind, detect

    looped = "Rio is lovely this time of year, with beaches and music." + " 😀" * 30
    assert [f.kind for f in detect("what is rio like in march?", looped)] == [FailureKind.LOOP]


@pytest.mark.parametrize(
    ("prompt", "answer", "rest"),
    [
        ("quantas cordas tem um violino", "Tem quatro cordas.", "quatro cordas."),
        ("what gas do leaves give off in sunlight", "They give off oxygen.", "oxygen."),
        ("what gas do leaves give off in sunlight", "Leaves give off oxygen.", "oxygen."),
        ("what tool does a seismologist use", "It uses a seismograph.", "a seismograph."),
    ],
)
def test_an_opening_that_restates_the_questions_verb_is_read_past(
    prompt: str, answer: str, rest: str
) -> None:
    assert _past_question_verb(request_text(prompt), answer) == rest
    assert in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("qual a capital do peru", "O Peru é um país andino."),  # a subject, then its copula
        ("what's the chemical symbol for gold", "The chemical symbol for silver is Ag."),
        ("quantos jogadores tem um time de vôlei", "Em 1895, nos Estados Unidos."),  # a stopword
        ("what country is timbuktu in", "Timbuktu has a long history."),
        ("quantas cordas tem um violino", "Tem."),  # nothing after it
    ],
)
def test_no_verb_is_read_past_where_the_opening_restates_none(prompt: str, answer: str) -> None:
    assert _past_question_verb(request_text(prompt), answer) == answer


def test_the_second_reading_never_takes_the_first_away() -> None:
    """A count after its restated subject and verb is read as written ("A spider has eight
    legs."), and a rounded count too ("about 206 bones")."""
    for prompt, answer in (
        ("how many legs does a spider have", "A spider has eight legs."),
        ("how many bones does an adult have", "An adult has about 206 bones."),
        ("quantos ossos tem um adulto", "Um adulto tem cerca de 206 ossos."),
    ):
        assert in_kind(prompt, answer, prompt_features(prompt))
    prompt = "how many bones does an adult have"
    assert not in_kind(prompt, "An adult has about 6 minutes.", prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "question"),
    [
        ("wait whats a sommelier", "what is a sommelier"),
        ("hmm how many moons does mars have", "how many moons does mars have"),
        ("ah, qual a capital do peru", "qual a capital do peru"),
        ("entao, quem pintou a monalisa?", "quem pintou a monalisa?"),
    ],
)
def test_an_interjection_before_the_question_is_chatter(prompt: str, question: str) -> None:
    assert request_text(prompt) == question


@pytest.mark.parametrize(
    ("prompt", "answer", "defines"),
    [
        ("o que significa procrastinar?", "É adiar o que precisa ser feito.", True),
        ("o que significa procrastinar?", "Significa adiar o que precisa ser feito.", True),
        ("what does procrastinate mean?", "It means to put off tasks.", True),
        # only a verb asked is defined by a verb (tried this round for any "o que é" and
        # dropped: "Prover que conhece x..." read as defining "entrelaçamento quântico")
        ("o que é drible da vaca?", "Tocar a bola por um lado do marcador e correr pelo outro.",
         False),
        ("o que é entrelaçamento quântico?", "Prover que conhece x sem revelar x.", False),
        ("o que é cdi", "Celular longe da cama e quarto escuro.", False),
    ],
)  # fmt: skip
def test_a_verb_is_defined_by_a_verb_after_its_copula(
    prompt: str, answer: str, defines: bool
) -> None:
    assert _defines_verb(request_text(prompt), answer) is defines


# found by the round's review (a helper's, with answers it wrote against the change)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("which team won the 2014 world cup?", "The best team did."),
        ("who wrote hamlet?", "Someone did."),
        ("who painted the mona lisa?", "An Italian did."),
    ],
)
def test_a_verb_after_no_name_is_kept(prompt: str, answer: str) -> None:
    assert _without_pro_verb(request_text(prompt), answer) == answer


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what's the chemical symbol for gold?", "Gold — a precious metal."),
        ("qual a capital da austrália?", "Austrália — um país grande."),
        ("what's the capital of australia?", "Australia is big."),
    ],
)
def test_a_restated_subject_is_no_restated_verb(prompt: str, answer: str) -> None:
    assert _past_question_verb(request_text(prompt), answer) == answer
    assert not in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("o que é usucapião?", "Consultar um advogado."),
        ("o que é usucapião?", "É pesquisar na internet."),
        ("o que é usucapião?", "Qualquer um sabe isso."),
        ("o que significa procrastinar?", "É perguntar ao professor."),
        ("what does procrastinate mean?", "It means to ask someone else."),
        ("what is a mortgage?", "To talk to your bank."),
    ],
)
def test_sending_the_asker_elsewhere_defines_nothing(prompt: str, answer: str) -> None:
    assert not _defines_verb(request_text(prompt), answer)


@pytest.mark.parametrize(
    "prompt",
    ["wait times at the dmv?", "uh-60 black hawk top speed?", "oh canada who wrote it",
     "hum é uma palavra?"],
)  # fmt: skip
def test_an_interjection_is_chatter_only_before_a_mark_or_a_question_word(prompt: str) -> None:
    assert request_text(prompt).split()[0] == fold(prompt).split()[0]


def test_a_verdict_in_decomposed_letters_is_a_verdict() -> None:
    prompt = "baleia é peixe?"
    for answer in ("Não, é um mamífero.", "Na\u0303o, é um mamífero."):
        p = prompt_features(prompt)
        assert gives_verdict(JudgeItem(prompt, answer), p, response_features(answer))


def test_an_emoji_with_no_stop_before_it_ends_the_sentence() -> None:
    pairs = [
        ("can i freeze milk?", "Yes, just leave room in the bottle since it expands"),
        ("how do i get rid of fruit flies?", "Set out a cup of cider vinegar with dish soap"),
        ("como tirar mancha de café da camisa?", "Água fria e um pouco de detergente antes"),
    ]
    signed = [(p, a + " 👍") for p, a in pairs]
    stopped = [(p, a + ".") for p, a in pairs]
    assert statuses(signed) == statuses(stopped)


def test_long_runs_of_spaces_are_read_once() -> None:
    """The name before a verb is looked for in the answer's first characters only: a run of
    200,000 spaces after a name took over a second (the review's finding)."""
    answer = "Saturn" + " " * 200_000 + "does."
    prompt = "which planet has the most moons?"
    assert _without_pro_verb(request_text(prompt), answer) == answer
    assert isinstance(in_kind(prompt, answer, prompt_features(prompt)), bool)
