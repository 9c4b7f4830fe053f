"""`noesis plugins`, the NOESIS_LOAD_PLUGINS allow-list and the plugin fingerprint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.plugins import get_plugin_manager, list_plugins
from noesis_trainer.plugins.manager import plugin_fingerprint
from tests.plugin_dist import install_plugin

runner = CliRunner()


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real distribution on sys.path with one entry-point plugin that registers a judge."""
    yield from install_plugin(
        tmp_path / "site",
        monkeypatch,
        module="noesis_probe_plugin",
        distribution="noesis-probe-plugin",
        version="0.3.0",
        entry="probe",
        source="""
            from noesis_trainer.plugins import hookimpl

            class ProbeTechnique:
                name = "probe"

                def vary(self, example, rng, generator=None):
                    return None

            @hookimpl
            def register_techniques(register):
                register(ProbeTechnique())
            """,
    )


def test_builtins_are_listed_with_what_they_register() -> None:
    get_plugin_manager.cache_clear()
    found = {p.name: p for p in list_plugins()}
    judges = found["noesis_trainer.tribunal.builtin_judges"]
    assert judges.builtin and judges.registers == {"judges": ["veritas", "sophia", "dike"]}
    assert (
        "placeholder-marker" in found["noesis_trainer.validation.builtin_rules"].registers["rules"]
    )


def test_installed_plugin_is_loaded_listed_and_fingerprinted(
    installed_plugin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOESIS_LOAD_PLUGINS", raising=False)
    result = runner.invoke(app, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "probe  (noesis-probe-plugin 0.3.0)" in result.output
    assert "  techniques: probe" in result.output
    assert "probe==0.3.0" in plugin_fingerprint()


@pytest.mark.parametrize(
    ("allow", "loaded"),
    [("", False), ("other", False), ("probe", True), ("x, noesis-probe-plugin", True)],
)
def test_allow_list(
    installed_plugin: str, monkeypatch: pytest.MonkeyPatch, allow: str, loaded: bool
) -> None:
    monkeypatch.setenv("NOESIS_LOAD_PLUGINS", allow)
    get_plugin_manager.cache_clear()
    names = {p.name for p in list_plugins()}
    assert ("probe" in names) is loaded
    assert "noesis_trainer.tribunal.builtin_judges" in names  # built-ins always load
    assert (plugin_fingerprint() == ["probe==0.3.0"]) is loaded
    result = runner.invoke(app, ["plugins"])
    shown = sorted({name.strip() for name in allow.split(",") if name.strip()})
    assert f"NOESIS_LOAD_PLUGINS allows: {', '.join(shown) or '(none)'}" in result.output
