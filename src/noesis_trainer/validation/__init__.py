"""Validation of example datasets: rules, the `Validator`, and the `ValidationReport`.

Built-in rules live in `builtin_rules` and are registered through the plugin hook
``register_rules``, the same way a third-party package adds its own.
"""

from noesis_trainer.validation.report import Cluster, Finding, RuleSummary, ValidationReport
from noesis_trainer.validation.rules import (
    DatasetRule,
    GroupHit,
    Hit,
    RowRule,
    Rule,
    Severity,
    ValidatorConfig,
)
from noesis_trainer.validation.validator import ReadProgress, Validator

__all__ = [
    "Cluster",
    "DatasetRule",
    "Finding",
    "GroupHit",
    "Hit",
    "ReadProgress",
    "RowRule",
    "Rule",
    "RuleSummary",
    "Severity",
    "ValidationReport",
    "Validator",
    "ValidatorConfig",
]
