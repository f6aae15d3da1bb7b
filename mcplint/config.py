"""Project configuration: ``.mcplint.toml`` or ``[tool.mcplint]`` in ``pyproject.toml``.

Found from the scanned path upward, the closest file wins (ruff's rule: no implicit merging);
``--config FILE`` names one explicitly and ``--isolated`` ignores them all. The organisation's
central policy file can be named by ``MCPLINT_POLICY``. Every key is checked: an unknown key or
a wrong type is an error naming the file and line (exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mcplint.model import SEVERITIES
from mcplint.record import Record, field
from mcplint.errors import McplintError
from mcplint.report import REPORTERS
from mcplint.shown import shown_name

MAX_CONFIG_BYTES = 4 * 1024 * 1024
"""A configuration or policy file is a few kilobytes; a larger one is refused unread (the
limit for any TOML file mcplint parses, load.SLOW_FORMAT_SHARE)."""
CONFIG_NAMES = (".mcplint.toml", "mcplint.toml", "pyproject.toml")
POLICY_ENV = "MCPLINT_POLICY"

_STR_LIST = {"type": "array", "items": {"type": "string"}}
_MATCHER = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "package": {"type": "string"},
        "url": {"type": "string"},
        "fingerprint": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "command": {"type": "string"},
        "name": {"type": "string"},
        "reason": {"type": "string"},
    },
    "minProperties": 1,
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": _STR_LIST,
        "extend-select": _STR_LIST,
        "ignore": _STR_LIST,
        "fail-on": {"enum": list(SEVERITIES)},
        "exit-zero": {"type": "boolean"},
        "format": {"enum": list(REPORTERS)},
        "exclude": _STR_LIST,
        "per-file-ignores": {"type": "object", "additionalProperties": _STR_LIST},
        "per-server-ignores": {"type": "object", "additionalProperties": _STR_LIST},
        "baseline": {"type": "string"},
        "policy": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "mode": {"enum": ["allowlist", "denylist"]},
                "approved": {"type": "array", "items": _MATCHER},
                "blocked": {"type": "array", "items": _MATCHER},
            },
        },
        "rules": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"paths": _STR_LIST},
        },
    },
}
"""JSON Schema of the configuration (the keys of ``[tool.mcplint]`` / ``.mcplint.toml``)."""


class ConfigError(McplintError):
    """A configuration that cannot be used; names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        from mcplint.escape import printable  # a path or key from a hostile repository reaches stderr

        path, message = printable(path), printable(message)
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class Config(Record):
    path: Path | None = None
    """The file it came from (None: defaults)."""
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    exit_zero: bool = False
    format: str | None = None
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    per_server_ignores: dict[str, list[str]] = field(default_factory=dict)
    baseline: str | None = None
    policy: dict[str, Any] = field(default_factory=dict)
    rule_paths: list[Path] = field(default_factory=list)
    policy_path: Path | None = None
    """The central policy file (``MCPLINT_POLICY``) whose ``[policy]`` was merged in."""

    @property
    def root(self) -> Path:
        """Folder that relative paths in the config are resolved against."""
        return self.path.parent if self.path else Path.cwd()


def _validate(data: dict[str, Any], path: Path, doc: Any, prefix: tuple[str, ...]) -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    pointer = prefix + tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            pointer = pointer + (extra[0],)
            message = f"unknown key {shown_name(str(extra[0]))!r}"
            allowed = sorted(error.schema.get("properties", {}))
            if allowed:
                message += f" (allowed: {', '.join(allowed)})"
        else:
            message = _describe(error)
    else:
        where = ".".join(shown_name(str(p)) for p in error.absolute_path) or "configuration"
        message = f"{where}: {_describe(error)}"
    span = doc.key_span(pointer) if doc is not None else None
    raise ConfigError(str(path), span.line if span else 1, message)


_TYPE_WORDS = {"string": "a string", "array": "a list", "object": "a table", "boolean": "true or false",
               "integer": "a whole number", "number": "a number"}


def _describe(error: Any) -> str:
    """What is wrong, from the schema alone: jsonschema's own message quotes the value."""
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        return f"must be {' or '.join(_TYPE_WORDS.get(w, w) for w in wanted)}"
    if error.validator == "enum":
        return f"must be one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern":
        return f"must match {error.validator_value}"
    if error.validator == "minProperties":
        return "must not be empty"
    return f"does not pass the '{error.validator}' check"


def _check_policy(data: dict[str, Any], path: Path, doc: Any, prefix: tuple[str, ...]) -> None:
    """Package specs and version ranges in [policy] parse (the schema only checks types)."""
    if not data.get("policy"):
        return
    from mcplint.policy import problems

    for pointer, message in problems(data["policy"]):
        span = doc.key_span(prefix + ("policy",) + tuple(pointer)) if doc is not None else None
        raise ConfigError(str(path), span.line if span else 1, message)


