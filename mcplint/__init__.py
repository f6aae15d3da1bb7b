"""mcplint: a static security auditor and linter for MCP client configurations."""

__version__ = "0.1.0"
