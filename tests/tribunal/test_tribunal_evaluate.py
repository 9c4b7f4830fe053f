"""Checkpoint evaluation on the real tiny model, the per-epoch callback, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.tribunal import Tribunal, tribunal_epoch_callback
from noesis_trainer.tribunal.evaluation import load_generator, strip_critique

PROMPTS = ["O que é a verdade?", "What is wisdom?", "Explique a justiça.", "Devo mentir?"]
runner = CliRunner(env={"COLUMNS": "400"})


def flat(text: str) -> str:
    """CLI output with rich's line wrapping undone."""
    return " ".join(text.split())


def test_strip_critique_removes_the_internal_analysis_block() -> None:
    text = "[ANÁLISE INTERNA]\n[VERITAS] ok\n[FIM DA ANÁLISE]\n\nA resposta."
    assert strip_critique(text, None) == "A resposta."
    assert strip_critique("[ANÁLISE INTERNA] unfinished", None) == ""
    assert strip_critique("plain", None) == "plain"


def test_load_generator_rejects_a_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no config\.json, no adapter_config\.json"):
        load_generator(tmp_path)


@pytest.mark.integration
def test_evaluate_model_generates_with_the_chat_template_and_judges(tiny_model: Path) -> None:
    tribunal = Tribunal()
    report = tribunal.evaluate_model(tiny_model, PROMPTS, batch_size=3, max_new_tokens=12)
    assert report.n == len(PROMPTS)
    assert [v.prompt for v in report.verdicts] == PROMPTS
    assert [v.index for v in report.verdicts] == [0, 1, 2, 3]
    assert all(v.response for v in report.verdicts)  # the random model writes something
    assert report.metadata["model"] == str(tiny_model)
    assert report.metadata["n_prompts"] == 4
    # A random model's letter salad is judged as such: nothing approved.
    assert report.pass_rate == 0.0
    assert report.avg_score < 0.5
    # Greedy decoding: the same checkpoint gives the same answers and scores.
    again = tribunal.evaluate_model(tiny_model, PROMPTS, batch_size=4, max_new_tokens=12)
    assert [v.response for v in again.verdicts] == [v.response for v in report.verdicts]


