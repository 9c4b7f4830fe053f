"""Real training runs of the tiny model on CPU: loss, one schedule, resume, corruption, OOM.

All runs use the transformers engine in 4-bit (bitsandbytes' CPU backend) unless said otherwise;
the Unsloth engine runs through the CLI in its own process (importing Unsloth patches TRL for
the whole process, so it must not share one with the other runs).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.training import Trainer, TrainingConfig, TrainingResult
from noesis_trainer.training.checkpoints import MANIFEST_NAME, list_checkpoints, verify_checkpoint
from noesis_trainer.training.run import TrainingStateError
from tests.training.examples import kill_training_after, memorization_set, tiny_config

pytestmark = pytest.mark.integration

STEPS_PER_EPOCH = 4  # 8 examples of 70-90 tokens, one per 128-token packed row, batch 2


def adapter_tensors(path: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    return load_file(str(Path(path) / "adapter_model.safetensors"))


def max_abs_diff(a: Path, b: Path) -> float:
    ta, tb = adapter_tensors(a), adapter_tensors(b)
    assert ta.keys() == tb.keys()
    return max(float((ta[k].float() - tb[k].float()).abs().max()) for k in ta)


class Recorder:
    """An evaluation hook that records its calls and returns a score, like a Tribunal would."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, int]] = []

    def __call__(self, checkpoint: Path, epoch: int) -> dict[str, Any]:
        assert (checkpoint / MANIFEST_NAME).is_file()  # judged only after the save finished
        self.calls.append((checkpoint, epoch))
        return {"avg_score": 0.5 + epoch / 10, "pass_rate": 1.0}


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory, tiny_model: Path
) -> tuple[TrainingConfig, TrainingResult, Recorder]:
    out = tmp_path_factory.mktemp("reference") / "run"
    config = tiny_config(tiny_model, out)
    hook = Recorder()
    trainer = Trainer(config, evaluation_hook=hook, log=lambda _: None)
    result = trainer.train(train_examples=memorization_set(), eval_examples=memorization_set(2))
    return config, result, hook


