import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

if os.environ.get("MCPLINT_TEST_INSTALLED"):
    # CI tests the installed wheel: a checkout's mcplint/ shadowing it would hide packaging bugs.
    import mcplint

    _where = Path(mcplint.__file__).resolve()
    if "site-packages" not in _where.parts:
        raise SystemExit(f"MCPLINT_TEST_INSTALLED is set but mcplint was imported from {_where}")
