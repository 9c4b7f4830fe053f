"""Round 50's rules, from six families written blind this round (`short_fr` to `short_fw`,
measured first with round 49's code): chat replies typed in lowercase without a stop, which the
gate took for cuts once they ran past a dozen words; refusals, hedges and courtesies set in bold
or padded with bullets and platitudes, which read as answers; markdown lists cut at their first
item or at a one-word item; questions about a quoted text; messages written to their reader.

A reply typed in lowercase on one line (4 to `TYPED_REPLY_WORDS` words, a word first, no code,
no address, no figure last) ends without a stop as often as with one: the gate calls it cut only
where its last word cannot end it (a word that binds what follows, a determiner, a letter after
a function word, a word's start), and the judges read it with the capital and stop it would have
as written. A model's answer, and a cut of one, keeps its capitals: those are read as before.
The review's cases (a helper's, against the first version) are here too.

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 50").
"""

from __future__ import annotations

import pytest
from tests.tribunal.terse_batch import statuses

from noesis_trainer.tribunal.judges.text import (
    NONCOMMITTAL,
    as_written,
    evasion,
    extracts_from_passage,
    noncommittal,
    typed_prose,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect

_TYPED = "oslo, its been the capital since the 1800s and sits at the end of a long fjord up north"


def test_a_long_typed_reply_without_a_stop_is_no_cut() -> None:
    assert detect("whats the capital of norway", _TYPED) == []


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (_TYPED + " and", "a function word"),
        ("oslo, its been the capital since the 1800s and sits at the end of a narr", "a start"),
        ("oslo, its been the capital since the 1800s and sits right at the end of a l", "a letter"),
    ],
)
def test_a_typed_reply_that_stops_where_a_cut_does_is_caught(answer: str, why: str) -> None:
    found = detect("whats the capital of norway", answer)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED], why


def test_the_same_reply_with_capitals_still_needs_its_stop() -> None:
    written = "Oslo, it has been the capital since the 1800s and sits at the end of a long fjord"
    found = detect("What is the capital of Norway?", written)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]


@pytest.mark.parametrize(
    "text",
    [
        "Oslo, the capital since the 1800s",  # capitals: a model's answer
        "8 to 10 hours for most teens, a bit more for younger kids",  # a figure first
        "win + shift + s opens the snipping tool, or prtscn for the whole screen",  # keys
        "ls -a shows hidden files and ls -la adds their sizes and owners",  # a command
        "a reply\nover two lines",
    ],
)
def test_typed_prose_is_a_lowercase_line_of_words(text: str) -> None:
    assert not typed_prose(text)


def test_a_typed_reply_is_read_with_its_capital_and_stop() -> None:
    assert as_written(_TYPED) == _TYPED[0].upper() + _TYPED[1:] + "."
    excited = "yes, freeze it in bags and it keeps for about three months, just thaw it slowly!"
    assert as_written(excited) == "Y" + excited[1:]
    assert as_written(_TYPED + " and") == _TYPED + " and"  # a cut stays as it is
    assert as_written("Oslo.") == "Oslo."


def test_typed_replies_are_approved() -> None:
    pairs = [
        ("whats the capital of norway", _TYPED),
        (
            "como tiro mancha de cafe da camisa",
            "passa agua fria por tras do tecido logo, depois sabao neutro e deixa de molho uns "
            "dez minutos antes de lavar",
        ),
    ]
    assert statuses(pairs) == ["APPROVED", "APPROVED"]


