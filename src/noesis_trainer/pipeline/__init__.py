"""The orchestration of a run: its typed config, the stage runner, each stage's body, the jobs
that local and Modal backends run on a run folder, the plan, the doctor and the report.

Import from the submodules (`noesis_trainer.pipeline.config`, `.runner`, ...): this package
re-exports nothing, so importing one of them never drags in the others.
"""
