"""Importers: turn foreign record shapes into example records.

Two shapes are common in the wild: chat ``{"messages": [...]}`` records and alpaca
``{"instruction", "input", "output"}`` records. Neither carries the constitutional fields, so an
importer fills them with documented defaults (`ImportDefaults`) and keeps everything else as extras.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noesis_trainer.core.dataset import Importer, ImportRecordError
from noesis_trainer.io.jsonl import RawRecord


@dataclass(frozen=True)
class ImportDefaults:
    """Values given to the fields a foreign record lacks."""

    category: str = "imported"
    difficulty: str = "medium"
    values_applied: tuple[str, ...] = ("sabedoria",)
    response_initial: str = ""
    critique: str = ""
    reasoning: str = ""
    id_prefix: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _record_id(raw: RawRecord, defaults: ImportDefaults, data: dict[str, Any]) -> str:
    if isinstance(data.get("id"), str) and data["id"]:
        return str(data["id"])
    prefix = defaults.id_prefix or Path(raw.path).stem
    return f"{prefix}_{raw.line:05d}"


def _base(raw: RawRecord, defaults: ImportDefaults, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": _record_id(raw, defaults, data),
        "category": data.get("category", defaults.category),
        "response_initial": data.get("response_initial", defaults.response_initial),
        "critique": data.get("critique", defaults.critique),
        "reasoning": data.get("reasoning", defaults.reasoning),
        "values_applied": data.get("values_applied", list(defaults.values_applied)),
        "difficulty": data.get("difficulty", defaults.difficulty),
        **defaults.extra,
    }


def messages_importer(defaults: ImportDefaults | None = None) -> Importer:
    """Chat records: the first user turn is the prompt, the assistant turn after it the answer.

    A system message is kept in the extra field ``system``; further turns in ``extra_turns``.
    """
    d = defaults or ImportDefaults()

    def convert(data: dict[str, Any], raw: RawRecord) -> dict[str, Any]:
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ImportRecordError("expected a non-empty 'messages' list", field="messages")
        system: str | None = None
        prompt: str | None = None
        answer: str | None = None
        rest: list[Any] = []
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or "role" not in m or "content" not in m:
                raise ImportRecordError(
                    f"message {i} must be an object with 'role' and 'content'",
                    field=f"messages.{i}",
                )
            role, content = m["role"], m["content"]
            if not isinstance(content, str):
                raise ImportRecordError(
                    f"message {i} content must be text", f"messages.{i}.content"
                )
            if role == "system" and system is None and prompt is None:
                system = content
            elif role == "user" and prompt is None:
                prompt = content
            elif role == "assistant" and prompt is not None and answer is None:
                answer = content
            else:
                rest.append(m)
        if prompt is None:
            raise ImportRecordError("no 'user' message", field="messages")
        if answer is None:
            raise ImportRecordError("no 'assistant' message after the user's", field="messages")
        record = _base(raw, d, data)
        record.update(prompt=prompt, response_revised=answer)
        if system is not None:
            record["system"] = system
        if rest:
            record["extra_turns"] = rest
        for key, value in data.items():
            if key not in ("messages",) and key not in record:
                record[key] = value
        return record

    return convert


def alpaca_importer(defaults: ImportDefaults | None = None) -> Importer:
    """Alpaca records: ``instruction`` (+ ``input`` on a new paragraph) is the prompt, ``output``
    the answer."""
    d = defaults or ImportDefaults()

    def convert(data: dict[str, Any], raw: RawRecord) -> dict[str, Any]:
        instruction = data.get("instruction")
        output = data.get("output")
        if not isinstance(instruction, str):
            raise ImportRecordError("expected text in 'instruction'", field="instruction")
        if not isinstance(output, str):
            raise ImportRecordError("expected text in 'output'", field="output")
        extra_input = data.get("input") or ""
        if not isinstance(extra_input, str):
            raise ImportRecordError("expected text in 'input'", field="input")
        prompt = instruction if not extra_input.strip() else f"{instruction}\n\n{extra_input}"
        record = _base(raw, d, data)
        record.update(prompt=prompt, response_revised=output)
        for key, value in data.items():
            if key not in ("instruction", "input", "output") and key not in record:
                record[key] = value
        return record

    return convert


IMPORTERS = {"messages": messages_importer, "alpaca": alpaca_importer}
"""Importer factories by format name (the `noesis convert --from` choices)."""
