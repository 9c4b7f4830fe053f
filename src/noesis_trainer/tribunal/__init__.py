"""Stage 6, the Tribunal: pluggable judges (Veritas, Sophia, Dikē), weighted verdicts, reports,
checkpoint evaluation and calibration. Importing this package does not import torch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from noesis_trainer._lazy import lazy_names

# name -> module that defines it, imported on first access: a submodule (the validator's
# use of `output_failures`) does not pay for the judges, calibration and evaluation.
_LAZY: dict[str, str] = {
    "CalibrationReport": "noesis_trainer.tribunal.calibration",
    "Triple": "noesis_trainer.tribunal.calibration",
    "off_topic_triples": "noesis_trainer.tribunal.calibration",
    "revision_triples": "noesis_trainer.tribunal.calibration",
    "topic_folds": "noesis_trainer.tribunal.calibration",
    "evaluate_model": "noesis_trainer.tribunal.evaluation",
    "tribunal_epoch_callback": "noesis_trainer.tribunal.evaluation",
    "Judge": "noesis_trainer.tribunal.judge",
    "JudgeItem": "noesis_trainer.tribunal.judge",
    "JudgeScore": "noesis_trainer.tribunal.judge",
    "Virtue": "noesis_trainer.tribunal.judge",
    "DikeJudge": "noesis_trainer.tribunal.judges",
    "LengthBaselineJudge": "noesis_trainer.tribunal.judges",
    "SophiaJudge": "noesis_trainer.tribunal.judges",
    "VeritasJudge": "noesis_trainer.tribunal.judges",
    "length_baseline_judges": "noesis_trainer.tribunal.judges",
    "TribunalReport": "noesis_trainer.tribunal.report",
    "Tribunal": "noesis_trainer.tribunal.tribunal",
    "Status": "noesis_trainer.tribunal.verdict",
    "TribunalConfig": "noesis_trainer.tribunal.verdict",
    "Verdict": "noesis_trainer.tribunal.verdict",
}

if TYPE_CHECKING:  # pragma: no cover  (mypy sees the real names; runtime stays lazy)
    from noesis_trainer.tribunal.calibration import (
        CalibrationReport,
        Triple,
        off_topic_triples,
        revision_triples,
        topic_folds,
    )
    from noesis_trainer.tribunal.evaluation import evaluate_model, tribunal_epoch_callback
    from noesis_trainer.tribunal.judge import Judge, JudgeItem, JudgeScore, Virtue
    from noesis_trainer.tribunal.judges import (
        DikeJudge,
        LengthBaselineJudge,
        SophiaJudge,
        VeritasJudge,
        length_baseline_judges,
    )
    from noesis_trainer.tribunal.report import TribunalReport
    from noesis_trainer.tribunal.tribunal import Tribunal
    from noesis_trainer.tribunal.verdict import Status, TribunalConfig, Verdict

__all__ = [
    "CalibrationReport",
    "DikeJudge",
    "Judge",
    "JudgeItem",
    "JudgeScore",
    "LengthBaselineJudge",
    "SophiaJudge",
    "Status",
    "Tribunal",
    "TribunalConfig",
    "TribunalReport",
    "Triple",
    "Verdict",
    "VeritasJudge",
    "Virtue",
    "evaluate_model",
    "length_baseline_judges",
    "off_topic_triples",
    "revision_triples",
    "topic_folds",
    "tribunal_epoch_callback",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
