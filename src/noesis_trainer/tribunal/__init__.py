"""Stage 6, the Tribunal: pluggable judges (Veritas, Sophia, Dikē), weighted verdicts, reports,
checkpoint evaluation and calibration. Importing this package does not import torch."""

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
