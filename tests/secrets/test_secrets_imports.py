"""detect-secrets is imported only when a literal needs checking, and its plugins once."""

from __future__ import annotations


import pytest
from helpers import run_python


def _imported(code: str) -> list[str]:
    """Modules imported while running ``code`` in a fresh interpreter (``-X importtime``)."""
    result = run_python("-X", "importtime", "-c", code, check=True)
    return [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in ("detect_secrets", "requests")]


@pytest.mark.parametrize(
    "value, placement, name",
    [
        ("${env:X}", "env", "TOKEN"),
        ("Bearer ${input:token}", "header", "Authorization"),
        ("your-api-key-here", "env", "OPENAI_API_KEY"),
        ("op://vault/item/field", "env", "OPENAI_API_KEY"),
        ("@modelcontextprotocol/server-github", "arg", None),
        ("claude-3-5-sonnet-20241022", "env", "MODEL"),
        ("https://mcp.supabase.com/mcp?project_ref=fbtnhhurjwizcrmcisci", "url", None),
        ("/Users/dev/projects/mcp-server/dist/index.js", "arg", None),
        ("hunter2", "env", "DB_PASSWORD"),
    ],
)
def test_placeholders_and_harmless_values_do_not_import_detect_secrets(value, placement, name) -> None:
    code = f"from mcplint.secrets import scan_value; scan_value({value!r}, placement={placement!r}, name={name!r})"
    assert _heavy(_imported(code)) == []


def test_importing_the_package_is_light() -> None:
    modules = _imported("import mcplint.secrets")
    assert "mcplint.secrets.detect" in modules
    assert _heavy(modules) == []


def test_a_literal_loads_the_plugins_once() -> None:
    # Literals a plugin can match (its Twilio key format): the plugins are loaded for the first.
    code = (
        "import random, string\n"
        "from mcplint.secrets import scan_value\n"
        "from mcplint.secrets.plugins import loaded_plugins\n"
        "r = random.Random(3)\n"
        "for _ in range(20):\n"
        "    v = 'AC' + ''.join(r.choice(string.ascii_lowercase + string.digits) for _ in range(32))\n"
        "    scan_value(v, placement='env', name='ACME_TOKEN')\n"
        "info = loaded_plugins.cache_info()\n"
        "assert info.misses == 1 and info.hits == 19, info\n"
        "assert len(loaded_plugins()) >= 15\n"
    )
    modules = _imported(code)
    assert modules.count("detect_secrets.plugins.base") == 1
