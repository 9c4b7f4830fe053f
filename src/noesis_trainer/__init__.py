"""noesis-trainer: hand-written constitutional examples to a fine-tuned, judged, deployable Llama.

Light names (schema, dataset, plugins) are imported eagerly; everything that pulls in torch or
another heavy stack is imported on first attribute access, so ``import noesis_trainer`` stays fast
and torch-free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from noesis_trainer._lazy import lazy_names
from noesis_trainer.core.dataset import Dataset, DatasetStats, IdCollisionError
from noesis_trainer.core.schema import Difficulty, Example, Value, example_json_schema
from noesis_trainer.errors import NoesisError
from noesis_trainer.io.jsonl import LoadProblem
from noesis_trainer.plugins import hookimpl

__version__ = "0.1.0"

# name -> module that defines it; imported lazily on first access.
_LAZY: dict[str, str] = {
    "Validator": "noesis_trainer.validation",
    "ValidationReport": "noesis_trainer.validation",
    "VariationGenerator": "noesis_trainer.variations",
    "Trainer": "noesis_trainer.training",
    "TrainingConfig": "noesis_trainer.training",
    "TrainingResult": "noesis_trainer.training",
    "Tribunal": "noesis_trainer.tribunal",
    "TribunalReport": "noesis_trainer.tribunal",
    "Merger": "noesis_trainer.merging",
    "ModalBackend": "noesis_trainer.training.backends.modal",
}

if TYPE_CHECKING:  # pragma: no cover  (mypy sees the real classes; runtime stays lazy)
    from noesis_trainer.merging import Merger
    from noesis_trainer.training import Trainer, TrainingConfig, TrainingResult
    from noesis_trainer.training.backends.modal import ModalBackend
    from noesis_trainer.tribunal import Tribunal, TribunalReport
    from noesis_trainer.validation import ValidationReport, Validator
    from noesis_trainer.variations import VariationGenerator

# every name, the lazy ones included, spelled out so type checkers see them exported
__all__ = [
    "Dataset",
    "DatasetStats",
    "Difficulty",
    "Example",
    "IdCollisionError",
    "LoadProblem",
    "Merger",
    "ModalBackend",
    "NoesisError",
    "Trainer",
    "TrainingConfig",
    "TrainingResult",
    "Tribunal",
    "TribunalReport",
    "ValidationReport",
    "Validator",
    "Value",
    "VariationGenerator",
    "__version__",
    "example_json_schema",
    "hookimpl",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
