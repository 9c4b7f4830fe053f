from __future__ import annotations

from noesis_trainer.variations.text import (
    critique_points,
    detect_language,
    key_terms,
    plain,
    split_units,
    topic_of,
    years,
)


def test_language_of_each_project_seed_matches_its_label(project_seeds):
    for ex in project_seeds:
        text = ex.prompt + "\n" + ex.response_revised
        assert detect_language(text) == ex.extra_fields["language"]


def test_split_units_cuts_sentences_but_keeps_code_and_lists_whole():
    text = (
        "Primeira frase aqui. Segunda frase, mais longa! Terceira?\n\n"
        "```python\nx = 1\n\ny = 2\n```\n\n- item um\n- item dois"
    )
    assert split_units(text) == [
        "Primeira frase aqui.",
        "Segunda frase, mais longa!",
        "Terceira?",
        "```python\nx = 1\n\ny = 2\n```",
        "- item um\n- item dois",
    ]


def test_split_units_glues_list_numbers_and_colon_lead_ins():
    text = "Gödel provou dois teoremas:\n\n**Primeiro:** A. B.\n\nIsto vale. 3. Verificação: ok."
    assert split_units(text) == [
        "Gödel provou dois teoremas:\n**Primeiro:** A. B.",
        "Isto vale.",
        "3. Verificação: ok.",
    ]


def test_topic_of_common_question_shapes():
    assert topic_of("Explique a Navalha de Ockham e sua relevância para ciência.") == (
        "Navalha de Ockham"
    )
    assert topic_of("O que é entropia?") == "entropia"
    assert topic_of("Explain the halting problem and why it matters.") == "halting problem"
    assert topic_of("Você acha que devo largar meu emprego?") is None


def test_key_terms_skip_sentence_starts_and_keep_names():
    text = "Alan Turing definiu a máquina. Depois disso, **autômato finito** e `NAND` ganharam uso."
    terms = key_terms(text)
    assert terms[:3] == ["Alan Turing", "autômato finito", "NAND"]
    assert "Depois" not in terms


def test_years_plain_and_critique_points():
    assert years("Em 1936 Turing, e Euclides por volta de 300 a.C., e de novo em 1936.") == [
        "1936",
        "300 a.C.",
    ]
    assert plain("> citação com **negrito** e `código` e a<b>c") == (
        "citação com negrito e código e a<b>c"
    )
    assert critique_points("[VERITAS] Vago.\n[SOPHIA] Sem exemplos\n[DIKE] x") == [
        "Vago",
        "Sem exemplos",
    ]
