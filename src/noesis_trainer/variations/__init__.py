"""Stage 2: variations of the seed examples by plugin techniques, with provenance."""

from noesis_trainer.variations.base import BatchTechnique, Declined, Technique, VariationRequest
from noesis_trainer.variations.generator import (
    Refusal,
    VariationGenerator,
    VariationResult,
    VariationSummary,
    available_techniques,
    resolve_techniques,
)

__all__ = [
    "BatchTechnique",
    "Declined",
    "Refusal",
    "Technique",
    "VariationGenerator",
    "VariationRequest",
    "VariationResult",
    "VariationSummary",
    "available_techniques",
    "resolve_techniques",
]
