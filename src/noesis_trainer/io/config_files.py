"""Reading user-written text and YAML files with one-line, located errors.

Configs (pipeline, training, the seed's own YAML files) are written by hand; a missing file, a
file saved in another encoding or a YAML slip must each come back as one line that names the file
(and the line, for YAML), never as a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from noesis_trainer.errors import NoesisError


class ConfigFileError(NoesisError, ValueError):
    """A config file that cannot be read or parsed; the message is one line naming it."""


def read_text_utf8(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError(f"{p}: config file not found") from None
    except OSError as err:
        raise ConfigFileError(f"{p}: cannot read ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise ConfigFileError(
            f"{p}: not UTF-8 text (byte 0x{err.object[err.start]:02x} at offset {err.start}); "
            "save it as UTF-8"
        ) from None


def yaml_problem(path: str | os.PathLike[str], err: yaml.YAMLError) -> str:
    """``file:line: not valid YAML (problem)`` for a parser error."""
    mark = getattr(err, "problem_mark", None)
    where = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(err, "problem", None) or err
    return f"{path}{where}: not valid YAML ({problem})"


def load_yaml(path: str | os.PathLike[str]) -> Any:
    """The YAML document of `path` (None for an empty file); `ConfigFileError` on any problem."""
    text = read_text_utf8(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ConfigFileError(yaml_problem(path, err)) from None


def validation_problem(source: str, err: ValidationError) -> str:
    """``source: dotted.field: message (got value) (+N more)``: the first problem pydantic found
    in a config, as the one line the user sees (pipeline and training configs alike)."""
    problems = err.errors(include_url=False)
    e = problems[0]
    field = ".".join(str(p) for p in e["loc"]) or "(top level)"
    message = str(e["msg"]).removeprefix("Value error, ")
    given = e.get("input")
    shown = (
        ""
        if isinstance(given, dict) or e["type"] in ("missing", "value_error")
        else f" (got {given!r})"
    )
    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{source}: {field}: {message}{shown}{more}"
