"""A small memorization set written for these tests (not from the seed data), and its config."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from noesis_trainer.core.schema import Example
from noesis_trainer.training.checkpoints import MANIFEST_NAME
from noesis_trainer.training.config import TrainingConfig

_TOPICS = [
    ("O que é coragem?", "Coragem é agir bem apesar do medo, sabendo o que está em jogo."),
    ("Devo sempre dizer a verdade?", "A verdade importa; o modo e o momento de dizê-la também."),
    ("O que é um bom argumento?", "Um bom argumento tem premissas verdadeiras e conclusão válida."),
    ("Posso mudar de opinião?", "Mudar de opinião diante de boas razões é sinal de honestidade."),
    ("O que é justiça?", "Justiça é dar a cada um o que lhe é devido, com razões públicas."),
    ("Como lidar com a dúvida?", "A dúvida honesta pede investigação, não respostas apressadas."),
    ("O que é sabedoria?", "Sabedoria é saber o que importa e agir de acordo com isso."),
    ("Para que serve a lógica?", "A lógica separa o que se segue do que apenas parece seguir-se."),
]


def memorization_set(n: int = 8) -> list[Example]:
    out = []
    for i, (prompt, answer) in enumerate(_TOPICS[:n]):
        out.append(
            Example(
                id=f"mem_{i:03d}",
                category="etica",
                prompt=prompt + " Responda com cuidado.",
                response_initial="Depende.",
                critique="[VERITAS] vago. [SOPHIA] raso. [DIKE] ok.",
                response_revised=answer + " Pense nisso com calma.",
                reasoning="Mais claro.",
                values_applied=["verdade"],
                difficulty="easy",
            )
        )
    return out


def tokenizer_texts() -> list[str]:
    """Words the tiny tokenizer should learn, so examples stay well under 128 tokens."""
    texts = ["Você é Noesis."]
    for ex in memorization_set():
        texts += [ex.prompt, ex.critique, ex.response_revised]
    return texts


def tiny_config(model: Path, out: Path, **overrides: Any) -> TrainingConfig:
    """The seed's config shrunk to the tiny model: 8 examples, 4 steps an epoch, 3 epochs."""
    data: dict[str, Any] = {
        "engine": "transformers",
        "model": {
            "base_model": str(model),
            "max_seq_length": 128,
            "load_in_4bit": True,
            "gradient_checkpointing": False,
        },
        "lora": {"r": 16, "alpha": 32},
        "optim": {
            "num_epochs": 3,
            "per_device_train_batch_size": 2,
            "gradient_accumulation_steps": 1,
            "learning_rate": 1e-2,
            "warmup_ratio": 0.1,
        },
        "data": {"system_prompt": "Você é Noesis."},
        "checkpoint": {"output_dir": str(out), "save_steps": 2},
        "logging": {"logging_steps": 1, "progress_bar": False},
    }
    for dotted, value in overrides.items():
        section, _, field = dotted.partition("__")
        if field:
            data.setdefault(section, {})[field] = value
        else:
            data[section] = value
    return TrainingConfig.model_validate(data)


def kill_training_after(
    cfg_path: Path, out: Path, step: int, *, timeout: float, poll: float
) -> None:
    """Run ``noesis train cfg_path`` in a child process and SIGKILL it as soon as the checkpoint
    of `step` is complete (its manifest written); the run must not have finished its adapter."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "from noesis_trainer.cli import main; main()", "train", cfg_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        marker = out / f"checkpoint-{step}" / MANIFEST_NAME
        while not marker.exists():
            assert proc.poll() is None, "training ended before it could be killed"
            assert time.monotonic() < deadline, f"no checkpoint within {timeout:.0f} s"
            time.sleep(poll)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (out / "adapter").exists()
