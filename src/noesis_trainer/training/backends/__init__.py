"""Where a training run executes: `local` (this process) and `modal` (a Modal GPU container)."""