_BULLETS = "\n\n- There is a lot to consider here\n- Needs differ from person to person\n\n"


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Posso lavar tênis na máquina?", "Sinto muito, **não posso ajudar com essa pergunta**."),
        (
            "Can I wash sneakers in the machine?",
            "Sorry, **I can't help with that question**." + _BULLETS + "Try another source.",
        ),
        (
            "O que levar numa trilha de um dia?",
            "Não dá para dizer, **cada trilha é diferente**." + _BULLETS + "Pense bem nisso.",
        ),
        ("How do I unclog a drain?", "Happy to help! Let me know if you have other questions."),
        ("Como desentupir a pia?", "Fico à disposição se tiver outras dúvidas!"),
        ("Vale a pena sair da poupança?", "Desculpe, não posso dar esse tipo de orientação."),
    ],
)
def test_a_refusal_hedge_or_courtesy_in_bold_or_bullets_is_an_evasion(
    prompt: str, answer: str
) -> None:
    assert evasion(prompt, answer) is not None


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Qual a capital da Austrália?", "Ótima pergunta! A capital é **Canberra**."),
        (
            "How do I unclog a drain?",
            "Pour 2 liters of boiling water, then baking soda and vinegar. Happy to help!",
        ),
        (
            "Write a short note to my landlord about the leak.",
            "Hi Mr. Silva, the kitchen sink has been leaking since Monday. Could you send "
            "someone this week? Let me know if you need anything from me.",
        ),
    ],
)
def test_an_answer_with_a_courtesy_is_no_evasion(prompt: str, answer: str) -> None:
    assert evasion(prompt, answer) is None


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "What should I do to prepare for a job interview?",
            "That's a great question! Everyone's situation is a little different, and there's "
            "always something new to learn. I hope things go well for you, and remember that "
            "every experience is a chance to grow. If you'd like to talk more about this or "
            "anything else, just let me know. I'm happy to help anytime!",
        ),
        (
            "Qual aparelho mede a umidade do ar?",
            "Essa é uma pergunta interessante, mas é difícil dizer com certeza. Há muitas "
            "opiniões diferentes entre técnicos e fabricantes sobre isso. Cada área da "
            "meteorologia pode ter suas próprias preferências e métodos. O ideal seria analisar "
            "a situação específica com calma antes de escolher.",
        ),
    ],
)
def test_a_long_reply_of_platitudes_commits_to_nothing(prompt: str, answer: str) -> None:
    assert noncommittal(prompt, answer) == NONCOMMITTAL


def test_a_long_answer_with_a_kind_close_still_answers() -> None:
    answer = (
        "Research the company and the role, and prepare two or three stories about your past "
        "work that show the skills they ask for. Practise answering out loud, pick your clothes "
        "the night before and plan to arrive ten minutes early. Bring a few questions of your "
        "own about the team. I hope it goes well!"
    )
    assert noncommittal("How do I prepare for a job interview?", answer) is None


_LEAD = "Keep bread at room temperature in a bread box, or freeze it for longer storage.\n\n"


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (_LEAD + "- Avoid", "a list that stops at its first item"),
        (_LEAD + "1. Wrap the lo", "its first item, cut"),
        (_LEAD + "- Wrap it in cloth\n- Keep it away from the stove\n- Avoid", "a bare verb"),
        (_LEAD + "- Wrap it in cloth\n- Keep it away from the stove\n- I", "a letter"),
        (
            _LEAD + "- Wrap it in cloth\n- Slice it only when you eat it, since cut bread dries "
            "out much faster under",
            "a binding preposition",
        ),
    ],
)
def test_a_list_cut_at_its_first_or_a_one_word_item_is_caught(answer: str, why: str) -> None:
    found = detect("how do I keep bread fresh?", answer)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED], why


@pytest.mark.parametrize(
    "answer",
    [
        "You need:\n- 2 cups of flour\n- 1 large egg\n- Salt",  # a noun closes a list of them
        "Cells are capped when ready.\n- Bees fan the nectar dry\n- Cells are capped with wax",
        _LEAD + "- Wrap it in cloth\n- Keep it away from the stove",
    ],
)
def test_a_list_written_to_its_end_passes(answer: str) -> None:
    assert detect("what do I need?", answer) == []


