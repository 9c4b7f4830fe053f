"""The stage runner: a stage is skipped only when its inputs, parameters and outputs all match."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer.errors import NoesisError
from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.runner import Pipeline, sha256_path

REPO = Path(__file__).resolve().parents[2]


def _pipeline(tmp_path: Path) -> Pipeline:
    cfg = PipelineConfig.from_dict(
        {"name": "unit", "seeds": [str(REPO / "examples/data/seeds.jsonl")], "run_dir": "run"},
        base_dir=tmp_path,
    )
    return Pipeline(cfg, log=lambda line: None)


def test_stage_runs_once_then_skips_until_something_changes(tmp_path: Path) -> None:
    p = _pipeline(tmp_path)
    source = tmp_path / "in.txt"
    source.write_text("a")
    out = p.root / "out.txt"
    calls: list[str] = []

    def body() -> dict[str, object]:
        calls.append(source.read_text())
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(source.read_text().upper())
        return {"n": len(calls)}

    def run(params: object) -> None:
        p.stage("s", inputs=[source], params=params, outputs=[out], body=body)

    run({"k": 1})
    run({"k": 1})
    assert calls == ["a"] and p.skipped == ["s"]
    source.write_text("b")  # input changed
    run({"k": 1})
    run({"k": 2})  # parameter changed
    assert calls == ["a", "b", "b"]
    out.unlink()  # output gone
    run({"k": 2})
    assert calls == ["a", "b", "b", "b"]
    record = p.records["s"]
    assert record.inputs == {str(source): sha256_path(source)}
    assert record.outputs == ["out.txt"] and record.summary == {"n": 4}


def test_a_stage_that_writes_nothing_fails_and_leaves_no_record(tmp_path: Path) -> None:
    p = _pipeline(tmp_path)
    with pytest.raises(NoesisError, match="did not write"):
        p.stage("empty", inputs=[], params={}, outputs=[p.root / "x"], body=lambda: {})
    assert not (p.stages_dir / "empty.json").exists()


def test_folder_hash_follows_content_and_names(tmp_path: Path) -> None:
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.bin").write_bytes(b"1")
    first = sha256_path(d)
    (d / ".hidden").write_text("ignored")
    assert sha256_path(d) == first
    (d / "sub" / "a.bin").write_bytes(b"2")
    assert sha256_path(d) != first
    assert sha256_path(tmp_path / "absent") == "missing"


def test_unknown_until_stage_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NoesisError, match="unknown stage 'trian'"):
        _pipeline(tmp_path).run(until="trian")


def test_a_failing_stage_is_one_line_with_its_traceback_kept(tmp_path: Path) -> None:
    p = _pipeline(tmp_path)

    def boom() -> dict[str, object]:
        raise ValueError("merged model lacks tensor x\nsecond line")

    with pytest.raises(NoesisError) as info:
        p.stage("merge", inputs=[], params={}, outputs=[], body=boom)
    trace = p.stages_dir / "merge.error.txt"
    assert info.value.message == "stage 'merge' failed: ValueError: merged model lacks tensor x"
    assert info.value.fix == f"see {trace}"
    assert "Traceback" in trace.read_text() and "second line" in trace.read_text()
    assert not (p.stages_dir / "merge.json").exists()


def test_known_failures_keep_their_own_message(tmp_path: Path) -> None:
    from noesis_trainer.errors import OutOfMemoryError

    p = _pipeline(tmp_path)

    def oom() -> dict[str, object]:
        raise RuntimeError("CUDA out of memory. Tried to allocate 1.00 GiB")

    with pytest.raises(OutOfMemoryError, match="GPU out of memory: CUDA out of memory"):
        p.stage("train-epoch-0", inputs=[], params={}, outputs=[], body=oom)


def test_validate_stage_quarantines_as_the_cli_does(tmp_path: Path) -> None:
    """One quarantine: the pipeline's validate stage writes the files `noesis validate --out
    --rejects` writes (accepted lines byte for byte, rejects with located reasons)."""
    import json

    seeds = tmp_path / "seeds.jsonl"
    good = (REPO / "examples/data/seeds.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    bad = json.loads(good[0])
    bad["id"] = "broken-one"
    bad["difficulty"] = "impossible"
    seeds.write_text("\n".join([*good, json.dumps(bad, ensure_ascii=False)]) + "\n", "utf-8")
    cfg = PipelineConfig.from_dict(
        {"name": "unit", "seeds": [str(seeds)], "run_dir": "run"}, base_dir=tmp_path
    )
    Pipeline(cfg, log=lambda line: None).run(until="validate-seeds")
    data = tmp_path / "run" / "data"
    assert (data / "seeds.jsonl").read_text(encoding="utf-8").splitlines() == good
    (reject,) = [
        json.loads(x) for x in (data / "seeds.rejects.jsonl").read_text("utf-8").splitlines()
    ]
    assert reject["line"] == 4 and reject["path"].endswith("seeds.jsonl")
    assert reject["record"]["id"] == "broken-one"
    assert any(r["field"] == "difficulty" for r in reject["reasons"])
