"""`noesis merge`, `noesis export-gguf`, `noesis push-to-hub`: stages 7 and 8 from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from noesis_trainer.cli.app import app, check_output, console, fail, guard_output


@app.command()
def merge(
    base: Annotated[Path, typer.Option("--base", help="The ORIGINAL 16-bit base model folder.")],
    adapter: Annotated[Path, typer.Option("--adapter", help="The PEFT LoRA adapter folder.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the merged model.")],
    streaming: Annotated[
        bool,
        typer.Option("--streaming", help="Shard by shard: memory about one shard + the adapter."),
    ] = False,
    from_4bit: Annotated[
        bool,
        typer.Option(
            "--from-4bit", help="Merge into NF4-dequantized weights (the QLoRA round trip)."
        ),
    ] = False,
    max_shard_size: Annotated[
        str, typer.Option("--max-shard-size", help="Output shard size, e.g. 5GB, 500MB.")
    ] = "5GB",
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Replace OUT if it exists and is a merged model written before."
        ),
    ] = False,
) -> None:
    """Merge a LoRA adapter into its base model (stage 7)."""
    from noesis_trainer.merging import MergeError, Merger

    check_output(out, "--out", folder=True)
    guard_output("--out", out, [base, adapter])
    if overwrite and not (out / "noesis_merge.json").is_file():
        from noesis_trainer.io.paths import OutputPathError, check_replaceable

        try:
            check_replaceable(out)
        except OutputPathError as err:
            fail(str(err))
    try:
        result = Merger(base, adapter, max_shard_size=max_shard_size).merge(
            out, streaming=streaming, from_4bit=from_4bit, overwrite=overwrite
        )
    except MergeError as err:
        fail(str(err))
    console.print(
        f"merged {result.merged_tensors} tensors ({result.mode}"
        f"{', 4-bit round trip' if result.from_4bit else ''}) -> {result.out_dir} "
        f"({len(result.shards)} shards; eos ids {list(result.eos_token_ids)})",
        markup=False,
    )


@app.command("export-gguf")
def export_gguf(
    merged: Annotated[Path, typer.Argument(help="A merged model folder (from `noesis merge`).")],
    out: Annotated[Path, typer.Option("--out", help="The .gguf file to write.")],
    quant: Annotated[
        str, typer.Option("--quant", help="f16, bf16, f32, q8_0, q4_k_m, q5_k_m, q6_k, q4_0...")
    ] = "q4_k_m",
    modelfile: Annotated[
        bool, typer.Option("--modelfile", help="Also write an Ollama Modelfile beside it.")
    ] = False,
    system_prompt: Annotated[
        str | None, typer.Option("--system", help="System prompt for the Modelfile.")
    ] = None,
    tokenizer_pre: Annotated[
        str | None,
        typer.Option(
            "--tokenizer-pre",
            help="llama.cpp pre-tokenizer name (e.g. llama-bpe) for an unrecognised vocabulary.",
        ),
    ] = None,
    chat_format: Annotated[
        str | None,
        typer.Option(
            "--chat-format",
            help="The Modelfile's chat format: llama3, chatml or gemma (default: the model's own).",
        ),
    ] = None,
) -> None:
    """Convert a merged model to GGUF with llama.cpp's converter and quantizer (stage 8.3)."""
    from noesis_trainer.merging import MergeError, ToolingMissingError
    from noesis_trainer.merging.gguf import GGUFExportError
    from noesis_trainer.merging.gguf import export_gguf as run_export

    check_output(out, "--out")
    guard_output("--out", out, [merged])
    try:
        result = run_export(
            merged,
            out,
            quant,
            tokenizer_pre=tokenizer_pre,
            modelfile=modelfile,
            system_prompt=system_prompt,
            chat_format=chat_format,
        )
    except ToolingMissingError as err:
        fail(str(err), code=3)
    except (MergeError, GGUFExportError) as err:
        fail(str(err))
    console.print(
        f"wrote {result.path} ({result.quant.upper()}, {result.size_bytes:,} bytes)", markup=False
    )
    if result.modelfile is not None:
        console.print(f"wrote {result.modelfile} (ollama create NAME -f {result.modelfile})")


@app.command("push-to-hub")
def push_to_hub(
    folder: Annotated[Path, typer.Argument(help="A merged model folder.")],
    repo: Annotated[str, typer.Option("--repo", help="user-or-org/model-name")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be uploaded; send nothing.")
    ] = False,
    public: Annotated[bool, typer.Option("--public", help="Create a public repository.")] = False,
) -> None:
    """Upload a merged model to the Hugging Face Hub (token from HF_TOKEN, never printed)."""
    from noesis_trainer.deploy.hub import HubPushError
    from noesis_trainer.deploy.hub import push_to_hub as run_push

    try:
        plan = run_push(folder, repo, private=not public, dry_run=dry_run)
    except HubPushError as err:
        fail(str(err))
    console.print(plan.describe(), markup=False)
