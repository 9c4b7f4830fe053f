"""The Noesis format through Llama 3.1, ChatML and Gemma chat templates: the system prompt, the
critique block before the revised answer, and completion-only labels, for each template."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from noesis_trainer.core.formatting import (
    SYSTEM_PROMPT_PT,
    ChatFormat,
    fold_system,
    render,
    render_prompt,
    to_prompt_completion,
)
from noesis_trainer.core.schema import Example
from noesis_trainer.testing import CHAT_TEMPLATE, build_tiny_tokenizer
from tests.core.test_schema import valid_record

CHATML = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)
# Gemma's: no system role (the template raises), 'assistant' is written 'model'.
GEMMA = (
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{%- if message['role'] == 'system' %}"
    "{{- raise_exception('System role not supported') }}"
    "{%- endif %}"
    "{%- set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{- '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<start_of_turn>model\\n' }}{%- endif %}"
)
TEMPLATES = {
    "llama-3.1": (CHAT_TEMPLATE, "<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>"),
    "chatml": (CHATML, "<|im_start|>assistant\n", "<|im_end|>"),
    "gemma": (GEMMA, "<start_of_turn>model\n", "<end_of_turn>"),
}
EX = Example.model_validate(valid_record())


@pytest.fixture(scope="module")
def base_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(build_tiny_tokenizer(tmp_path_factory.mktemp("tok")))


@pytest.fixture(params=sorted(TEMPLATES))
def template(request: pytest.FixtureRequest, base_tokenizer: Any) -> tuple[str, Any]:
    tok = copy.deepcopy(base_tokenizer)
    tok.chat_template = TEMPLATES[request.param][0]
    return request.param, tok


def test_the_noesis_format_renders_through_each_template(template: tuple[str, Any]) -> None:
    name, tok = template
    _, header, end = TEMPLATES[name]
    text = render(EX, tok)
    assert SYSTEM_PROMPT_PT in text  # Gemma: folded into the user turn, never dropped
    assert text.index(SYSTEM_PROMPT_PT) < text.index(EX.prompt)
    critique_at = text.index("[ANÁLISE INTERNA]")
    assert text.index(header) < critique_at < text.index("[FIM DA ANÁLISE]")
    assert text.index("[FIM DA ANÁLISE]") < text.index(EX.response_revised.strip()[:40])
    assert text.rstrip().endswith(end)
    pc = to_prompt_completion(EX, tok)
    assert pc["prompt"].endswith(header)
    assert pc["completion"].startswith("[ANÁLISE INTERNA]")
    assert render_prompt(EX.prompt, tok) == pc["prompt"]


def test_completion_only_labels_cover_the_answer_and_end_of_turn(
    template: tuple[str, Any],
) -> None:
    from noesis_trainer.training.data import IGNORE_INDEX, tokenize_examples

    name, tok = template
    rows = tokenize_examples([EX], tok, ChatFormat(), 4096)
    ids, labels = rows.input_ids[0], rows.labels[0]
    learned = [i for i, label in zip(ids, labels, strict=True) if label != IGNORE_INDEX]
    answer = tok.decode(learned)
    prompt_part = tok.decode([i for i, lab in zip(ids, labels, strict=True) if lab == IGNORE_INDEX])
    assert answer.replace(" ", "").startswith("[ANÁLISEINTERNA]".replace(" ", ""))
    assert TEMPLATES[name][2].replace(" ", "") in answer.replace(" ", "")
    assert EX.prompt.split()[0] in prompt_part and EX.prompt.split()[0] not in answer[:20]
    assert SYSTEM_PROMPT_PT.split()[0] in prompt_part


def test_fold_system_keeps_every_turn() -> None:
    messages: list[Any] = [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "U"},
        {"role": "assistant", "content": "A"},
    ]
    assert fold_system(messages) == [
        {"role": "user", "content": "S\n\nU"},
        {"role": "assistant", "content": "A"},
    ]
    assert fold_system(messages[1:]) == messages[1:]


def test_a_template_error_about_something_else_is_not_hidden(base_tokenizer: Any) -> None:
    tok = copy.deepcopy(base_tokenizer)
    tok.chat_template = "{{ raise_exception('roles must alternate') }}"
    with pytest.raises(Exception, match="roles must alternate"):
        render(EX, tok)
