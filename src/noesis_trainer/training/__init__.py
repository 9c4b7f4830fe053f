"""Stage 5: LoRA/QLoRA fine-tuning with Unsloth or PEFT through TRL.

`Trainer`, `TrainingConfig` and `TrainingResult` import without torch; the training stack is
imported when a run starts.
"""

from __future__ import annotations

from noesis_trainer.training.checkpoints import CheckpointInfo, find_resumable, verify_checkpoint
from noesis_trainer.training.config import ConfigError, TrainingConfig
from noesis_trainer.training.result import EpochMetrics, OOMEvent, TrainingResult
from noesis_trainer.training.seed_mapping import SeedMappingReport, map_seed_files
from noesis_trainer.training.trainer import Trainer

__all__ = [
    "CheckpointInfo",
    "ConfigError",
    "EpochMetrics",
    "OOMEvent",
    "SeedMappingReport",
    "Trainer",
    "TrainingConfig",
    "TrainingResult",
    "find_resumable",
    "map_seed_files",
    "verify_checkpoint",
]
