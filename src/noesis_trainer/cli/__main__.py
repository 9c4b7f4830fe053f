"""`python -m noesis_trainer.cli`: the `noesis` command without the console script."""

from noesis_trainer.cli import main

main()
