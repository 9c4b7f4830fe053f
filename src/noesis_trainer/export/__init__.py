"""Stage 4: the train/eval split by seed group, and token counting for the export."""
