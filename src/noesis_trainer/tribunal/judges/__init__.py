"""Built-in judge families: heuristic (the three virtues) and a length-only baseline."""

from noesis_trainer.tribunal.judges.heuristic import (
    DikeJudge,
    HeuristicJudge,
    SophiaJudge,
    VeritasJudge,
    builtin_heuristic_judges,
)
from noesis_trainer.tribunal.judges.length import LengthBaselineJudge, length_baseline_judges

__all__ = [
    "DikeJudge",
    "HeuristicJudge",
    "LengthBaselineJudge",
    "SophiaJudge",
    "VeritasJudge",
    "builtin_heuristic_judges",
    "length_baseline_judges",
]
