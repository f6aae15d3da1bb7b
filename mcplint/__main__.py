from __future__ import annotations


def run() -> None:
    """The ``mcplint`` command (``python -m mcplint`` and the installed script)."""
    import sys

    from mcplint.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
