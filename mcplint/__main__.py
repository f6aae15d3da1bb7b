from __future__ import annotations


def run() -> None:
    """The ``mcplint`` command (``python -m mcplint`` and the installed script).

    It ends the process as soon as the report is out, without the interpreter's shutdown:
    freeing every module and object one by one is a tenth of a pre-commit run and changes
    nothing a caller sees (mypy's ``hard_exit`` does the same). Everything mcplint writes is
    closed or flushed by then; ``main()`` itself returns normally, for callers in Python.
    """
    import os
    import sys

    from mcplint.cli import main

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # (None: the process was started with that stream closed)
                stream.flush()
        except (OSError, ValueError):  # a reader that left, a stream already closed: the code stands
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
