"""Build script for the one native piece (everything else is declared in pyproject.toml).

`noesis_trainer.tribunal._prescreen` lets the output-failure detectors skip answers that surely
pass (issue 15: they were most of `noesis validate`'s time on clean data). It is optional: where
no C compiler is found the build goes on without it and the pure-Python detectors run alone,
with the same verdicts.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "noesis_trainer.tribunal._prescreen",
            ["src/noesis_trainer/tribunal/_prescreen.c"],
            optional=True,
        )
    ]
)
