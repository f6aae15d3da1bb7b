"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from mcplint.secrets import SecretHit, is_placeholder, redact, scan_args, scan_value
from mcplint.secrets.redact import public_prefix

TOKEN_CHARS = string.ascii_letters + string.digits + "-_./+="
token = st.text(alphabet=TOKEN_CHARS, min_size=12, max_size=200)
var_name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,30}", fullmatch=True)


@given(token)
def test_redact_never_contains_the_secret(secret: str) -> None:
    shown = redact(secret)
    assert secret not in shown
    assert shown.endswith(f"({len(secret)} chars)")


@given(st.one_of(st.text(min_size=0, max_size=300), st.sampled_from(["ghp_", "sk-proj-", "xoxb-", "AKIA", "sk-"]).flatmap(
    lambda p: st.text(alphabet=TOKEN_CHARS, min_size=0, max_size=60).map(lambda t: p + t))))
def test_redact_reveals_nothing_short_and_two_beyond_a_public_prefix(secret: str) -> None:
    """Under 16 characters nothing; otherwise a public format prefix and at most 2 more (a character
    that cannot be printed shown as ``?``)."""
    shown = redact(secret)
    visible = shown[: shown.rindex(" (")].replace("…", "")
    if len(secret) < 16:
        assert visible == ""
    else:
        prefix = public_prefix(secret)
        assert secret.startswith(prefix) and visible in (
            "".join(c if c.isprintable() else "?" for c in prefix + secret[-2:]), "-----BEGIN")


@settings(max_examples=150)
@given(st.text(max_size=120), st.sampled_from(["env", "arg", "header", "url", "field"]), st.none() | var_name)
def test_hits_point_into_the_value(value: str, placement: str, name: str | None) -> None:
    for hit in scan_value(value, placement=placement, name=name):
        assert 0 <= hit.start < hit.end <= len(value)
        assert value[hit.start : hit.end] == hit.secret
        other = SecretHit(hit.provider, hit.kind, hit.severity, hit.reason, hit.start, hit.end, "<other>")
        assert repr(hit) == repr(other) and hit == other  # repr and equality never use it


@settings(max_examples=150)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_scan_args_offsets(args: list[str]) -> None:
    for index, hit in scan_args(args):
        assert args[index][hit.start : hit.end] == hit.secret


@given(
    var_name,
    st.sampled_from(["${%s}", "${env:%s}", "${input:%s}", "{env:%s}", "$%s", "%%%s%%", "${{ secrets.%s }}", "$(%s)"]),
    st.sampled_from(["", "Bearer ", "token "]),
    st.sampled_from(["env", "header", "arg", "field"]),
)
def test_variable_references_are_never_reported(name: str, syntax: str, prefix: str, placement: str) -> None:
    if syntax == "$%s" and not (name.isupper() or name.islower()):
        name = name.upper()  # $Mixed is not a variable reference in any client
    value = prefix + syntax % name
    assert is_placeholder(value)
    assert scan_value(value, placement=placement, name="API_TOKEN") == []