_MUSEUM = (
    'From this text, what time does the museum close on Sundays? "The museum opens Tuesday to '
    "Saturday from 9 a.m. to 6 p.m., and on Sundays from 10 a.m. to 4 p.m. It is closed on "
    'Mondays."'
)
_QUADRO = (
    'Segundo o texto, quem pintou o quadro? "O Abaporu, pintado por Tarsila do Amaral em 1928, '
    'é um marco do modernismo brasileiro."'
)


def test_a_question_about_a_quoted_text_is_answered_from_it() -> None:
    assert extracts_from_passage(_MUSEUM, "It closes at 4 p.m. on Sundays.")
    assert extracts_from_passage(_QUADRO, "Tarsila do Amaral.")
    assert not extracts_from_passage(_QUADRO, "Anita Malfatti.")  # not the passage's words
    assert statuses([(_MUSEUM, "It closes at 4 p.m. on Sundays.")]) == ["APPROVED"]


def test_a_message_that_greets_its_reader_is_the_message() -> None:
    pairs = [
        (
            "Write a two-line message to my neighbour apologising for the noise last night.",
            "Hi! Sorry about the noise from our dinner last night; it ran later than planned. "
            "It won't happen again, and thanks for your patience.",
        ),
        (
            "Escreva uma mensagem curta parabenizando meu primo pela formatura.",
            "Parabéns, primo! Formado! Todo o seu esforço valeu a pena. Que orgulho!",
        ),
    ]
    assert statuses(pairs) == ["APPROVED", "APPROVED"]


def test_talk_about_the_message_is_not_the_message() -> None:
    prompt = "Can you write a short toast for my sister's wedding?"
    talk = (
        "Congratulations to your sister! A wedding toast should be short, warm and personal, "
        "and it's best to speak from the heart."
    )
    assert statuses([(prompt, talk)]) != ["APPROVED"]


@pytest.mark.parametrize(
    "answer",
    [
        "Result:\n- 42",  # a one-item list of a result is written so
        "The correct option is:\n- C",
        "You will need:\n- A code editor\n- A modern browser\n- Node and npm",  # a term
    ],
)
def test_a_one_item_list_of_a_result_or_a_term_passes(answer: str) -> None:
    assert detect("what is it?", answer) == []


def test_a_question_for_whom_to_turn_to_is_answered_by_turning_to_someone() -> None:
    prompt = "who do i talk to if my health insurance denies a claim?"
    answer = (
        "Call your insurer's member services first and ask for the denial reason in writing, "
        "then file an internal appeal; if that fails, request an external review."
    )
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "Dê um título para uma palestra sobre o uso de drones na agricultura.",
            "Campo do Alto: como os drones estão mudando a lavoura",
        ),
        (
            "Write an Instagram caption for a photo of my first loaf of bread.",
            "My first loaf: a little lopsided and totally worth the wait. #baking #homemade",
        ),
    ],
)
def test_a_title_or_a_caption_without_a_stop_is_no_cut(prompt: str, answer: str) -> None:
    assert detect(prompt, answer) == []


def test_a_cause_picked_out_of_a_quoted_text_is_its_answer() -> None:
    prompt = (
        'Text: "The pool will close early on Friday for cleaning and will reopen on Saturday." '
        "According to the text, why will the pool close early?"
    )
    assert extracts_from_passage(prompt, "Because of cleaning.")
    assert not extracts_from_passage(prompt, "Because of a storm.")


_NOTE_LIST = (
    "Rest the meat before slicing.\n\n- Cover it loosely with foil\n- Wait 5 to 10 minutes\n\n"
)


def test_a_closing_tip_in_a_lists_style_needs_no_stop() -> None:
    assert detect("should I rest a steak?", _NOTE_LIST + "Tip: slice it against the grain") == []
    found = detect("should I rest a steak?", _NOTE_LIST + "Tip: slice it against the")
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]


