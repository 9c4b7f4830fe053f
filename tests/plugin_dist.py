"""Install a real plugin distribution (package + dist-info with an entry point) on sys.path for
one test, registered before and unregistered after, as a user's `pip install` would."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from noesis_trainer.plugins import ENTRY_POINT_GROUP, get_plugin_manager


def install_plugin(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    module: str,
    distribution: str,
    version: str,
    entry: str,
    source: str,
) -> Iterator[str]:
    """Yield `entry` while `module` (with `source` as its ``__init__``) is installed as
    `distribution` `version`; the plugin manager is rebuilt on both sides."""
    (site / module).mkdir(parents=True)
    (site / module / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist = site / f"{module}-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\n{entry} = {module}\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    get_plugin_manager.cache_clear()
    yield entry
    get_plugin_manager.cache_clear()
    sys.modules.pop(module, None)
