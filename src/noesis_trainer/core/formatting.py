"""The chat rendering of an Example (stage 5 of the seed process), through any chat template.

An example becomes three messages: the system prompt, the user's prompt, and the assistant's
answer, which opens with the critique block (``[ANÁLISE INTERNA]`` ... ``[FIM DA ANÁLISE]``) when
configured. Text is produced by the tokenizer's own chat template, never by pasting special tokens,
so the same code serves Llama 3.1, ChatML (SmolLM2, Qwen) and Gemma alike. A template that refuses
a system turn (Gemma's) gets the system prompt at the head of the first user turn instead.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from noesis_trainer.core.schema import Example
from noesis_trainer.errors import NoesisError
from noesis_trainer.generation.base import ChatMessage

SYSTEM_PROMPT_PT = (
    "Você é Noesis, um filósofo lógico que se orienta por cinco valores: verdade (Veritas), "
    "sabedoria (Sophia), justiça (Dikē), florescimento humano e aliança com quem conversa. "
    "Antes de responder, você examina a pergunta; expõe mais de uma perspectiva, reconhece o que "
    "não sabe e ajuda a pessoa a pensar por conta própria em vez de entregar respostas prontas."
)
SYSTEM_PROMPT_EN = (
    "You are Noesis, a logical philosopher guided by five values: truth (Veritas), wisdom "
    "(Sophia), justice (Dikē), human flourishing and partnership with the person you talk to. "
    "Before answering you examine the question; you lay out more than one perspective, admit what "
    "you do not know, and help the person think for themselves instead of handing over answers."
)
SYSTEM_PROMPTS: dict[str, str] = {"pt": SYSTEM_PROMPT_PT, "en": SYSTEM_PROMPT_EN}


class ChatFormat(BaseModel):
    """How an example is turned into a conversation.

    ``language="auto"`` reads the example's extra ``language`` field (``pt`` when absent) to pick
    the default system prompt; an explicit ``system_prompt`` wins over the language default, and an
    empty one drops the system turn.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    system_prompt: str | None = None
    language: Literal["pt", "en", "auto"] = "auto"
    include_critique: bool = True
    critique_open: str = "[ANÁLISE INTERNA]"
    critique_close: str = "[FIM DA ANÁLISE]"

    def system_for(self, example: Example | None = None) -> str:
        if self.system_prompt is not None:
            return self.system_prompt
        return SYSTEM_PROMPTS[self.language_of(example)]

    def language_of(self, example: Example | None) -> str:
        if self.language != "auto":
            return self.language
        if example is not None:
            lang = example.extra_fields.get("language")
            if isinstance(lang, str) and lang.lower()[:2] in SYSTEM_PROMPTS:
                return lang.lower()[:2]
        return "pt"


DEFAULT_FORMAT = ChatFormat()


def assistant_text(example: Example, fmt: ChatFormat | None = None) -> str:
    """The assistant turn: critique block (when configured and present) then the revised answer."""
    f = fmt or DEFAULT_FORMAT
    answer = example.response_revised.strip()
    critique = example.critique.strip()
    if f.include_critique and critique:
        return f"{f.critique_open}\n{critique}\n{f.critique_close}\n\n{answer}"
    return answer


def prompt_messages(
    prompt: str, fmt: ChatFormat | None = None, example: Example | None = None
) -> list[ChatMessage]:
    """System (unless empty) and user turns for a bare prompt, e.g. at evaluation time."""
    f = fmt or DEFAULT_FORMAT
    system = f.system_for(example)
    messages: list[ChatMessage] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": prompt})
    return messages


def to_messages(example: Example, fmt: ChatFormat | None = None) -> list[ChatMessage]:
    """The whole conversation of one example: system, user, assistant."""
    messages = prompt_messages(example.prompt, fmt, example)
    messages.append({"role": "assistant", "content": assistant_text(example, fmt)})
    return messages


def to_conversational(example: Example, fmt: ChatFormat | None = None) -> dict[str, Any]:
    """TRL's conversational prompt/completion record: ``{"prompt": [...], "completion": [...]}``."""
    messages = to_messages(example, fmt)
    return {"prompt": messages[:-1], "completion": messages[-1:]}


class TemplateMismatchError(NoesisError, ValueError):
    """The tokenizer's chat template does not render the prompt as a prefix of the conversation."""


def fold_system(messages: list[ChatMessage]) -> list[ChatMessage]:
    """The system turn moved into the first user turn, for templates without a system role."""
    if not messages or messages[0]["role"] != "system":
        return list(messages)
    system, rest = messages[0]["content"], list(messages[1:])
    for i, m in enumerate(rest):
        if m["role"] == "user":
            rest[i] = {"role": "user", "content": f"{system}\n\n{m['content']}"}
            return rest
    return [{"role": "user", "content": system}, *rest]


def apply_template(
    tokenizer: Any, messages: list[ChatMessage], *, add_generation_prompt: bool = False
) -> str:
    """``tokenizer.apply_chat_template`` as text; a template that raises on the system turn
    (Gemma's "System role not supported") renders the conversation with the system folded in."""
    try:
        return str(
            tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=add_generation_prompt
            )
        )
    except Exception as err:  # jinja2's TemplateError, raised by the template itself
        if not messages or messages[0]["role"] != "system" or "system" not in str(err).lower():
            raise
    return str(
        tokenizer.apply_chat_template(
            fold_system(messages), tokenize=False, add_generation_prompt=add_generation_prompt
        )
    )


def to_prompt_completion(
    example: Example, tokenizer: Any, fmt: ChatFormat | None = None
) -> dict[str, str]:
    """Rendered text split where the assistant's answer starts: ``{"prompt", "completion"}``.

    Both halves come from ``tokenizer.apply_chat_template``; the prompt half ends with the
    assistant header (generation prompt), the completion half is the answer plus end-of-turn.
    """
    messages = to_messages(example, fmt)
    prompt = apply_template(tokenizer, messages[:-1], add_generation_prompt=True)
    full = apply_template(tokenizer, messages)
    if not full.startswith(prompt):
        raise TemplateMismatchError(
            f"example {example.id!r}: the chat template does not render the prompt as a prefix of "
            "the full conversation, so the answer's start cannot be located"
        )
    return {"prompt": prompt, "completion": full[len(prompt) :]}


def render(example: Example, tokenizer: Any, fmt: ChatFormat | None = None) -> str:
    """The whole conversation as the model sees it in training."""
    return apply_template(tokenizer, to_messages(example, fmt))


def render_prompt(
    prompt: str, tokenizer: Any, fmt: ChatFormat | None = None, example: Example | None = None
) -> str:
    """A bare prompt with the generation header, ready for ``generate``."""
    return apply_template(
        tokenizer, prompt_messages(prompt, fmt, example), add_generation_prompt=True
    )
