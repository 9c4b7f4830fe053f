"""The Modal image's exact requirement set resolves for the container's platform (Linux x86-64,
the image's Python), so a pin conflict is found here, not at image build on Modal.

pip resolves against PyPI without installing anything (``--dry-run --report``); it ignores this
machine's pip configuration (``--isolated``: no local wheel folders or constraint files) so it
sees what the image's own pip will see. Needs PyPI; a slow registry gets a generous timeout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.pins import CORE_REQUIREMENTS, TORCH_CUDA, TRAIN_PINS
from noesis_trainer.training.backends.modal import ModalBackend

GLIBC_MINORS = range(17, 37)
"""The container is Debian (glibc 2.36 in bookworm, 2.41 in trixie): every manylinux_2_17 to
2_36 wheel installs there. pip matches platform tags literally, so each is listed."""

RESOLVE_TIMEOUT_S = 1500
RESOLVE_ATTEMPTS = 3
"""pip downloads wheels that publish no separate metadata (a 200 MB CUDA wheel) to resolve: a
download broken off by the network is tried again, and after this many the check is skipped,
since it says nothing about the pins."""
NETWORK_TROUBLE = (
    "incomplete-download",
    "network connectivity",
    "connection broken",
    "connection reset",
    "connection aborted",
    "connectionerror",
    "read timed out",
    "max retries exceeded",
    "temporary failure in name resolution",
)
"""Phrases of pip's output that mean the registry could not be read, not a pin conflict."""


def _platforms() -> list[str]:
    tags = [f"manylinux_2_{m}_x86_64" for m in GLIBC_MINORS]
    tags += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
    return [arg for tag in tags for arg in ("--platform", tag)]


def _pip_resolve(
    requirements: list[str], python_version: str, index_url: str, report: Path
) -> subprocess.CompletedProcess[str]:
    """pip's resolution of `requirements` for the container, written to `report`; installs
    nothing."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "--isolated",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--quiet",
        "--only-binary=:all:",
        *_platforms(),
        "--python-version",
        python_version,
        "--index-url",
        index_url,
        "--timeout",
        "120",
        "--retries",
        "5",
        *_resume_retries(),
        "--report",
        str(report),
        *requirements,
    ]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=RESOLVE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pip did not resolve the Modal image's requirements in {RESOLVE_TIMEOUT_S} s")


def _resume_retries() -> list[str]:
    """pip's ``--resume-retries`` (pip 25.1 and later): a broken-off download resumes where it
    stopped instead of starting over."""
    from pip import __version__ as pip_version

    major, minor = (int(x) for x in pip_version.split(".")[:2])
    return ["--resume-retries", "10"] if (major, minor) >= (25, 1) else []


def _network_trouble(done: subprocess.CompletedProcess[str]) -> bool:
    said = f"{done.stdout}\n{done.stderr}".lower()
    return any(phrase in said for phrase in NETWORK_TROUBLE)


def _resolve_or_skip(
    requirements: list[str], python_version: str, index_url: str, report: Path
) -> subprocess.CompletedProcess[str]:
    """`_pip_resolve`, tried again while the registry breaks off downloads; skipped (with pip's
    last words) when it never stops doing so: a network fault is not a pin conflict."""
    for _ in range(RESOLVE_ATTEMPTS):
        done = _pip_resolve(requirements, python_version, index_url, report)
        if done.returncode == 0 or not _network_trouble(done):
            return done
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-4:])
    pytest.skip(f"PyPI downloads kept breaking off ({RESOLVE_ATTEMPTS} tries): {tail}")


def _failure(python_version: str, done: subprocess.CompletedProcess[str]) -> str:
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
    return (
        f"the Modal image's requirements do not resolve for Linux x86-64, Python "
        f"{python_version} (a pin conflict, or a pin with no wheel there); fix "
        f"src/noesis_trainer/pins.py and pyproject.toml together. pip said:\n{tail}"
    )


@pytest.fixture(scope="module")
def resolution(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    recipe = ModalBackend(semantic_relevance=True).recipe()
    report = tmp_path_factory.mktemp("resolve") / "report.json"
    done = _resolve_or_skip(
        recipe.pip_requirements, recipe.python_version, recipe.torch_index_url, report
    )
    if done.returncode != 0:
        pytest.fail(_failure(recipe.python_version, done))
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return {_norm(i["metadata"]["name"]): i for i in data["install"]}


@pytest.mark.integration
def test_a_pin_conflict_fails_with_pips_reason(tmp_path: Path) -> None:
    """The check can fail: transformers 5.17 needs a newer huggingface_hub than 0.20."""
    conflict = [f"transformers=={TRAIN_PINS['transformers']}", "huggingface_hub==0.20.0"]
    done = _resolve_or_skip(conflict, "3.11", "https://pypi.org/simple", tmp_path / "r.json")
    assert done.returncode != 0
    assert not _network_trouble(done)
    message = _failure("3.11", done)
    assert message.startswith("the Modal image's requirements do not resolve")
    assert "huggingface" in message.split("pip said:", 1)[1].lower()


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


@pytest.mark.integration
def test_every_pin_resolves_to_exactly_its_version(resolution: dict[str, Any]) -> None:
    for name, version in TRAIN_PINS.items():
        assert _norm(name) in resolution, f"{name} missing from the resolution"
        assert resolution[_norm(name)]["metadata"]["version"] == version, name
    for requirement in CORE_REQUIREMENTS:
        name = requirement.split(">", 1)[0].split("<", 1)[0].split("=", 1)[0]
        assert _norm(name) in resolution, f"core dependency {name} missing"


@pytest.mark.integration
def test_torch_is_the_cuda_build_with_triton(resolution: dict[str, Any]) -> None:
    torch = resolution["torch"]
    assert torch["metadata"]["version"] == TRAIN_PINS["torch"]  # no "+cpu" local build
    wheel = torch["download_info"]["url"].rsplit("/", 1)[-1]
    assert "x86_64" in wheel and "+cpu" not in wheel, wheel
    runtime = resolution.get("nvidia-cuda-runtime") or resolution.get("nvidia-cuda-runtime-cu12")
    assert runtime is not None, "torch pulled no CUDA runtime: not the CUDA build"
    assert runtime["metadata"]["version"].startswith(TORCH_CUDA + "."), runtime["metadata"]
    assert "triton" in resolution  # what Unsloth's kernels compile with (needs the C compiler)


@pytest.mark.integration
def test_every_wheel_fits_the_container(resolution: dict[str, Any]) -> None:
    python = "cp" + ModalBackend().recipe().python_version.replace(".", "")
    for name, item in resolution.items():
        wheel = item["download_info"]["url"].rsplit("/", 1)[-1]
        assert wheel.endswith(".whl"), f"{name}: {wheel} is not a wheel"
        tags = wheel[:-4].split("-")[-3:]
        assert tags[2] == "any" or "x86_64" in tags[2], f"{name}: {wheel}"
        assert tags[0].startswith(("py3", "py2.py3", python, "cp3")), f"{name}: {wheel}"


def test_network_trouble_is_told_from_a_pin_conflict() -> None:
    """The phrases pip prints for a broken-off download are not those of a resolution
    conflict, so a conflict is never skipped as network trouble."""
    broken = subprocess.CompletedProcess(
        [], 1, "", "error: incomplete-download\nnote: This is an issue with network connectivity"
    )
    conflict = subprocess.CompletedProcess(
        [], 1, "", "ERROR: ResolutionImpossible: transformers 5.17 depends on huggingface-hub>=1.0"
    )
    assert _network_trouble(broken)
    assert not _network_trouble(conflict)
