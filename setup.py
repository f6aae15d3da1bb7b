"""Build hook: pre-parse the rule pack into ``mcplint/rules/_index.json`` inside the wheel.

Everything else is in pyproject.toml. The index only saves start-up time (no YAML parsing
on each run); mcplint falls back to the YAML files when an entry is missing or stale.
"""

import json
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRuleIndex(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(Path(__file__).parent))
        from mcplint.ruleset import INDEX_NAME, build_index

        target = Path(self.build_lib) / "mcplint" / "rules"
        target.mkdir(parents=True, exist_ok=True)
        (target / INDEX_NAME).write_text(json.dumps(build_index(Path("rules")), sort_keys=True), encoding="utf-8")


setup(cmdclass={"build_py": BuildPyWithRuleIndex})
