"""Issue 14 items 1 and 2: an output never replaces a special file, a symlink or an input.

Devices and FIFOs with a reader are written through, a FIFO without reader is refused with one
line, a symlink's target gets the content (the link stays), a replaced file keeps its mode, and
an output that is or contains an input is refused in every command before any work.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from noesis_trainer.io.atomic import atomic_open, write_text_atomic
from noesis_trainer.io.paths import (
    MARKER,
    OutputPathError,
    check_replaceable,
    mark_output_folder,
    output_conflict,
)
from tests.hostile.conftest import assert_one_line_error, noesis


def test_dev_null_stays_a_device() -> None:
    before = os.stat("/dev/null")
    write_text_atomic("/dev/null", "discarded\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev, stat.S_IMODE(after.st_mode)) == (
        before.st_ino,
        before.st_rdev,
        stat.S_IMODE(before.st_mode),
    )


def test_dev_full_is_an_oserror_not_a_replacement() -> None:
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic("/dev/full", "x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_without_reader_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputPathError, match="no reader"):
        write_text_atomic(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_fifo_with_reader_receives_the_bytes(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    opened = threading.Event()

    def read() -> None:
        # Read and write ends both held here: the FIFO has a reader from this moment on, and a
        # read never sees end-of-file before the writer came (a plain reader raced the writer).
        fd = os.open(fifo, os.O_RDWR)
        opened.set()
        data = b""
        try:
            while not data.endswith(b"\n"):
                data += os.read(fd, 4096)
        finally:
            os.close(fd)
        got.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    opened.wait(5)
    write_text_atomic(fifo, "through the pipe\n")
    reader.join(5)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    write_text_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text(encoding="utf-8") == "new"


def test_replaced_file_keeps_its_mode_and_new_file_follows_umask(tmp_path: Path) -> None:
    existing = tmp_path / "a.txt"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    write_text_atomic(existing, "new")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    old_mask = os.umask(0o022)
    try:
        fresh = tmp_path / "b.txt"
        write_text_atomic(fresh, "x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's 0600
    finally:
        os.umask(old_mask)


def test_temp_files_of_a_killed_writer_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    dead_pid = 2**22 + 12345  # above the default pid_max: never a live process
    stale = tmp_path / f".out.jsonl.{dead_pid}.abcd.tmp"
    stale.write_text("half", encoding="utf-8")
    mine = tmp_path / f".out.jsonl.{os.getpid()}.live.tmp"
    mine.write_text("writing", encoding="utf-8")
    write_text_atomic(target, "done")
    assert not stale.exists()
    assert mine.exists()  # a live writer's temp file is left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, mine.name])


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("partial")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    ("output", "inputs", "expected"),
    [
        ("in.jsonl", ["in.jsonl"], "is one of the inputs"),
        ("./d/../in.jsonl", ["in.jsonl"], "is one of the inputs"),
        ("link.jsonl", ["in.jsonl"], "is one of the inputs"),
        ("hard.jsonl", ["in.jsonl"], "is one of the inputs"),
        ("d", ["d/x.jsonl"], "contains the input"),
        (".", ["*.jsonl"], "contains the input"),
        ("d/x.jsonl", ["d"], "input folder"),
        ("d/new.json", ["d"], None),
        ("other.jsonl", ["in.jsonl", "d"], None),
    ],
)
def test_output_conflict(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    inputs: list[str],
    expected: str | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.jsonl").write_text("{}\n", encoding="utf-8")
    Path("d").mkdir()
    Path("d/x.jsonl").write_text("{}\n", encoding="utf-8")
    Path("link.jsonl").symlink_to("in.jsonl")
    os.link("in.jsonl", "hard.jsonl")
    reason = output_conflict(output, inputs)
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


def test_overwrite_needs_the_marker(tmp_path: Path) -> None:
    user = tmp_path / "proj"
    (user / "notes").mkdir(parents=True)
    with pytest.raises(OutputPathError, match="not written by noesis-trainer"):
        check_replaceable(user)
    ours = tmp_path / "merged"
    ours.mkdir()
    (ours / "model.safetensors").write_bytes(b"x")
    mark_output_folder(ours, "merged-model")
    assert (ours / MARKER).is_file()
    check_replaceable(ours)  # no exception: a folder we wrote
    check_replaceable(tmp_path / "absent")


# -- the commands --------------------------------------------------------------------------


def test_generate_into_its_seed_file_is_refused(seeds: Path) -> None:
    before = seeds.read_bytes()
    line = assert_one_line_error(noesis("generate", seeds, "-n", "5", "-o", seeds))
    assert "is one of the inputs" in line
    assert seeds.read_bytes() == before


def test_convert_into_its_input_is_refused(seeds: Path) -> None:
    before = seeds.read_bytes()
    line = assert_one_line_error(noesis("convert", seeds, "-o", seeds))
    assert "--out" in line and "is one of the inputs" in line
    assert seeds.read_bytes() == before


@pytest.mark.parametrize("option", ["-o", "--markdown"])
def test_judge_report_over_its_answers_is_refused(tmp_path: Path, option: str) -> None:
    answers = tmp_path / "ans.jsonl"
    answers.write_text('{"prompt": "Por que?", "response": "Porque sim."}\n', encoding="utf-8")
    before = answers.read_bytes()
    line = assert_one_line_error(noesis("judge", answers, option, answers))
    assert "is one of the inputs" in line
    assert answers.read_bytes() == before


def test_evaluate_report_over_its_prompts_is_refused(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("Por que o ceu e azul?\n", encoding="utf-8")
    line = assert_one_line_error(
        noesis("evaluate", "--prompts", prompts, "--base-url", "http://127.0.0.1:9", "-o", prompts)
    )
    assert "is one of the inputs" in line
    assert prompts.read_text(encoding="utf-8") == "Por que o ceu e azul?\n"


def test_split_into_the_folder_of_its_input_is_refused(tmp_path: Path, seeds: Path) -> None:
    sd = tmp_path / "sd"
    sd.mkdir()
    train = sd / "train.jsonl"
    train.write_bytes(seeds.read_bytes())
    line = assert_one_line_error(noesis("split", train, "-o", sd))
    assert "contains the input" in line
    assert train.read_bytes() == seeds.read_bytes()


def test_validate_out_over_a_reference_is_refused(tmp_path: Path, seeds: Path) -> None:
    ref = tmp_path / "ref.jsonl"
    ref.write_bytes(seeds.read_bytes())
    line = assert_one_line_error(noesis("validate", seeds, "--against", ref, "--out", ref))
    assert "is one of the inputs" in line
    assert ref.read_bytes() == seeds.read_bytes()


def test_export_gguf_over_a_model_file_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "M"
    model.mkdir()
    (model / "config.json").write_text('{"architectures": ["LlamaForCausalLM"]}', encoding="utf-8")
    line = assert_one_line_error(noesis("export-gguf", model, "--out", model / "config.json"))
    assert "is one of the inputs" in line or "input folder" in line
    assert (model / "config.json").read_text(encoding="utf-8").startswith('{"architectures"')


@pytest.mark.parametrize("which", ["adapter", "project"])
def test_merge_overwrite_never_deletes_inputs_or_user_folders(tmp_path: Path, which: str) -> None:
    proj = tmp_path / "proj"
    base, adapter = proj / "base", proj / "adapter"
    for folder in (base, adapter):
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}", encoding="utf-8")
    (proj / "notes.md").write_text("mine", encoding="utf-8")
    out = adapter if which == "adapter" else proj
    ran = noesis("merge", "--base", base, "--adapter", adapter, "--out", out, "--overwrite")
    line = assert_one_line_error(ran)
    assert "is one of the inputs" in line or "contains the input" in line
    assert (proj / "notes.md").read_text(encoding="utf-8") == "mine"
    assert (adapter / "config.json").is_file()


def test_merge_overwrite_refuses_an_unmarked_folder(tmp_path: Path) -> None:
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    for folder in (base, adapter):
        folder.mkdir()
        (folder / "config.json").write_text("{}", encoding="utf-8")
    other = tmp_path / "holiday-photos"
    other.mkdir()
    (other / "a.jpg").write_bytes(b"\xff\xd8")
    ran = noesis("merge", "--base", base, "--adapter", adapter, "--out", other, "--overwrite")
    line = assert_one_line_error(ran)
    assert "not written by noesis-trainer" in line
    assert (other / "a.jpg").read_bytes() == b"\xff\xd8"


def test_validate_out_dev_null_keeps_the_device(seeds: Path) -> None:
    ran = noesis("validate", seeds, "--out", "/dev/null", "--report", "/dev/null")
    assert ran.code == 0, ran.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_validate_report_dev_full_is_one_line(seeds: Path) -> None:
    line = assert_one_line_error(noesis("validate", seeds, "--report", "/dev/full"), code=1)
    assert "No space left on device" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_stats_json_to_a_full_stdout_is_one_line(seeds: Path) -> None:
    import subprocess
    import sys

    from tests.hostile.conftest import noesis_env

    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "noesis_trainer.cli", "stats", str(seeds), "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=noesis_env(),
            timeout=120,
            check=False,
        )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    expected = ["error: writing the output: No space left on device"]
    assert proc.stderr.strip().splitlines() == expected