def test_qlora_run_lowers_the_loss(reference: tuple[TrainingConfig, TrainingResult, Recorder]):
    _, result, hook = reference
    assert result.load_in_4bit and result.packing and result.completed
    assert result.global_step == result.max_steps == 3 * STEPS_PER_EPOCH
    losses = [e.train_loss for e in result.epochs]
    evals = [e.eval_loss for e in result.epochs]
    assert [e.epoch for e in result.epochs] == [0, 1, 2]
    assert all(x is not None for x in losses + evals)
    assert losses[0] > losses[1] > losses[2], losses
    assert losses[2] < losses[0] - 0.4, losses
    assert evals[0] > evals[2] and evals[2] < 6.0, evals
    # Tokens: every real token of the 8 examples, once per epoch, no padding counted.
    assert result.epochs[0].tokens_seen * 3 == result.tokens_seen
    assert result.epochs[-1].learning_rate == pytest.approx(0.0, abs=1e-12)  # cosine ran out once
    # The evaluation hook judged each epoch's checkpoint, and its scores sit with the epoch.
    assert [(p.name, e) for p, e in hook.calls] == [
        (f"checkpoint-{STEPS_PER_EPOCH * (e + 1)}", e) for e in range(3)
    ]
    assert [e.tribunal for e in result.epochs] == [
        {"avg_score": 0.5 + e / 10, "pass_rate": 1.0} for e in range(3)
    ]
    out = Path(result.output_dir)
    assert [p.name for p in list_checkpoints(out)] == [
        f"checkpoint-{s}" for s in (12, 10, 8, 6, 4, 2)
    ]
    assert all(verify_checkpoint(p) == [] for p in list_checkpoints(out))
    assert verify_checkpoint(out / "adapter") == []
    events = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    epochs = [e for e in events if e["event"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [0, 1, 2]
    assert epochs[2]["tribunal"]["avg_score"] == pytest.approx(0.7)
    assert TrainingResult.load(out / "result.json") == result


def test_epoch_by_epoch_matches_the_full_run(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    """One LR schedule over all epochs: three one-epoch runs end where one three-epoch run does."""
    config, full, _ = reference
    trainer = Trainer(config, output_dir=tmp_path / "epochs", log=lambda _: None)
    data = {"train_examples": memorization_set(), "eval_examples": memorization_set(2)}
    with pytest.raises(TrainingStateError, match="epoch 0 has not finished"):
        trainer.train_epoch(1, **data)
    results = [trainer.train_epoch(n, **data) for n in range(3)]
    assert [r.global_step for r in results] == [4, 8, 12]
    assert [r.completed for r in results] == [False, False, True]
    lrs = [e.learning_rate for e in results[-1].epochs]
    assert lrs == [e.learning_rate for e in full.epochs]
    assert [e.train_loss for e in results[-1].epochs] == pytest.approx(
        [e.train_loss for e in full.epochs], abs=1e-6
    )
    assert results[-1].adapter_path is not None and full.adapter_path is not None
    assert max_abs_diff(Path(results[-1].adapter_path), Path(full.adapter_path)) == 0.0
    with pytest.raises(TrainingStateError, match="epoch 1 is already trained"):
        trainer.train_epoch(1, **data)


def test_truncated_newest_checkpoint_is_skipped(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    config, full, _ = reference
    out = tmp_path / "run"
    shutil.copytree(full.output_dir, out)
    shutil.rmtree(out / "adapter")
    newest = out / "checkpoint-12" / "adapter_model.safetensors"
    size = newest.stat().st_size
    with newest.open("r+b") as fh:
        fh.truncate(size // 2)
    lines: list[str] = []
    trainer = Trainer(config, output_dir=out, log=lines.append)
    result = trainer.train(
        resume=True, train_examples=memorization_set(), eval_examples=memorization_set(2)
    )
    assert result.resumed_from == str(out / "checkpoint-10")
    assert [s.path for s in result.skipped_checkpoints] == [str(out / "checkpoint-12")]
    problem = f"adapter_model.safetensors: {size // 2} bytes, manifest says {size}"
    assert result.skipped_checkpoints[0].problems == [problem]
    assert any(line.startswith(f"skipping checkpoint-12: {problem}") for line in lines)
    assert (out / "invalid-checkpoint-12").is_dir()  # set aside, not overwritten
    assert verify_checkpoint(out / "checkpoint-12") == []  # the redone save
    assert result.completed and result.adapter_path is not None and full.adapter_path
    assert max_abs_diff(Path(result.adapter_path), Path(full.adapter_path)) == 0.0
    # The three epochs' history survived the resume.
    assert [e.epoch for e in result.epochs] == [0, 1, 2]


def test_sigkill_then_resume_matches_uninterrupted_run(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    config, full, _ = reference
    out = tmp_path / "run"
    data = tmp_path / "train.jsonl"
    data.write_text(
        "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in memorization_set()),
        encoding="utf-8",
    )
    evals = tmp_path / "eval.jsonl"
    evals.write_text(
        "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in memorization_set(2)),
        encoding="utf-8",
    )
    cfg = config.model_copy(
        update={
            "data": config.data.model_copy(update={"train_file": data, "eval_file": evals}),
            "checkpoint": config.checkpoint.model_copy(update={"output_dir": out}),
        }
    )
    cfg_path = cfg.save_yaml(tmp_path / "config.yaml")
    kill_after = random.Random().choice([2, 4, 6, 8, 10])  # checkpoint step, then SIGKILL
    print(f"SIGKILL after checkpoint-{kill_after}")
    kill_training_after(cfg_path, out, kill_after, timeout=240, poll=0.01)
    result = Trainer(cfg, log=lambda _: None).train(resume=True)
    assert result.resumed_from is not None
    assert int(result.resumed_from.rsplit("-", 1)[1]) >= kill_after
    assert result.completed and result.adapter_path is not None and full.adapter_path
    # CPU kernels are deterministic and the resume restores model, optimizer, scheduler, RNG and
    # data order, so the adapter is bit-identical, not merely close.
    assert max_abs_diff(Path(result.adapter_path), Path(full.adapter_path)) == 0.0


def test_oom_halves_batch_doubles_accumulation_and_resumes(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    import torch
    from transformers import TrainerCallback

    class OOMAtStep(TrainerCallback):  # type: ignore[misc]
        """Raises CUDA's out-of-memory error type once, at a given optimizer step."""

        def __init__(self, step: int) -> None:
            self.step, self.fired = step, False

        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if state.global_step == self.step and not self.fired:
                self.fired = True
                raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    config, full, _ = reference
    lines: list[str] = []
    trainer = Trainer(
        config, output_dir=tmp_path / "run", callbacks=[OOMAtStep(5)], log=lines.append
    )
    result = trainer.train(train_examples=memorization_set(), eval_examples=memorization_set(2))
    assert len(result.oom_events) == 1
    event = result.oom_events[0]
    assert (event.batch_size_before, event.batch_size_after) == (2, 1)
    assert (event.accumulation_before, event.accumulation_after) == (1, 2)
    assert event.resumed_from == str(tmp_path / "run" / "checkpoint-4")
    assert event.error.startswith("CUDA out of memory")
    assert result.resumed_from == event.resumed_from
    assert result.completed and result.global_step == full.global_step == 12
    assert any("batch 2->1, accumulation 1->2" in line for line in lines)
    # Same effective batch and schedule: the epochs' losses stay close to the reference run's.
    assert [e.train_loss for e in result.epochs] == pytest.approx(
        [e.train_loss for e in full.epochs], abs=0.05
    )

    from noesis_trainer.errors import OutOfMemoryError

    strict = config.model_copy(update={"oom": config.oom.model_copy(update={"max_retries": 0})})
    with pytest.raises(OutOfMemoryError, match="after 0 recoveries"):
        Trainer(strict, output_dir=tmp_path / "strict", callbacks=[OOMAtStep(1)]).train(
            train_examples=memorization_set()
        )


def test_evaluate_only_reproduces_the_last_eval_loss(
    reference: tuple[TrainingConfig, TrainingResult, Recorder],
) -> None:
    config, full, _ = reference
    hook = Recorder()
    result = Trainer(config, evaluation_hook=hook, log=lambda _: None).evaluate(
        eval_examples=memorization_set(2)
    )
    assert result.mode == "evaluate"
    assert result.eval_loss == pytest.approx(full.epochs[-1].eval_loss, abs=1e-4)
    assert hook.calls == [(Path(full.output_dir) / "adapter", 2)]
    assert result.tribunal == {"avg_score": 0.7, "pass_rate": 1.0}


def test_existing_run_is_not_overwritten(
    reference: tuple[TrainingConfig, TrainingResult, Recorder],
) -> None:
    config, _, _ = reference
    with pytest.raises(TrainingStateError, match="already holds checkpoints"):
        Trainer(config).train(train_examples=memorization_set())


def test_packed_examples_do_not_see_each_other(tiny_model: Path) -> None:
    """Packing on CPU (SDPA, no FlashAttention): position_ids restarting at 0 split the rows."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32)
    a = tok("O que é coragem? Responda com cuidado.", return_tensors="pt").input_ids
    b = tok("Justiça é dar a cada um o que lhe é devido.", return_tensors="pt").input_ids
    with torch.no_grad():
        alone = model(b, use_cache=False).logits[0]
        ids = torch.cat([a, b], 1)
        pos = torch.cat([torch.arange(a.shape[1]), torch.arange(b.shape[1])]).unsqueeze(0)
        packed = model(input_ids=ids, position_ids=pos, use_cache=False).logits[0, a.shape[1] :]
        leaked = model(input_ids=ids, use_cache=False).logits[0, a.shape[1] :]
    assert float((packed - alone).abs().max()) < 1e-4
    assert float((leaked - alone).abs().max()) > 1e-2  # without the split, b would see a


def test_unsloth_engine_through_the_cli(tiny_model: Path, tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("unsloth") is None:  # never import it here: it patches TRL
        pytest.skip("unsloth is not installed")
    data = tmp_path / "train.jsonl"
    data.write_text(
        "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in memorization_set()),
        encoding="utf-8",
    )
    cfg = tiny_config(tiny_model, tmp_path / "run", engine="unsloth", data__train_file=str(data))
    cfg_path = cfg.save_yaml(tmp_path / "config.yaml")
    proc = subprocess.run(
        [sys.executable, "-c", "from noesis_trainer.cli import main; main()", "train", cfg_path],
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = TrainingResult.load(tmp_path / "run" / "result.json")
    assert result.engine == "unsloth" and result.completed and result.load_in_4bit
    losses = [e.train_loss for e in result.epochs]
    # The tiny random model's small output head puts a floor near 5.6 nats under it.
    assert losses[0] > losses[1] and losses[2] < losses[0] - 0.4 and losses[2] < 5.8, losses
    # Unsloth's CPU backend turns packing off (no FlashAttention there) and we say so.
    assert not result.packing
    assert "unsloth: packing turned off by the engine on this machine" in result.notes
    assert "all epochs done" in proc.stdout


def test_merge_hook_hands_over_the_final_adapter(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    config, full, _ = reference
    seen: list[tuple[str, Path, Path]] = []

    def merger(base: str, adapter: Path, out: Path) -> str:
        seen.append((base, adapter, out))
        return "merged"

    assert Trainer(config).merge(tmp_path / "merged", merger=merger) == "merged"
    assert seen == [
        (config.model.base_model, Path(full.output_dir) / "adapter", tmp_path / "merged")
    ]
    with pytest.raises(FileNotFoundError, match="no adapter at"):
        Trainer(config, output_dir=tmp_path / "empty").merge(tmp_path / "m", merger=merger)


def test_logging_settings_reach_transformers(tmp_path: Path, tiny_model: Path) -> None:
    from noesis_trainer.training.run import _sft_args

    cfg = tiny_config(
        tiny_model,
        tmp_path,
        logging={"report_to": [], "progress_bar": True, "logging_steps": 7},
    )
    args = _sft_args(cfg, tmp_path, has_eval=False)
    assert args.report_to in ("none", [], ["none"]) and args.disable_tqdm is False
    assert args.logging_steps == 7 and args.eval_strategy == "no"
    assert args.num_train_epochs == 3 and args.warmup_steps == pytest.approx(0.1)
    assert args.packing and args.max_length == 128 and args.save_steps == 2


def test_the_tribunal_judges_a_trained_adapter(
    reference: tuple[TrainingConfig, TrainingResult, Recorder],
) -> None:
    """The real Tribunal hook (stage 6) on our adapter folder, through evaluate-only."""
    evaluation = pytest.importorskip("noesis_trainer.tribunal.evaluation")
    from noesis_trainer.tribunal import Tribunal

    config, full, _ = reference
    prompts = [e.prompt for e in memorization_set(2)]
    hook = evaluation.tribunal_epoch_callback(Tribunal(), prompts, max_new_tokens=8)
    result = Trainer(config, evaluation_hook=hook, log=lambda _: None).evaluate()
    assert result.tribunal is not None
    assert result.tribunal["n"] == 2 and result.tribunal["epoch"] == 2
    assert result.tribunal["checkpoint"] == str(Path(full.output_dir) / "adapter")
    assert 0.0 <= result.tribunal["avg_score"] <= 1.0
    assert sum(result.tribunal["distribution"].values()) == 2


def test_resume_refuses_a_different_run(
    reference: tuple[TrainingConfig, TrainingResult, Recorder],
) -> None:
    config, _, _ = reference
    changed = config.model_copy(
        update={"optim": config.optim.model_copy(update={"learning_rate": 5e-3})}
    )
    with pytest.raises(TrainingStateError, match="belongs to a different run: learning_rate"):
        Trainer(changed, log=lambda _: None).train(resume=True, train_examples=memorization_set())


def test_merge_only_cli_writes_a_loadable_model(
    reference: tuple[TrainingConfig, TrainingResult, Recorder], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from noesis_trainer.cli import app

    config, _, _ = reference
    cfg_path = config.save_yaml(tmp_path / "config.yaml")
    out = tmp_path / "merged"
    result = CliRunner().invoke(app, ["train", str(cfg_path), "--merge-only", str(out)])
    assert result.exit_code == 0, result.output
    assert f"merged model written to {out}" in result.output
    assert json.loads((out / "config.json").read_text())["model_type"] == "llama"
    assert list(out.glob("*.safetensors"))
    both = CliRunner().invoke(app, ["train", str(cfg_path), "--merge-only", str(out), "--resume"])
    assert both.exit_code == 2 and "cannot be combined" in both.output
