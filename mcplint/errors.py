"""One base for every error mcplint reports to its user: ``McplintError``.

The command line catches this class alone and prints ``mcplint: FILE:LINE: message`` (or
``mcplint: error: message`` when no file is involved), exit 2. Each stage keeps its own
subclass (ConfigError, RuleError, …) for callers that want to tell them apart.
"""

from __future__ import annotations


class McplintError(Exception):
    """A problem with the user's input or environment, not a bug: reported in one line."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __init__(self, message: str = "", file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if file is not None:
            self.file = file
        if line is not None:
            self.line = line
        if column is not None:
            self.column = column

    @property
    def path(self) -> str | None:
        """The file, under the name several stages use for it (``self.path = …`` sets it)."""
        return self.file

    @path.setter
    def path(self, value: str | None) -> None:
        self.file = value

    def location(self) -> str | None:
        """``FILE:LINE[:COLUMN]``, ``FILE``, or None when no file is involved."""
        if not self.file:
            return None
        if self.line is None:
            return str(self.file)
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def describe(self) -> str:
        """The one line the command line prints after ``mcplint: ``."""
        where = self.location()
        return f"{where}: {self.message}" if where else f"error: {self.message}"
