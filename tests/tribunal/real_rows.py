"""Real (prompt, answer) rows of JSONL files, for the Tribunal's held-out measurements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from noesis_trainer.tribunal.heldout import Row


def rows_of(paths: list[Path]) -> list[Row]:
    """Every row with a prompt and an answer (the revised one, else `response`), in file order,
    with its one-line draft (`response_initial`) where it has one."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec: dict[str, Any] = json.loads(line)
            answer = rec.get("response_revised") or rec.get("response")
            if isinstance(rec.get("prompt"), str) and isinstance(answer, str):
                draft = rec.get("response_initial")
                rows.append(Row(rec["prompt"], answer, draft if isinstance(draft, str) else None))
    return rows
