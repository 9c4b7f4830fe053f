"""Every ```python and ```bash block of README.md and docs/*.md runs.

Convention (COMMON to all contributors): a ```python block runs as Python, a ```bash block in
bash with `noesis` on PATH, each on its own in a scratch folder holding a copy of the repo's
examples/. `<!-- docs-test: skip (reason) -->` on the line just before the opening fence skips
a block that cannot run here (Modal token, GPU, the Hub, a long run). Output samples use
```text or ```console and are never run. A failure names file:line of the fence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_LANGUAGES = ("python", "bash")
SKIP_RE = re.compile(r"^<!--\s*docs-test:\s*skip\s*\((?P<reason>.+)\)\s*-->\s*$")
FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
BLOCK_TIMEOUT_S = 600


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    language: str
    code: str
    skip: str | None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def parse_blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file, with the skip reason written before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE_RE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        previous = lines[start - 1].strip() if start > 0 else ""
        skip = SKIP_RE.match(previous)
        blocks.append(
            Block(
                path=path,
                line=start + 1,
                language=match["lang"].lower(),
                code="\n".join(body) + "\n",
                skip=skip["reason"] if skip else None,
            )
        )
        i += 1
    return blocks


ALL_BLOCKS = [b for p in DOCS for b in parse_blocks(p)]
RUNNABLE = [b for b in ALL_BLOCKS if b.language in RUN_LANGUAGES]


def test_parser_finds_fences_and_skip_marks(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text(
        "# t\n```python\nprint(1)\n```\n<!-- docs-test: skip (needs a GPU) -->\n```bash\n"
        "nvidia-smi\n```\n```text\nout\n```\n",
        encoding="utf-8",
    )
    blocks = parse_blocks(doc)
    assert [(b.line, b.language, b.skip) for b in blocks] == [
        (2, "python", None),
        (6, "bash", "needs a GPU"),
        (9, "text", None),
    ]
    assert blocks[0].code == "print(1)\n"


def test_docs_have_runnable_blocks() -> None:
    assert len(RUNNABLE) >= 20, [b.where for b in RUNNABLE]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder holding a copy of examples/ and a `noesis` command running this checkout."""
    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(
        ROOT / "examples", root / "examples", ignore=shutil.ignore_patterns("runs", "*.pyc")
    )
    bin_dir = root / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "noesis"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m noesis_trainer.cli "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
        + os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "OMP_NUM_THREADS": "1",
    }
    return root, env


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.where for b in RUNNABLE])
def test_block_runs(block: Block, scratch: tuple[Path, dict[str, str]]) -> None:
    if block.skip is not None:
        pytest.skip(f"{block.where}: {block.skip}")
    root, env = scratch
    command = (
        [sys.executable, "-c", block.code]
        if block.language == "python"
        else ["bash", "-euo", "pipefail", "-c", block.code]
    )
    try:
        done = subprocess.run(
            command,
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{block.where}: still running after {BLOCK_TIMEOUT_S} s (mark it skip)")
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        pytest.fail(f"{block.where}: {block.language} block exited {done.returncode}:\n{tail}")
