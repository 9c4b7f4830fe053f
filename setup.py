"""Build script for the native pieces (everything else is declared in pyproject.toml).

Six small C extensions speed up per-row text work: for `noesis validate` (issue 15),
`noesis_trainer.tribunal._prescreen` lets the output-failure detectors skip answers that surely
pass and `noesis_trainer.core._sentences` hashes the sentences of plain one-paragraph answers for
the boilerplate measure; for the Tribunal (issue 12), `noesis_trainer.tribunal._words` counts an
answer's words, marker phrases and marks of fact for the heuristic judges and
`noesis_trainer.tribunal._topics` finds the other prompts of a batch an answer reaches, and
`noesis_trainer.tribunal._vectors` sums the word vectors of the default second look; for both,
`noesis_trainer.core._fold` folds accents. All are optional: where no C compiler is found the
build goes on without them and the Python code (which stays the definition) runs alone, with the
same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "noesis_trainer.tribunal._prescreen",
            ["src/noesis_trainer/tribunal/_prescreen.c"],
            optional=True,
        ),
        Extension(
            "noesis_trainer.core._sentences",
            ["src/noesis_trainer/core/_sentences.c"],
            optional=True,
        ),
        Extension(
            "noesis_trainer.tribunal._words",
            ["src/noesis_trainer/tribunal/_words.c"],
            optional=True,
        ),
        Extension(
            "noesis_trainer.tribunal._topics",
            ["src/noesis_trainer/tribunal/_topics.c"],
            optional=True,
        ),
        Extension(
            "noesis_trainer.tribunal._vectors",
            ["src/noesis_trainer/tribunal/_vectors.c"],
            optional=True,
        ),
        Extension(
            "noesis_trainer.core._fold",
            ["src/noesis_trainer/core/_fold.c"],
            optional=True,
        ),
    ]
)