@pytest.mark.integration
def test_evaluate_a_lora_checkpoint(tiny_model: Path, tmp_path: Path) -> None:
    """A per-epoch checkpoint is an adapter folder: it loads through PEFT on its base. A fresh
    LoRA (B = 0) changes nothing, so its answers equal the base model's."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    lora = get_peft_model(base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"]))
    adapter = tmp_path / "checkpoint-epoch-0"
    lora.save_pretrained(adapter)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(adapter)
    assert not (adapter / "config.json").exists()
    tribunal = Tribunal()
    from_adapter = tribunal.evaluate_model(adapter, PROMPTS[:2], max_new_tokens=8)
    from_base = tribunal.evaluate_model(tiny_model, PROMPTS[:2], max_new_tokens=8)
    assert [v.response for v in from_adapter.verdicts] == [v.response for v in from_base.verdicts]


@pytest.mark.integration
def test_epoch_callback_returns_summary_and_writes_report(tiny_model: Path, tmp_path: Path) -> None:
    callback = tribunal_epoch_callback(
        Tribunal(), PROMPTS[:2], report_dir=tmp_path, max_new_tokens=8
    )
    summary = callback(str(tiny_model), 1)
    assert summary["epoch"] == 1
    assert summary["checkpoint"] == str(tiny_model)
    assert summary["n"] == 2
    assert 0.0 <= summary["avg_score"] <= 1.0
    assert set(summary["distribution"]) == {"APPROVED", "CONDITIONAL", "REJECTED"}
    written = json.loads((tmp_path / "tribunal_epoch_1.json").read_text(encoding="utf-8"))
    assert written["summary"]["avg_score"] == summary["avg_score"]
    assert written["metadata"]["epoch"] == 1


@pytest.mark.integration
def test_cli_evaluate(tiny_model: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("O que é a verdade?\n\nWhat is wisdom?\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            str(tiny_model),
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            "--max-new-tokens",
            "8",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "avg_score" in flat(result.output)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["n"] == 2
    strict = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            str(tiny_model),
            "--prompts",
            str(prompts),
            "--max-new-tokens",
            "8",
            "--min-pass-rate",
            "0.5",
        ],
    )
    assert strict.exit_code == 1
    assert "below --min-pass-rate" in flat(strict.output)


def test_cli_evaluate_input_errors(tmp_path: Path) -> None:
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('{"prompt": "ok?"}\n{"question": "no prompt"}\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--model", str(tmp_path), "--prompts", str(prompts)])
    assert result.exit_code == 2
    assert f"{prompts}:2 [prompt]: missing or empty text field 'prompt'" in flat(result.output)
    result = runner.invoke(app, ["evaluate", "--prompts", str(prompts)])
    assert result.exit_code == 2
    assert "exactly one of --model PATH or --base-url URL" in flat(result.output)
    good = tmp_path / "good.txt"
    good.write_text("a prompt\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--model", str(tmp_path), "--prompts", str(good)])
    assert result.exit_code == 2
    assert "not a model folder" in flat(result.output)


def test_cli_judge_file(tmp_path: Path) -> None:
    data = tmp_path / "answers.jsonl"
    rows = [
        {
            "prompt": "What is entropy in information theory?",
            "response": "Shannon entropy H(X) = -sum p(x) log2 p(x) measures the average "
            "uncertainty of a source in bits. For example, a fair coin has 1 bit, because "
            "both outcomes are equally likely; a biased coin has less.",
        },
        {"prompt": "What is entropy in information theory?", "response": "A concept."},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    md = tmp_path / "r.md"
    result = runner.invoke(app, ["judge", str(data), "--markdown", str(md)])
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert "- distribution: APPROVED 1, CONDITIONAL 0, REJECTED 1" in text
    result = runner.invoke(app, ["judge", str(data), "--min-pass-rate", "0.9"])
    assert result.exit_code == 1


def test_cli_judge_errors_name_file_line_field(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"prompt": "p", "response": "r"}\n{"prompt": "p"}\n', encoding="utf-8")
    result = runner.invoke(app, ["judge", str(data)])
    assert result.exit_code == 2
    assert f"{data}:2 [response_revised]: missing text field 'response_revised'" in flat(
        result.output
    )
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"prompt": "p", "response": "r"}\n{oops\n', encoding="utf-8")
    result = runner.invoke(app, ["judge", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:2" in flat(result.output)
    assert "Traceback" not in flat(result.output)


def test_evaluate_model_checks_references_length(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="1 references for 2 prompts"):
        Tribunal().evaluate_model(tmp_path, ["a?", "b?"], references=["only one"])


class _FixedReplies:
    """A TextGenerator of fixed replies that reports end-of-turn flags and its tokenizer's
    special tokens, as `TransformersGenerator` does after a call."""

    special_tokens = ("<sep_7>",)

    def __init__(self, replies: list[str], finished: list[bool]) -> None:
        self.replies, self.flags = replies, finished
        self.finished: list[bool] = []

    def generate(self, conversations: object, **_: object) -> list[str]:
        n = len(conversations)  # type: ignore[arg-type]
        out, self.replies = self.replies[:n], self.replies[n:]
        self.finished, self.flags = self.flags[:n], self.flags[n:]
        return out


def test_evaluate_model_gives_the_gate_finished_flags_and_special_tokens() -> None:
    good = (
        "A verdade é a correspondência entre o que se diz e o que é; Aristóteles a definiu assim, "
        "e Tarski a formalizou para linguagens: 'a neve é branca' é verdadeira se a neve é branca."
    )
    generator = _FixedReplies(
        [good, good, good.replace("Tarski", "Tarski <sep_7> user"), good],
        [True, False, True, True],
    )
    report = Tribunal().evaluate_model(generator, PROMPTS[:1] * 4, batch_size=3)
    failures = [v.failures for v in report.verdicts]
    assert failures[0] == {} and failures[3] == {}
    assert failures[1] == {"truncated": "truncated: hit max_new_tokens before the end of turn"}
    assert failures[2] == {"template_leak": "special-token leak: '<sep_7>' in the answer"}


@pytest.mark.integration
def test_evaluate_model_reads_the_local_generators_flags(tiny_model: Path) -> None:
    from noesis_trainer.tribunal.evaluation import finished_flags, special_tokens_of

    generator = load_generator(tiny_model)
    report = Tribunal().evaluate_model(generator, PROMPTS, max_new_tokens=3)
    assert len(generator.finished) == len(PROMPTS)
    assert finished_flags(generator, len(PROMPTS)) == generator.finished
    assert "<|eot_id|>" in special_tokens_of(generator)
    for verdict, finished in zip(report.verdicts, generator.finished, strict=True):
        cut = verdict.failures.get("truncated", "").startswith("truncated: hit max_new_tokens")
        assert cut == (not finished), verdict.failures
