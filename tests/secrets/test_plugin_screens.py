"""The screens in front of detect-secrets' plugins: they may only skip work, never hide a match.

``plugin_screens`` keeps, as data, a copy of every ``denylist`` expression of the plugins used,
with needles and a shortest length. These tests compare the copies with the installed plugins
and derive the needles again from the real expressions, so a detect-secrets release that
changes a pattern fails here; they also check that text holding a match always reaches its
plugin, and that the values a real corpus shows the plugins load nothing.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
from helpers import run_python
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.secrets import plugin_screens
from mcplint.secrets.plugin_screens import PLUGIN_SCREENS, silent_plugins
from mcplint.secrets.plugins import loaded_plugins
from mcplint.secrets.providers import DETECT_SECRETS_PLUGINS, analyse


# Values of a real corpus that reach detect-secrets' plugins (token-like) yet match no plugin's expression.
CORPUS_VALUES = [
    "7292acd372960e4fe37117698fd1ec0fbbb897c8a60d4852389685dd095861d2",
    "https://gitmcp.io/007aneesh/HLD-CHAT-APP",
    "@microsoft/m365agentstoolkit-mcp@latest",
    "https://qp20b20k-18888.use.devtunnels.ms/mcp",
    "arn:aws:bedrock-agentcore:us-east-1:903050880929:runtime/mdc_mcp_rag_server_python-v5K2F8B",
    "ghcr.io/github/github-mcp-server:0.30.3",
    "git+https://github.com/volcengine/mcp-server@69d102e079ca74acedd5ec48eeeb24b148efb36e#subdirectory=server",
    "pdase-cepm-sqlmi.c46da62ba3d7.database.windows.net",
    "ghcr.io/chisanan232/slack-mcp-server:latest",
]


def _plugin_class(key: tuple[str, str]) -> type:
    module, name = key
    return getattr(importlib.import_module(module), name)


def _expressions(key: tuple[str, str]) -> list[re.Pattern[str]]:
    loaded_plugins()  # imports detect-secrets as mcplint does (without ``requests``)
    return list(_plugin_class(key).denylist)


@pytest.mark.parametrize("key", DETECT_SECRETS_PLUGINS, ids=lambda k: k[1])
def test_copies_are_the_installed_expressions(key) -> None:
    screens = PLUGIN_SCREENS[key]
    real = [(p.pattern, p.flags) for p in _expressions(key)]
    assert [(s.pattern, re.compile(s.pattern, s.flags).flags) for s in screens] == real


@pytest.mark.parametrize("key", DETECT_SECRETS_PLUGINS, ids=lambda k: k[1])
def test_needles_and_lengths_follow_from_the_installed_expressions(key) -> None:
    for screen, expression in zip(PLUGIN_SCREENS[key], _expressions(key)):
        if expression.flags & re.VERBOSE:  # the reader knows no verbose syntax: none may be used
            assert not re.search(r"[\s#]", expression.pattern), expression.pattern
        clauses, shortest = analyse(expression.pattern)
        assert clauses, f"no literal is known in {expression.pattern!r}: give the plugin no screen"
        fold = str.lower if expression.flags & re.IGNORECASE else str
        # Every match holds a string of each clause: a group of needles holds for every match
        # when one clause has a needle of the group in each of its strings.
        for group in screen.needles:
            assert any(all(any(n in fold(c) for n in group) for c in clause) for clause in clauses), (screen, group)
            if expression.flags & re.IGNORECASE:
                assert all(n == n.lower() for n in group)
        assert screen.needles and screen.shortest <= shortest


def test_plugins_report_only_what_their_expressions_find() -> None:
    """The screens reason about ``denylist`` alone: a plugin may narrow its matches (the JWT one
    checks each token's parts), never find more."""
    from detect_secrets.plugins.base import RegexBasedDetector

    loaded_plugins()
    for key in DETECT_SECRETS_PLUGINS:
        cls = _plugin_class(key)
        assert issubclass(cls, RegexBasedDetector), key
        if cls.analyze_string is not RegexBasedDetector.analyze_string:
            assert key[1] == "JwtTokenDetector", f"{key[1]} overrides analyze_string: check it, then list it here"
            assert "filter(" in inspect.getsource(cls.analyze_string)
            assert "super().analyze_string(" in inspect.getsource(cls.analyze_string)


_FILLER = st.text(st.sampled_from("aZ09_-.:/=@ \"'"), max_size=12)


@pytest.mark.parametrize(
    "key, index",
    [(key, i) for key in DETECT_SECRETS_PLUGINS for i in range(len(PLUGIN_SCREENS[key]))],
    ids=lambda v: v[1] if isinstance(v, tuple) else str(v),
)
def test_text_holding_a_match_reaches_the_plugin(key, index) -> None:
    expression = _expressions(key)[index]

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_FILLER, st.from_regex(expression, fullmatch=True), _FILLER)
    def check(before: str, match: str, after: str) -> None:
        assert key not in silent_plugins(match)
        text = before + match + after  # (the text around may spoil the match: a lookaround)
        if expression.search(text):
            assert key not in silent_plugins(text)

    check()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(st.sampled_from("ACSKMNOGRaxopsk0123456789_-.:/=@\"' ghlptTB3Jy\u212a\u017f"), max_size=120))
def test_a_silent_plugin_finds_nothing(text: str) -> None:
    silent = silent_plugins(text)
    for label, plugin, key in loaded_plugins():
        if key in silent:
            assert [p.pattern for p in plugin.denylist if p.search(text)] == []


@pytest.mark.parametrize("value", CORPUS_VALUES)
def test_corpus_values_match_no_plugin(value) -> None:
    assert silent_plugins(value) == frozenset(DETECT_SECRETS_PLUGINS)


def test_scanning_corpus_values_does_not_import_detect_secrets() -> None:
    code = (
        "import sys\n"
        "import mcplint.secrets.plugins as plugins\n"
        "from mcplint.secrets import scan_args, scan_value\n"
        "reached, real = set(), plugins.plugin_matches\n"
        "plugins.plugin_matches = lambda text: (reached.add(text), real(text))[1]\n"
        f"values = {CORPUS_VALUES!r}\n"
        "for v in values:\n"
        "    scan_value(v, placement='env', name='SERVER_REF')\n"
        "    scan_value(v, placement='url')\n"
        "scan_args(values)\n"
        "assert len(reached) >= 5  # they reach the plugins' stage, where they used to load the plugins\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('detect_secrets', 'requests')))\n"
    )
    result = run_python("-c", code, check=True)
    assert result.stdout.strip() == "[]"


def test_the_version_is_read_without_importing_detect_secrets() -> None:
    from importlib.metadata import version

    assert plugin_screens.installed_version() == version("detect-secrets")


def test_with_another_detect_secrets_release_every_plugin_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copied patterns describe one release: with another installed, nothing is screened out."""
    text = "arn:aws:iam::123456789012:role/deploy-7f3a9c2e"
    assert plugin_screens.silent_plugins(text) == frozenset(DETECT_SECRETS_PLUGINS)
    monkeypatch.setattr(plugin_screens, "installed_version", lambda: "9.9.9")
    assert plugin_screens.silent_plugins(text) == frozenset()
