"""detect-secrets' regex plugins, imported only when a literal needs checking.

``import detect_secrets`` costs 60-130 ms (its plugin base imports ``requests``), so the plugins
are loaded on the first value that one of them could match (see ``plugin_screens``) and kept for
the rest of the process. If detect-secrets is missing or changes shape, mcplint's own formats
still work.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mcplint.secrets.plugin_screens import silent_plugins
from mcplint.secrets.providers import DETECT_SECRETS_LABELS, DETECT_SECRETS_PLUGINS, PluginLabel
from mcplint.record import Frozen


class _NoNetwork:
    """Stands for every ``requests`` object: mcplint never verifies a secret online."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("mcplint never opens a network connection")


def _offline_requests() -> types.ModuleType:
    stub = types.ModuleType("requests")
    stub.exceptions = types.SimpleNamespace(RequestException=type("RequestException", (Exception,), {}))
    stub.__dict__["__getattr__"] = lambda name: _NoNetwork
    return stub


@contextmanager
def _without_requests() -> Iterator[None]:
    """Import detect-secrets with an inert ``requests``.

    Its plugins import ``requests`` only to verify secrets online, which mcplint never does;
    the real package costs about 60 ms and its ``urllib3`` opens a socket at import (an IPv6
    probe). The stub is visible only while the plugins are imported: code that imports
    ``requests`` later in the same process gets the real one.
    """
    if "requests" in sys.modules:
        yield
        return
    sys.modules["requests"] = _offline_requests()
    try:
        yield
    finally:
        sys.modules.pop("requests", None)


class LoadedPlugin(Frozen):
    label: PluginLabel
    plugin: Any
    key: tuple[str, str]
    """(module, class) as in ``DETECT_SECRETS_PLUGINS``."""


@functools.cache
def loaded_plugins() -> tuple[LoadedPlugin, ...]:
    """Instances of the selected plugins with their labels; built once per process."""
    with _without_requests():
        return _load_plugins()


def _load_plugins() -> tuple[LoadedPlugin, ...]:
    plugins: list[LoadedPlugin] = []
    for module_name, class_name in DETECT_SECRETS_PLUGINS:
        try:
            plugin = getattr(importlib.import_module(module_name), class_name)()
        except Exception:  # noqa: BLE001 - an optional extra, never fatal
            continue
        label = DETECT_SECRETS_LABELS.get(getattr(plugin, "secret_type", ""))
        if label is not None:
            plugins.append(LoadedPlugin(label, plugin, (module_name, class_name)))
    return tuple(plugins)


def plugin_matches(text: str) -> Iterator[tuple[PluginLabel, int, int]]:
    """Every (label, start, end) the plugins report in ``text``.

    Plugins that cannot match ``text`` are skipped, and none is loaded when all of them are."""
    silent = silent_plugins(text)
    if silent.issuperset(DETECT_SECRETS_PLUGINS):
        return
    for label, plugin, key in loaded_plugins():
        if key in silent:
            continue
        try:
            secrets = {s for s in plugin.analyze_string(text) if isinstance(s, str) and s}
        except Exception:  # noqa: BLE001 - a plugin bug must not stop the scan
            continue
        for secret in secrets:
            start = text.find(secret)
            while start != -1:
                yield label, start, start + len(secret)
                start = text.find(secret, start + 1)
