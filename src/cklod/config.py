"""The project configuration: ``cklod.toml`` at the project root, read by every command and by the library.

A corpus project need not be a Python package, so its settings live in a file of their own rather than in a
``[tool.cklod]`` table of a pyproject.toml. Every key is optional::

    base = "https://w3id.org/cklod/"               # base IRI of every entity, document and graph
    sparql_endpoint = "https://example.org/sparql"  # PUBLIC SPARQL endpoint, advertised in void.ttl
    output = "output"                               # the build folder, relative to the project root

Precedence: a command-line option, then ``cklod.toml``, then the default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cklod.rdf.iris import DEFAULT_BASE

CONFIG_FILE = "cklod.toml"
DEFAULT_OUTPUT = "output"
KEYS = ("base", "sparql_endpoint", "output")


class ConfigError(ValueError):
    """A setting that cannot be used; the message is one line, ``cklod.toml:LINE: key: problem`` or
    ``--option: problem``."""


def base_problem(base: str) -> str | None:
    """Why ``base`` cannot be the dataset's base IRI, or None when it can."""
    if not base or re.search(r"[\s<>\"{}|\\^`]", base):
        return f'{base!r} is not an IRI (no spaces or <>"{{}}|\\^` allowed)'
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{base!r} must be an absolute http or https IRI, e.g. https://example.org/kg/"
    if not base.endswith(("/", "#")):
        return f"{base!r} must end with '/' or '#' (IRIs are made by appending to it), e.g. {base}/"
    return None


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` cannot be advertised as the public SPARQL endpoint, or None when it can."""
    parts = urlsplit(url)
    if re.search(r"\s", url) or parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} must be an absolute http or https URL, e.g. https://example.org/sparql"
    return None


def _key_line(text: str, key: str) -> int:
    """The line ``key`` is set on (tomllib reports values without their position)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return 1


def _read(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = m.group(1) if m else "1"
        raise ConfigError(f"{path.name}:{line}: {message[: m.start()].strip() if m else message}") from None


@dataclass(frozen=True)
class Config:
    """Where a project's settings come from and what they are; load with :meth:`Config.load`.

    ``output`` is absolute or relative to the working directory (``cklod.toml`` values are taken relative to
    the project root); ``sparql_endpoint`` is None when the dataset has no public endpoint.
    """

    root: Path = Path(".")
    base: str = DEFAULT_BASE
    sparql_endpoint: str | None = None
    output: Path = field(default=Path(DEFAULT_OUTPUT))

    @classmethod
    def load(
        cls,
        project_root: Path | str = ".",
        *,
        base: str | None = None,
        sparql_endpoint: str | None = None,
        output: Path | str | None = None,
    ) -> Config:
        """The configuration of the project at ``project_root``: its ``cklod.toml`` (if any), overridden by
        the keyword arguments that are not None (the command-line options). Raises :class:`ConfigError`.

        >>> Config.load("/nonexistent", base="https://example.org/kg/").base
        'https://example.org/kg/'
        """
        root = Path(project_root)
        path = root / CONFIG_FILE
        values, text = _read(path) if path.is_file() else ({}, "")
        for key, value in values.items():
            if key not in KEYS:
                raise ConfigError(
                    f"{CONFIG_FILE}:{_key_line(text, key)}: unknown key '{key}'; the keys are {', '.join(KEYS)}"
                )
            if not isinstance(value, str):
                raise ConfigError(f"{CONFIG_FILE}:{_key_line(text, key)}: {key}: expected a string in quotes")

        def checked(key: str, option: str, given: str | None, problem) -> str | None:
            if given is not None:
                if message := problem(given):
                    raise ConfigError(f"{option}: {message}")
                return given
            value = values.get(key)
            if value is not None and (message := problem(value)):
                raise ConfigError(f"{CONFIG_FILE}:{_key_line(text, key)}: {key}: {message}")
            return value

        chosen_base = checked("base", "--base", base, base_problem) or DEFAULT_BASE
        endpoint = checked("sparql_endpoint", "--sparql-endpoint", sparql_endpoint, endpoint_problem)
        out = Path(output) if output is not None else root / str(values.get("output", DEFAULT_OUTPUT))
        return cls(root, chosen_base, endpoint, out)