@pytest.mark.parametrize(
    "answer",
    [
        "yeah technically it is, since it grows from the flower and holds the seeds",
        "yes, botanically it is",
        "its mostly vitamin c",
        "goldfish are easy but the classic choice is koi",
        "you can reach them at help@example.com",  # an address: a short line's rules
    ],
)
def test_typed_replies_of_the_review_pass_the_gate(answer: str) -> None:
    assert detect("quick question", answer) == []


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "when was the eiffel tower built",
            "it was finished in 1889 for the world fair and was meant to be taken down after 2",
        ),
        (
            "why is it still up",
            "it stayed up after the fair because it turned out to be useful for radio and every",
        ),
        ("por que a torre ficou", "a torre ficou de pé porque era muito útil pro rádio e cada"),
        ("how do i stretch shoes", "do some squats in them so they stretch out a bit more in"),
    ],
)
def test_typed_cuts_of_the_review_are_caught(prompt: str, answer: str) -> None:
    assert [f.kind for f in detect(prompt, answer)] == [FailureKind.TRUNCATED]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "How do I unclog a kitchen drain?",
            "Pour boiling water down it, then baking soda and vinegar. Happy to help!",
        ),
        ("Why is the sky blue?", "Because air scatters blue light more. Feel free to ask more!"),
        (
            "Should I buy a single stock?",
            "I can't recommend a specific stock, but **broad index funds** are a common choice.",
        ),
    ],
)
def test_an_answer_with_a_courtesy_or_a_caveat_of_the_review_is_no_evasion(
    prompt: str, answer: str
) -> None:
    assert evasion(prompt, answer) is None


@pytest.mark.parametrize(
    "answer",
    [
        "Three classics:\n- Chess, the king of strategy\n- Checkers for a quick game\n- Go",
        "A few ideas:\n- Watch a movie marathon\n- Bake some cookies\n- Read",
        "I based this on a single source:\n\n- Wikipedia",
    ],
)
def test_lists_of_the_review_pass(answer: str) -> None:
    assert detect("what do you suggest?", answer) == []


_PAINTER = (
    'Segundo o texto, quem pintou o quadro? "O Abaporu, pintado por Tarsila do Amaral em 1928, '
    'é um marco do modernismo brasileiro."'
)


def test_a_passage_question_needs_an_answer_from_the_passage_of_the_kind_asked() -> None:
    pairs = [
        (_PAINTER, "Anita Malfatti."),  # a name the passage never gives
        (_PAINTER, "O modernismo brasileiro."),  # no name
        (_PAINTER, "Em 1928."),
    ]
    assert "APPROVED" not in statuses(pairs)


def test_a_judgement_of_a_quoted_text_is_no_extraction() -> None:
    prompt = 'What is the tone of this text? "Forgot my birthday again. Typical."'
    assert not extracts_from_passage(prompt, "Forgot my birthday again.")


@pytest.mark.parametrize(
    ("prompt", "talk"),
    [
        (
            "Write a short note to my landlord about the broken heater.",
            "Hi there! Sure, I can help with that. Could you tell me your landlord's name?",
        ),
        (
            "Escreva uma mensagem curta parabenizando meu primo pela formatura.",
            "Parabéns pela iniciativa de escrever para o seu primo! Ele vai adorar.",
        ),
    ],
)
def test_a_greeting_that_talks_to_the_asker_is_not_the_message(prompt: str, talk: str) -> None:
    assert statuses([(prompt, talk)]) != ["APPROVED"]


def test_a_title_cut_by_the_token_limit_is_still_a_cut() -> None:
    prompt = "Suggest a title for a talk on remote work"
    title = "Remote Work: How Small Teams Stay Connected Across Time Zones"
    assert detect(prompt, title) == []
    found = detect(prompt, title, finished=False)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]


def test_hashtags_end_a_caption_not_a_sentence() -> None:
    assert detect("caption please", "Sunday bread, still warm. 🍞 #baking #sourdough") == []
    found = detect(
        "how do plants make sugar?",
        "Plants make sugar from light, water and carbon dioxide in the green parts of the cell "
        "called the #chloroplast",
    )
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]
