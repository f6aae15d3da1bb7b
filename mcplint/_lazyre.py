"""Regular expressions compiled on first use.

Compiling a pattern costs ~0.1-0.3 ms; a module with a dozen patterns that a clean config never
exercises (filesystem roots, shell operators, value shapes) would pay that at every start. A
``LazyPattern`` stands in for the compiled pattern and forwards every attribute to it, so
``PATTERN.search(text)`` works unchanged. Only method use is supported: pass ``PATTERN.compiled``
where a real ``re.Pattern`` is required.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> Any:
    """``re.compile`` deferred to the first use of the pattern (typed ``Any``: it acts as one)."""
    return LazyPattern(pattern, flags)
