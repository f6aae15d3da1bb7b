"""The pre-commit hook's file selection, generated from the client catalog so it cannot drift.

``python -m mcplint.precommit`` prints the ``files:`` value of ``.pre-commit-hooks.yaml``; every
hook example in docs/pre-commit.md uses the same text (tests/test_precommit.py checks both, and
that each catalogued project path matches). Files are chosen by name, not by ``types``: identify
gives ``.jsonc`` no type tag.
"""

from __future__ import annotations

import re
import sys

GENERIC = r"(^|/)[^/]*mcp[^/]*\.(jsonc?|json5|ya?ml|toml)$"
"""Any JSON/YAML/TOML file with ``mcp`` in its name (``tools/team-mcp.jsonc``)."""

_SPECIAL = set(".^$+?()[]{}|\\")


def glob_to_regex(glob: str) -> str:
    """A catalog project path (``*`` = one path segment) as a regex on a repository path."""
    body = "".join("[^/]+" if ch == "*" else ("\\" + ch if ch in _SPECIAL else ch) for ch in glob)
    return body + "$" if glob.startswith("*") else "(^|/)" + body + "$"


def project_paths() -> list[str]:
    """Every project-level path of every catalogued client, sorted."""
    from mcplint.clients import all_clients

    return sorted({p for client in all_clients() for p in client.project_paths})


def files_pattern() -> str:
    """The verbose regex (``(?x)``) selecting every catalogued project config and GENERIC."""
    generic = re.compile(GENERIC)
    alternatives = [GENERIC] + [glob_to_regex(p) for p in project_paths()
                                if not generic.search(p.replace("*", "x"))]
    return "(?x)(\n    " + "\n  | ".join(alternatives) + "\n)\n"


def main(argv: list[str] | None = None) -> int:
    """Print the ``files:`` value (``--yaml``: as the YAML block the hook definition holds)."""
    argv = sys.argv[1:] if argv is None else argv
    pattern = files_pattern()
    if "--yaml" in argv:
        sys.stdout.write("files: |\n" + "".join("  " + line + "\n" for line in pattern.splitlines()))
    else:
        sys.stdout.write(pattern)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
