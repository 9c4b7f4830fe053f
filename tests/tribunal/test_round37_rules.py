"""Round 37: a reply of courtesies only (`text.courtesies_only`).

A generic reply to a prompt that tells the asker's situation takes up the situation's words
("Great question! Baking is such a rewarding hobby... Happy baking this weekend!" for a question
about what a sourdough starter is), so the words call it on topic; at more than 40 words neither
evasion rule read it, and round 37's blind `short_dc` family had 4 of its 11 generic drafts
approved. Such a reply opens and closes on an exclamation, states nothing of its own and names
no word of the question asked. Figures in docs/benchmarks.md ("Round 37").
"""

from __future__ import annotations

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
