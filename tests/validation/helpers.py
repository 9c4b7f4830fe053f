"""Records written for these tests (our own text, not the corpus')."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

CRITIQUE = "[VERITAS] Falta precisão. [SOPHIA] Falta contexto. [DIKE] Falta equilíbrio."
BANK = (  # noqa: SIM905 - a word list reads better as text
    "prudência dever escolha meio certo consequência parte ouvir pesar caso regra "
    "exceção virtude hábito razão emoção medida excesso falta coragem medo justiça troca "
    "mérito necessidade cuidado verdade engano prova dúvida hipótese teste erro ajuste "
    "limite comunidade pessoa acordo conflito diálogo tempo memória promessa confiança "
    "risco"
).split()


def words(i: int, n: int, salt: str = "") -> str:
    """`n` words drawn for row `i`: unrelated rows share (almost) no word 5-gram."""
    return " ".join(random.Random(f"{salt}{i}").choices(BANK, k=n))


def record(i: int = 1, **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"teste_{i:03d}",
        "category": "etica",
        "prompt": f"Pergunta {i}: {words(i, 12, 'p')}?",
        "response_initial": f"Depende: {words(i, 6, 'i')}.",
        "critique": CRITIQUE,
        "response_revised": f"Resposta {i}: {words(i, 40, 'r')}.",
        "reasoning": "Mostra o raciocínio em vez de uma fórmula.",
        "values_applied": ["sabedoria", "justica"],
        "difficulty": "hard",
    }
    base.update(over)
    return base


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    lines = [r if isinstance(r, (str, bytes)) else json.dumps(r, ensure_ascii=False) for r in rows]
    data = b"".join((x if isinstance(x, bytes) else x.encode("utf-8")) + b"\n" for x in lines)
    path.write_bytes(data)
    return path
