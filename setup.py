"""Build hook: pre-parse the rule pack into ``mcplint/rules/_index.json`` (and its examples into
``_examples.json``) inside the wheel.

Everything else is in pyproject.toml. The index only saves start-up time (no YAML parsing
on each run); mcplint falls back to the YAML files when an entry is missing or stale.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRuleIndex(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(Path(__file__).parent))
        from mcplint.ruleset import write_index

        target = Path(self.build_lib) / "mcplint" / "rules"
        target.mkdir(parents=True, exist_ok=True)
        write_index(Path("rules"), target)


setup(cmdclass={"build_py": BuildPyWithRuleIndex})