def read_config_file(path: Path, required: bool = True) -> dict[str, Any] | None:
    """The mcplint table of a config file (None: a pyproject.toml without [tool.mcplint])."""
    from mcplint.load import decode, read_bytes
    from mcplint.load.toml_loader import load_toml
    from mcplint.model import LoadError

    try:
        doc = load_toml(decode(read_bytes(path, MAX_CONFIG_BYTES)))
    except LoadError as exc:
        raise ConfigError(str(path), exc.line, exc.message) from None
    prefix: tuple[str, ...] = ()
    data = doc.data or {}
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mcplint")
        prefix = ("tool", "mcplint")
        if data is None:
            if required:
                raise ConfigError(str(path), 1, "no [tool.mcplint] table")
            return None
    _validate(data, path, doc, prefix)
    _check_policy(data, path, doc, prefix)
    return data


def _mentions_mcplint(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.mcplint`` table (read bounded, like any config)."""
    from mcplint.load import read_bytes
    from mcplint.model import LoadError

    try:
        return b"[tool.mcplint" in read_bytes(pyproject)
    except LoadError:
        return True  # unreadable or too large: read_config_file says so, with the file's name


def find_config(start: Path) -> Path | None:
    """The closest config file at or above ``start``."""
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            # not only regular files: a FIFO, device or dangling link named .mcplint.toml is an
            # error naming it (read_config_file), never a silent fall-back to the defaults
            if os.path.lexists(candidate) and not candidate.is_dir():
                if name != "pyproject.toml" or _mentions_mcplint(candidate):
                    return candidate
    return None


def from_dict(data: dict[str, Any], path: Path | None) -> Config:
    root = path.parent if path else Path.cwd()
    return Config(
        path=path,
        select=data.get("select"),
        extend_select=data.get("extend-select", []),
        ignore=data.get("ignore", []),
        fail_on=data.get("fail-on"),
        exit_zero=data.get("exit-zero", False),
        format=data.get("format"),
        exclude=data.get("exclude", []),
        per_file_ignores=data.get("per-file-ignores", {}),
        per_server_ignores=data.get("per-server-ignores", {}),
        baseline=data.get("baseline"),
        policy=data.get("policy", {}),
        rule_paths=[root / p for p in data.get("rules", {}).get("paths", [])],
    )


def load_config(explicit: str | None, start: Path, isolated: bool = False, env: dict[str, str] | None = None) -> Config:
    """The configuration in force for a scan started at ``start``."""
    import os

    env = os.environ if env is None else env
    config = Config()
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(explicit, 1, "config file not found")
        config = from_dict(read_config_file(path) or {}, path.resolve())
    elif not isolated:
        found = find_config(start.resolve())
        if found is not None:
            data = read_config_file(found, required=False)
            if data is not None:
                config = from_dict(data, found)
    return config if isolated else with_central(config, env)


def with_central(config: Config, env: Any) -> Config:
    """``config`` with the central policy (``MCPLINT_POLICY``) merged in, when one is named."""
    policy_file = env.get(POLICY_ENV)
    if policy_file:
        path = Path(policy_file)
        if not path.exists():
            raise ConfigError(policy_file, 1, f"{POLICY_ENV} names a file that does not exist")
        central = from_dict(read_config_file(path) or {}, path.resolve())
        config.policy = _merge_policy(central.policy, config.policy)
        config.policy_path = path.resolve()
    return config


USER_CONFIG = ("mcplint", "config.toml")


def user_config_paths(env: dict[str, str] | None = None, os_name: str | None = None,
                      home: Path | None = None) -> list[Path]:
    """Where a user-level configuration may be, in order (the first that exists is used):
    ``$XDG_CONFIG_HOME/mcplint/config.toml``, then the platform's place: ``~/.config/mcplint/``
    (Linux), ``~/Library/Application Support/mcplint/`` (macOS, then ``~/.config``),
    ``%APPDATA%\\mcplint\\`` (Windows)."""
    import os
    import sys

    env = os.environ if env is None else env
    home = home or Path.home()
    os_name = os_name or {"win32": "windows", "darwin": "darwin"}.get(sys.platform, "linux")
    found: list[Path] = []
    if env.get("XDG_CONFIG_HOME"):
        found.append(Path(env["XDG_CONFIG_HOME"]).joinpath(*USER_CONFIG))
    if os_name == "windows":
        found.append(Path(env.get("APPDATA") or home / "AppData" / "Roaming").joinpath(*USER_CONFIG))
    elif os_name == "darwin":
        found.append((home / "Library" / "Application Support").joinpath(*USER_CONFIG))
    found.append((home / ".config").joinpath(*USER_CONFIG))
    return list(dict.fromkeys(found))


def load_machine_config(explicit: str | None, isolated: bool = False, env: dict[str, str] | None = None) -> Config:
    """The configuration of a machine scan (``--machine``): ``--config FILE``, else the user-level
    configuration, plus ``MCPLINT_POLICY``; never a project file found from the current folder,
    so a machine's verdict does not depend on where the scan is started."""
    import os

    env = os.environ if env is None else env
    if explicit or isolated:
        return load_config(explicit, Path.cwd(), isolated, env)
    config = Config()
    for path in user_config_paths(env):
        if path.is_file():
            config = from_dict(read_config_file(path) or {}, path.resolve())
            break
    return with_central(config, env)


def _merge_policy(central: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The central policy wins on mode and always keeps its blocks; a project may add approvals."""
    return {
        "mode": central.get("mode", local.get("mode", "denylist")),
        "approved": [*central.get("approved", []), *local.get("approved", [])],
        "blocked": [*central.get("blocked", []), *local.get("blocked", [])],
    }
