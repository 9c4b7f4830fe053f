"""Round 37: a reply of courtesies only (`text.courtesies_only`).

A generic reply to a prompt that tells the asker's situation takes up the situation's words
("Great question! Baking is such a rewarding hobby... Happy baking this weekend!" for a question
about what a sourdough starter is), so the words call it on topic; at more than 40 words neither
evasion rule read it, and round 37's blind `short_dc` family had 4 of its 11 generic drafts
approved. Such a reply opens and closes on an exclamation, states nothing of its own and names
no word of the question asked. Figures in docs/benchmarks.md ("Round 37").
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.tribunal import JudgeItem, Status, Tribunal
from noesis_trainer.tribunal.judges.text import COURTESIES, courtesies_only

SITUATED = (
    "I just started learning the cello and my teacher wants me to tune it every day. What is a "
    "tuning fork and how do I use one?"
)
WELL_WISHES = (
    "What a lovely thing to start! Music is a journey, and every step of it counts. Be patient "
    "with yourself and enjoy the process, because progress comes with practice and with time. "
    "Many people find that a little each day is what makes the difference in the long run. Keep "
    "going and have fun with your new instrument!"
)
PT_SITUATED = (
    "Vou levar meus sobrinhos ao planetário no sábado e eles vão perguntar. Por que Plutão "
    "deixou de ser planeta?"
)
PT_WELL_WISHES = (
    "Que passeio bacana! Levar as crianças para aprender coisas novas é sempre especial, e "
    "esses momentos ficam na memória de todo mundo. A curiosidade delas vai render ótimas "
    "conversas, e vocês vão aprender juntos. Aproveitem cada minuto desse dia tão bonito e "
    "divirtam-se muito no sábado!"
)


@pytest.mark.parametrize(
    ("prompt", "reply"), [(SITUATED, WELL_WISHES), (PT_SITUATED, PT_WELL_WISHES)]
)
def test_courtesies_around_a_situation_are_no_answer(prompt: str, reply: str) -> None:
    assert len(reply.split()) > 40  # past what `evasion` reads
    assert courtesies_only(prompt, reply)
    verdict = Tribunal().verdicts([JudgeItem(prompt, reply)])[0]
    assert verdict.status is Status.REJECTED
    assert COURTESIES in verdict.judges["veritas"].reason


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        # an answer with a fact of its own, however cheerful
        (
            PT_SITUATED,
            "Ótima pergunta! Em 2006 a União Astronômica Internacional definiu planeta, e Plutão "
            "não limpa sua órbita. Virou planeta-anão. Bom passeio!",
        ),
        # names the question's topic: an answer, not courtesies
        (
            SITUATED,
            "Good choice! A tuning fork rings at one pitch when you strike it. Tune the A string "
            "to it by ear, then the others from that string. Enjoy it!",
        ),
        # a piece of writing asked for: its wishes are the piece
        (
            "escreve uma mensagem curta de aniversário pro meu irmão",
            "Feliz aniversário, irmão! Que seu ano seja leve e cheio de boas risadas. Conte "
            "sempre comigo. Um abraço enorme!",
        ),
        (
            "make this more cheerful: 'The office party is on Friday.'",
            "Get excited! The office party is happening this Friday. Bring your best smile. See "
            "you there!",
        ),
        # a vague question after a situation: a good answer takes up the situation
        (
            "I have a big exam in two weeks and I can't focus for long. What can I do?",
            "That's very workable! Study in short focused blocks with breaks between them, and "
            "put the phone in another room. Sleep well the night before. You've got this!",
        ),
        # advice, however warm, with no command from the imperative list's wishes
        (
            "Recebi uma proposta para ganhar mais, mas teria que trabalhar aos sábados. Devo "
            "aceitar a nova proposta de emprego?",
            "Que notícia boa! Pense no que o sábado representa hoje para você: se é descanso ou "
            "família, talvez o aumento não compense. Converse com quem mora com você. Boa sorte!",
        ),
        # a list of items is an answer
        (
            "We are going camping with the kids next month. What should we pack for the tent?",
            "Fun plan!\n- Sleeping bags and pads\n- A lantern and spare batteries\n- Warm layers "
            "for the night\nHave a great trip!",
        ),
        # no situation told: a reply that misses the question is the relevance's to read
        (
            "How do I ripen a hard avocado fast?",
            "Easy one! Put it in a paper bag with a banana and leave it on the counter. It softens "
            "in a day or two. Enjoy your guacamole!",
        ),
        # two sentences: the shape needs a greeting, something between and a wish
        (SITUATED, "Great question! Have fun with the cello!"),
        # not closed on an exclamation
        (SITUATED, WELL_WISHES.rsplit(" Keep going", 1)[0]),
    ],
)
def test_answers_and_pieces_are_not_courtesies(prompt: str, reply: str) -> None:
    assert not courtesies_only(prompt, reply)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["great", "enjoy", "fun", "lovely", "keep", "going", "the"]),
        min_size=3,
        max_size=12,
    ),
    number=st.integers(min_value=10, max_value=99999),
)
def test_a_number_of_its_own_is_never_courtesies(words: list[str], number: int) -> None:
    """A reply that states a number the prompt lacks states something: never courtesies only,
    whatever its shape."""
    body = " ".join(words)
    reply = f"Wow! {body} {number}. {body}. Have fun!"
    assert not courtesies_only(SITUATED, reply)


def test_a_question_asked_with_tell_me_is_still_read() -> None:
    """ "Can you tell me what..." asks a question, not for a piece of writing: its courtesies are
    no answer."""
    prompt = (
        "My grandfather left me his old camera and I want to learn to use it this summer. Can "
        "you tell me what an aperture is on a camera lens?"
    )
    assert courtesies_only(prompt, WELL_WISHES.replace("new instrument", "new hobby"))


def test_a_run_of_exclamations_is_read_from_its_end() -> None:
    """The first sentence is read from its last characters: a run of thousands of "!" followed
    by text is no exclamation at its end, and is read at once."""
    reply = "Oi" + "!" * 20000 + "x. Something in between. Enjoy it!"
    assert not courtesies_only(SITUATED, reply)
    assert courtesies_only(SITUATED, "Oi" + "!" * 20000 + " " + WELL_WISHES)


WRITTEN = Path(__file__).resolve().parent / "written"


def test_warm_answers_to_situated_prompts_are_a_known_gap() -> None:
    """Known gap (docs/benchmarks.md, "Round 37"): 60 good answers of 25-80 words in a warm tone
    (an exclamation at each end, advice or an explanation between) to prompts that tell the
    asker's situation, written blind this round, judged as one batch. About half are approved:
    the rest are called off topic, since a 15-45-word situation holds many rare topic words and
    an answer takes up few of them, and the word vectors find the own prompt of 23 of the 60
    nearest. Courtesies (`courtesies_only`) flag 1 of the 60, off topic already. Fillers of the
    same kind, judged with the good answers: 21 of 30 rejected (19 without `courtesies_only`);
    the good answers given to another prompt of the set: 54 of 60 rejected. The
    lexical judges are pure Python and the vectors' sums exact: the counts are the same on
    every CPU (one answer of tolerance)."""
    rows = [json.loads(line) for line in (WRITTEN / "warm_situated.jsonl").open()]
    fillers = [json.loads(line) for line in (WRITTEN / "warm_situated_fillers.jsonl").open()]
    good = [JudgeItem(r["prompt"], r["response"]) for r in rows]
    tribunal = Tribunal()
    approved = sum(v.status is Status.APPROVED for v in tribunal.verdicts(good))
    assert abs(approved - 32) <= 1
    assert sum(courtesies_only(i.prompt, i.response) for i in good) == 1
    filler_items = [JudgeItem(r["prompt"], r["response"]) for r in fillers]
    judged = tribunal.verdicts(filler_items + good)[: len(filler_items)]
    assert abs(sum(v.status is Status.REJECTED for v in judged) - 21) <= 1
    rng = random.Random(0)
    swapped = []
    for i, row in enumerate(rows):
        j = rng.randrange(len(rows) - 1)
        swapped.append(JudgeItem(row["prompt"], rows[j + (j >= i)]["response"]))
    rejected = sum(v.status is Status.REJECTED for v in tribunal.verdicts(swapped))
    assert abs(rejected - 54) <= 1
