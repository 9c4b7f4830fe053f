"""`noesis plugins`: which plugins are loaded and what each registers."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from noesis_trainer.cli.app import app, console


@app.command("plugins")
def plugins_command(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """List the loaded plugins (built-in first) and the rules, techniques and judges of each.

    NOESIS_LOAD_PLUGINS=name1,name2 loads only those installed plugins (empty: none of them).
    """
    from noesis_trainer.plugins import ALLOW_LIST_ENV, list_plugins
    from noesis_trainer.plugins.manager import allowed_plugins

    found = list_plugins()
    if as_json:
        console.print_json(json.dumps([asdict(p) for p in found]))
        return
    for info in found:
        origin = "built-in" if info.builtin else f"{info.package or '?'} {info.version or ''}"
        console.print(f"{info.name}  ({origin.strip()})", markup=False)
        for hook, names in info.registers.items():
            console.print(f"  {hook}: {', '.join(names) or '(none)'}", markup=False)
    allowed = allowed_plugins()
    if allowed is not None:
        shown = ", ".join(sorted(allowed)) or "(none)"
        console.print(f"{ALLOW_LIST_ENV} allows: {shown}", markup=False)
