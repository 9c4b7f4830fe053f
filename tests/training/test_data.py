"""Tokenization for training: loss on the answer only, one BOS, clear errors naming examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer.core.formatting import ChatFormat
from noesis_trainer.training.data import IGNORE_INDEX, TrainingDataError, tokenize_examples
from tests.training.examples import memorization_set


@pytest.fixture(scope="module")
def tokenizer(tiny_model: Path):  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model)


FMT = ChatFormat(system_prompt="Você é Noesis.")


def test_labels_cover_exactly_the_answer(tokenizer) -> None:  # type: ignore[no-untyped-def]
    examples = memorization_set(3)
    tok = tokenize_examples(examples, tokenizer, FMT, 128)
    bos = tokenizer.convert_tokens_to_ids("<|begin_of_text|>")
    eot = tokenizer.convert_tokens_to_ids("<|eot_id|>")
    for ex, ids, labels in zip(examples, tok.input_ids, tok.labels, strict=True):
        assert ids.count(bos) == 1 and ids[0] == bos  # the template's BOS, not a second one
        start = next(i for i, t in enumerate(labels) if t != IGNORE_INDEX)
        assert all(t == IGNORE_INDEX for t in labels[:start])
        assert labels[start:] == ids[start:]
        answer = tokenizer.decode(ids[start:])
        assert answer.startswith("[ANÁLISE INTERNA]")
        assert answer.endswith(ex.response_revised + "<|eot_id|>")
        assert ids[-1] == eot
        assert "assistant" in tokenizer.decode(ids[:start]).splitlines()[-2]
    assert tok.completion_tokens < tok.total_tokens


def test_too_long_example_is_named(tokenizer) -> None:  # type: ignore[no-untyped-def]
    examples = memorization_set(8)
    lengths = tokenize_examples(examples, tokenizer, FMT, 128).lengths
    limit = max(lengths) - 1  # the longest one no longer fits
    longest = examples[lengths.index(max(lengths))].id
    assert lengths.count(max(lengths)) == 1
    with pytest.raises(TrainingDataError) as err:
        tokenize_examples(examples, tokenizer, FMT, limit)
    assert f"{longest} ({max(lengths)} tokens)" in err.value.message
    assert f"longer than max_seq_length {limit}" in err.value.message


def test_prompt_filling_the_window_is_fully_masked(tokenizer) -> None:  # type: ignore[no-untyped-def]
    ex = memorization_set(1)[0]
    ex = ex.model_copy(update={"id": "huge_prompt", "prompt": "Coragem " * 200})
    with pytest.raises(TrainingDataError, match=r"every label masked: huge_prompt \(prompt alone"):
        tokenize_examples([ex], tokenizer, FMT, 128)
