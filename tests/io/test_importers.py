"""Importers for chat 'messages' and alpaca records."""

from __future__ import annotations

import json
from pathlib import Path

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.io.importers import ImportDefaults, alpaca_importer, messages_importer

ANSWER = "Uma resposta longa o bastante para passar do mínimo de cinquenta caracteres do esquema."


def write(tmp_path: Path, records: list[object]) -> Path:
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return p


def test_messages_import_with_defaults_and_extras(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        [
            {
                "messages": [
                    {"role": "system", "content": "Sys"},
                    {"role": "user", "content": "Pergunta com tamanho?"},
                    {"role": "assistant", "content": ANSWER},
                    {"role": "user", "content": "E depois?"},
                ],
                "source": "forum",
            },
            {"messages": [{"role": "assistant", "content": ANSWER}]},
            {"messages": "nope"},
        ],
    )
    ds = Dataset.load(p, importer=messages_importer(ImportDefaults(category="chat")))
    assert len(ds) == 1
    ex = ds[0]
    assert (ex.id, ex.category, ex.prompt, ex.response_revised) == (
        "in_00001",
        "chat",
        "Pergunta com tamanho?",
        ANSWER,
    )
    assert ex.extra_fields["system"] == "Sys"
    assert ex.extra_fields["source"] == "forum"
    assert ex.extra_fields["extra_turns"] == [{"role": "user", "content": "E depois?"}]
    assert [(pr.line, pr.field) for pr in ds.problems] == [(2, "messages"), (3, "messages")]
    assert "no 'user' message" in ds.problems[0].message


def test_alpaca_import(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        [
            {"instruction": "Explique a ideia:", "input": "tudo flui", "output": ANSWER},
            {"instruction": "Sem saída definida"},
            {"instruction": "Curto", "output": "curta"},
        ],
    )
    ds = Dataset.load(p, importer=alpaca_importer())
    assert ds[0].prompt == "Explique a ideia:\n\ntudo flui"
    assert [(pr.line, pr.field) for pr in ds.problems] == [
        (2, "output"),
        (3, "prompt"),
        (3, "response_revised"),
    ]
