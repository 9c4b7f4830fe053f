"""Loading the base model and its LoRA adapter on this machine, with Unsloth or plain PEFT.

`engine="unsloth"` uses `FastLanguageModel` (on a machine without a GPU, Unsloth 2026.10 falls back
to stock transformers + PEFT and says so); `engine="transformers"` uses `AutoModelForCausalLM`,
bitsandbytes 4-bit and `peft.get_peft_model` directly, for where Unsloth is not installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noesis_trainer.errors import ComponentMissingError
from noesis_trainer.training.config import TrainingConfig


@dataclass
class LoadedModel:
    """A PEFT model ready to train, its tokenizer, and what the engine actually did."""

    model: Any
    tokenizer: Any
    load_in_4bit: bool
    notes: list[str] = field(default_factory=list)


def _torch_dtype(config: TrainingConfig) -> Any:
    import torch

    name = config.model.dtype
    if name != "auto":
        dtype = getattr(torch, name)
        if not torch.cuda.is_available() and dtype is torch.float16:
            return torch.float32  # fp16 matmuls on CPU are emulated and lose precision
        return dtype
    if torch.cuda.is_available():
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return torch.float32


def is_quantized_4bit(model: Any) -> bool:
    return any(type(m).__name__ == "Linear4bit" for m in model.modules())


def keep_4bit_layout_trainable(model: Any) -> int:
    """Stop bitsandbytes (0.50, CPU) from repacking 4-bit weights at the first eval forward.

    On CPUs with AVX512-BF16 a `Linear4bit` converts its weight in place to an inference layout
    the first time it runs without grad (our per-epoch eval) and never converts back, so later
    training steps backpropagate through that layout (Unsloth's CPU loader pins the same flag
    for the same reason). Returns how many layers were pinned.
    """
    count = 0
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False
            count += 1
    return count


def load_model(config: TrainingConfig) -> LoadedModel:
    """The base model with a fresh LoRA adapter, by the configured engine."""
    if config.engine == "unsloth":
        return _load_unsloth(config)
    return _load_transformers(config)


def _load_unsloth(config: TrainingConfig) -> LoadedModel:
    try:
        import unsloth  # noqa: F401  (must precede transformers/trl so its patches apply)
        from unsloth import FastLanguageModel
    except ImportError as err:
        raise ComponentMissingError(
            "train", f"Unsloth ({err})", "pip install unsloth, or set engine: transformers"
        ) from err
    import torch

    m, lora = config.model, config.lora
    dtype = None if m.dtype == "auto" else _torch_dtype(config)
    kwargs: dict[str, Any] = {}
    if m.attn_implementation:
        kwargs["attn_implementation"] = m.attn_implementation
    model, tokenizer = FastLanguageModel.from_pretrained(
        model_name=m.base_model,
        max_seq_length=m.max_seq_length,
        dtype=dtype,
        load_in_4bit=m.load_in_4bit,
        **kwargs,
    )
    torch.manual_seed(config.optim.seed)
    model = FastLanguageModel.get_peft_model(
        model,
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=list(lora.target_modules),
        bias=lora.bias,
        use_gradient_checkpointing="unsloth" if m.gradient_checkpointing else False,
        random_state=config.optim.seed,
        use_rslora=lora.use_rslora,
        max_seq_length=m.max_seq_length,
    )
    quantized = is_quantized_4bit(model)
    keep_4bit_layout_trainable(model)
    notes = []
    if m.load_in_4bit and not quantized:
        notes.append("unsloth: 4-bit requested but the base was loaded in 16/32-bit")
    return LoadedModel(model, tokenizer, quantized, notes)


def _load_transformers(config: TrainingConfig) -> LoadedModel:
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, AutoTokenizer

    m, lora = config.model, config.lora
    dtype = _torch_dtype(config)
    kwargs: dict[str, Any] = {"dtype": dtype}
    if m.attn_implementation:
        kwargs["attn_implementation"] = m.attn_implementation
    if m.load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type=m.bnb_4bit_quant_type,
            bnb_4bit_use_double_quant=m.bnb_4bit_use_double_quant,
            bnb_4bit_compute_dtype=dtype,
        )
    kwargs["device_map"] = {"": 0} if torch.cuda.is_available() else "cpu"
    model = AutoModelForCausalLM.from_pretrained(m.base_model, **kwargs)
    tokenizer = AutoTokenizer.from_pretrained(m.base_model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    quantized = is_quantized_4bit(model)
    keep_4bit_layout_trainable(model)
    if quantized:
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=m.gradient_checkpointing
        )
    elif m.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    torch.manual_seed(config.optim.seed)
    peft_config = LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=list(lora.target_modules),
        bias=lora.bias,
        use_rslora=lora.use_rslora,
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, peft_config)
    return LoadedModel(model, tokenizer, quantized, [])


def keep_lora_in_float32(model: Any) -> int:
    """Undo TRL's cast of trainable LoRA weights to bf16 on quantized bases.

    TRL 1.15 casts them to bf16 when the base is 4-bit, but PEFT's `load_adapter` (what a resume
    calls) casts them back to float32: a resumed run would silently switch precision and end on
    a different adapter than an uninterrupted one. Float32 adapters cost little (they are tiny)
    and keep every run on one precision. Returns how many tensors were cast.
    """
    import torch

    count = 0
    for param in model.parameters():
        if param.requires_grad and param.dtype != torch.float32:
            param.data = param.data.float()
            count += 1
    return count


def load_adapter_weights(model: Any, adapter_dir: Path) -> None:
    """Put a saved adapter's weights into a freshly built PEFT model (same LoRA config)."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    state = load_file(str(adapter_dir / "adapter_model.safetensors"))
    result = set_peft_model_state_dict(model, state)
    unexpected = getattr(result, "unexpected_keys", None) or []
    if unexpected:
        raise ValueError(
            f"{adapter_dir}: adapter does not fit the configured LoRA ({len(unexpected)} "
            f"unexpected keys, e.g. {unexpected[0]})"
        )
