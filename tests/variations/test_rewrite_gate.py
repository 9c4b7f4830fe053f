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
    # One rewrite per call: the batch check (an answer fitting another question) stays out.
    verdicts = [gate_rewrites([seed], ["pt"], [HEAD], [q], [a])[0] for q, a in cases]
    reasons = [v.reason if v else None for v in verdicts]
    assert reasons[0] is None
    loop_q, loop_a = verdicts[1], verdicts[2]
    assert loop_q is not None and loop_a is not None
    assert reasons[1] == "model_loop" and loop_q.detail.startswith("question: ")
    assert reasons[2] == "model_loop" and loop_a.detail.startswith("answer: ")
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


def test_swapped_answers_in_a_batch_are_refused(project_seeds: Dataset) -> None:
    sky = next(e for e in project_seeds if e.id == "ciencia_005")
    change = next(e for e in project_seeds if e.id == "etica_003")
    questions = [
        "Por que o céu é azul? É mesmo o reflexo da cor do mar?",
        "O caixa me deu troco a mais no mercado: posso ficar com o dinheiro?",
    ]
    answers = [change.response_revised, sky.response_revised]  # swapped
    verdicts = gate_rewrites([sky, change], ["pt", "pt"], [HEAD, HEAD], questions, answers)
    assert all(v is not None for v in verdicts)
    assert {v.reason for v in verdicts if v} <= {"model_misplaced", "unfaithful_topic"}
    in_order = gate_rewrites([sky, change], ["pt", "pt"], [HEAD, HEAD], questions, answers[::-1])
    assert [v.reason if v else None for v in in_order] == [
        "unfaithful_copy",
        "unfaithful_copy",
    ]  # the seeds' own answers, unchanged: copies, not misplaced
