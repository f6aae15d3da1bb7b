import os
import sys
from pathlib import Path

# Test modules are imported with --import-mode=importlib (pyproject.toml), which leaves sys.path
# alone: the shared helpers (tests/) and the secrets suites' toolbox (tests/secrets/) are put on
# it here. Never the checkout's root: that would shadow an installed mcplint.
_HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(_HERE), str(_HERE / "secrets")]

if os.environ.get("MCPLINT_TEST_INSTALLED"):
    # CI tests the installed wheel: a checkout's mcplint/ shadowing it would hide packaging bugs.
    import mcplint

    _where = Path(mcplint.__file__).resolve()
    if "site-packages" not in _where.parts:
        raise SystemExit(f"MCPLINT_TEST_INSTALLED is set but mcplint was imported from {_where}")
