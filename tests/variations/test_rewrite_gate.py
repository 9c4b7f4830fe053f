"""The gate on model rewrites: output failures and faithfulness to the seed, with reasons."""

from __future__ import annotations

from noesis_trainer import Dataset
from noesis_trainer.variations.rewrite_gate import content_words, gate_rewrites

HEAD = "Reescreva a pergunta abaixo como um usuário a faria, com este objetivo: aprofunde."


def _seed(project_seeds: Dataset):  # type: ignore[no-untyped-def]
    return next(e for e in project_seeds if e.prompt.startswith("Mentir é sempre errado"))


def test_each_failure_gets_its_reason(project_seeds: Dataset) -> None:
    seed = _seed(project_seeds)
    good_q = "Existe alguma situação em que mentir para proteger alguém seja o certo?"
    good_a = (
        "Mentir para proteger alguém nem sempre é errado: Kant diria que sim, mas outras "
        "tradições pesam as consequências da mentira e o dano evitado. A verdade importa, e a "
        "proteção de uma pessoa em perigo também; o dilema está em pesar as duas."
    )
    loop = "O que o que o que o que o que o que o que o que o que o que o que o que o que?"
    english = (
        "Lying to protect someone is not always wrong: some traditions weigh the consequences "
        "of the lie against the harm it avoids, and the question is how to weigh both of them."
    )
    off_topic = (
        "A fotossíntese converte luz solar, água e dióxido de carbono em glicose e oxigênio "
        "dentro dos cloroplastos das células vegetais, numa sequência de reações químicas."
    )
    cases = [
        (good_q, good_a),
        (loop, good_a),
        (good_q, "Percútero: " * 20),
        (good_q, english),
        (seed.prompt, seed.response_revised),
        (good_q, off_topic),
        (HEAD, good_a),
    ]
    verdicts = gate_rewrites(
        [seed] * len(cases),
        ["pt"] * len(cases),
        [HEAD] * len(cases),
        [q for q, _ in cases],
        [a for _, a in cases],
    )
    reasons = [v.reason if v else None for v in verdicts]
    assert reasons[0] is None
    assert reasons[1] == "model_loop" and verdicts[1].detail.startswith("question: ")
    assert reasons[2] == "model_loop" and verdicts[2].detail.startswith("answer: ")
    assert reasons[3] in ("model_language", "unfaithful_language")
    assert reasons[4] == "unfaithful_copy"
    assert reasons[5] == "unfaithful_topic"
    assert reasons[6] == "model_echo"


def test_truncated_reply_is_refused_when_the_backend_says_so(project_seeds: Dataset) -> None:
    seed = _seed(project_seeds)
    answer = "Mentir para proteger alguém pode ser justificável quando a verdade causaria dano"
    verdict = gate_rewrites(
        [seed],
        ["pt"],
        [HEAD],
        ["Mentir para proteger alguém é justificável?"],
        [answer],
        answers_finished=[False],
    )[0]
    assert verdict is not None and verdict.reason == "model_truncated"


def test_content_words_drop_short_and_function_words() -> None:
    assert content_words("Isso é para a verdade, como sempre: Verdade!") == {"verdade", "sempre"}
