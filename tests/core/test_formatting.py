"""Chat rendering through the tokenizer's template: assistant start, critique block, languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.core.formatting import (
    SYSTEM_PROMPT_EN,
    SYSTEM_PROMPT_PT,
    ChatFormat,
    assistant_text,
    render,
    to_conversational,
    to_messages,
    to_prompt_completion,
)
from noesis_trainer.core.schema import Example
from noesis_trainer.testing import build_tiny_tokenizer
from tests.core.test_schema import valid_record


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from transformers import AutoTokenizer

    path = build_tiny_tokenizer(tmp_path_factory.mktemp("tok"))
    return AutoTokenizer.from_pretrained(path)


EX = Example.model_validate(valid_record())


def test_messages_and_critique_block() -> None:
    msgs = to_messages(EX)
    assert [m["role"] for m in msgs] == ["system", "user", "assistant"]
    assert msgs[0]["content"] == SYSTEM_PROMPT_PT
    assert msgs[2]["content"].startswith("[ANÁLISE INTERNA]\n[VERITAS]")
    assert "\n[FIM DA ANÁLISE]\n\n" + EX.response_revised in msgs[2]["content"]
    plain = assistant_text(EX, ChatFormat(include_critique=False))
    assert plain == EX.response_revised and "[ANÁLISE" not in plain


def test_language_and_system_prompt_options() -> None:
    en = Example.model_validate(valid_record(language="en"))
    assert to_messages(en)[0]["content"] == SYSTEM_PROMPT_EN
    assert to_messages(en, ChatFormat(language="pt"))[0]["content"] == SYSTEM_PROMPT_PT
    custom = to_messages(EX, ChatFormat(system_prompt="Seja breve."))
    assert custom[0]["content"] == "Seja breve."
    assert [m["role"] for m in to_messages(EX, ChatFormat(system_prompt=""))] == [
        "user",
        "assistant",
    ]
    conv = to_conversational(EX)
    assert [m["role"] for m in conv["prompt"]] == ["system", "user"]
    assert conv["completion"][0]["role"] == "assistant"


@pytest.mark.parametrize("with_critique", [True, False])
def test_rendering_round_trips_through_tokenizer(tokenizer: Any, with_critique: bool) -> None:
    fmt = ChatFormat(include_critique=with_critique)
    pc = to_prompt_completion(EX, tokenizer, fmt)
    text = render(EX, tokenizer, fmt)
    assert text == pc["prompt"] + pc["completion"]
    assert text.startswith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n")
    assert pc["prompt"].endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")
    assert pc["completion"].endswith(EX.response_revised + "<|eot_id|>")
    assert pc["completion"].startswith("[ANÁLISE INTERNA]") is with_critique
    assert text.count("[ANÁLISE INTERNA]") == int(with_critique)
    # Token level: the assistant part starts right after the prompt's tokens.
    ids = tokenizer(text, add_special_tokens=False).input_ids
    prompt_ids = tokenizer(pc["prompt"], add_special_tokens=False).input_ids
    assert ids[: len(prompt_ids)] == prompt_ids
    header = tokenizer.convert_tokens_to_ids("<|end_header_id|>")
    last_header = max(i for i, t in enumerate(ids) if t == header)
    assert last_header < len(prompt_ids)
    assert tokenizer.decode(ids[len(prompt_ids) :]) == pc["completion"]
    assert ids[-1] == tokenizer.convert_tokens_to_ids("<|eot_id|>")


def test_saved_template_file(tmp_path: Path) -> None:
    path = build_tiny_tokenizer(tmp_path)
    assert "<|eot_id|>" in (path / "chat_template.jinja").read_text()
