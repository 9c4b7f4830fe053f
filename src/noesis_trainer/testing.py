"""A tiny random Llama and a small BPE tokenizer, built offline in seconds.

Every later stage (training, merging, GGUF export, the Tribunal's generation) loads its model by
path exactly as it would load ``meta-llama/Llama-3.1-8B-Instruct``; this module writes a folder of
the same shape (config.json, generation_config.json, safetensors, tokenizer files with the Llama 3
special tokens and a Llama 3.1 chat template) so tests, examples and CPU demos exercise the real
code paths without the Hub.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

BEGIN_OF_TEXT = "<|begin_of_text|>"
END_OF_TEXT = "<|end_of_text|>"
START_HEADER = "<|start_header_id|>"
END_HEADER = "<|end_header_id|>"
EOT = "<|eot_id|>"
EOM = "<|eom_id|>"
PYTHON_TAG = "<|python_tag|>"
PAD = "<|finetune_right_pad_id|>"

SPECIAL_TOKENS: tuple[str, ...] = (
    BEGIN_OF_TEXT,
    END_OF_TEXT,
    START_HEADER,
    END_HEADER,
    EOT,
    EOM,
    PYTHON_TAG,
    PAD,
)
"""The Llama 3 special tokens the chat format uses, in id order after the learned vocabulary."""

LLAMA3_SPLIT_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)
"""Llama 3's pre-tokenizer regex: words, numbers in groups of three, punctuation, whitespace."""

CHAT_TEMPLATE = (
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}"
    "{%- if message['role'] == 'assistant' %}{% generation %}"
    "{{- message['content'] | trim + '<|eot_id|>' }}"
    "{% endgeneration %}{%- else %}"
    "{{- message['content'] | trim + '<|eot_id|>' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}"
    "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
    "{%- endif %}"
)
"""A Llama 3.1 chat template (header, blank line, trimmed content, ``<|eot_id|>`` per turn),
written for this project. The ``{% generation %}`` markers let TRL compute assistant-only masks;
they render nothing."""

DEFAULT_CORPUS: tuple[str, ...] = (
    "Você é Noesis, um filósofo lógico guiado por valores: verdade, sabedoria, justiça.",
    "[ANÁLISE INTERNA] [VERITAS] [SOPHIA] [DIKE] [FIM DA ANÁLISE]",
    "O que é consciência? Uma pergunta antiga que a filosofia e a ciência ainda discutem.",
    "A verdade exige humildade: admitir incerteza é parte do raciocínio honesto.",
    "Justiça é dar a cada um o que lhe é devido; sabedoria é saber o que é devido.",
    "What is knowledge? Plato called it justified true belief; Gettier showed the gap.",
    "Truth, wisdom and justice: a model should question before answering.",
    "Pitágoras, Euclides, Turing, Gödel, Church, Shannon, Leibniz, Boole, Aristóteles.",
    "def f(x):\n    return x * 2  # código é linguagem\n",
    "0 1 2 3 4 5 6 7 8 9 10 100 1000 3.14 2:1 3:2 √2",
)
"""Text the tokenizer always sees, so chat-format markers and Portuguese get real merges."""


def _require_training_stack() -> None:
    try:
        import tokenizers  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            f"the tiny model factory needs the training stack ({err.name} is missing); "
            "install it with: pip install 'noesis-trainer[train]'"
        ) from err


def build_tiny_tokenizer(
    out_dir: str | Path,
    texts: Iterable[str] | None = None,
    *,
    vocab_size: int = 1024,
) -> Path:
    """Train a byte-level BPE tokenizer on `texts` with Llama 3 specials and chat template.

    The special tokens get the ids right after the learned vocabulary (as in Llama 3, where they
    follow the 128,000 regular tokens). Saved with ``save_pretrained``; returns `out_dir`.
    """
    _require_training_stack()
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus = list(DEFAULT_CORPUS) + list(texts or ())

    # ignore_merges: a word already in the vocabulary is one token, as in Llama 3's tokenizer.json
    # and in llama.cpp's "llama-bpe" pre-tokenizer (so both tokenize alike after a GGUF export).
    tok = Tokenizer(models.BPE(byte_fallback=False, ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(LLAMA3_SPLIT_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    regular = max(vocab_size - len(SPECIAL_TOKENS), 300)
    trainer = trainers.BpeTrainer(
        vocab_size=regular,
        min_frequency=1,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    tok.add_special_tokens(list(SPECIAL_TOKENS))

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=BEGIN_OF_TEXT,
        eos_token=EOT,
        pad_token=PAD,
        model_max_length=131072,
        clean_up_tokenization_spaces=False,
        # llama.cpp's converter knows pre-tokenizers only by hashing a known model's token ids;
        # this declares ours (Llama 3's split regex + byte level) for noesis_trainer.merging.gguf.
        gguf_pre_tokenizer="llama-bpe",
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(out)
    return out


def build_tiny_llama(
    out_dir: str | Path,
    texts: Iterable[str] | None = None,
    *,
    hidden_size: int = 256,
    intermediate_size: int = 512,
    num_layers: int = 2,
    num_heads: int = 4,
    num_kv_heads: int = 2,
    vocab_size: int = 1024,
    max_position_embeddings: int = 4096,
    dtype: str = "bfloat16",
    seed: int = 0,
) -> Path:
    """Write a random Llama-architecture model plus tokenizer to `out_dir`, loadable by path.

    Sizes default to a model of about 1M parameters whose matrix rows are multiples of 256, so
    bitsandbytes 4-bit and llama.cpp's block quantizers (256-value super-blocks) accept it.
    `texts` (e.g. the dataset's prompts and answers) are added to the tokenizer's training corpus.
    """
    _require_training_stack()
    import torch
    from transformers import AutoTokenizer, GenerationConfig, LlamaConfig, LlamaForCausalLM

    if hidden_size % num_heads:
        raise ValueError("hidden_size must be a multiple of num_heads")
    out = Path(out_dir)
    build_tiny_tokenizer(out, texts, vocab_size=vocab_size)
    tokenizer = AutoTokenizer.from_pretrained(out)
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}

    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=intermediate_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        num_key_value_heads=num_kv_heads,
        head_dim=hidden_size // num_heads,
        max_position_embeddings=max_position_embeddings,
        rms_norm_eps=1e-5,
        rope_theta=500000.0,
        hidden_act="silu",
        tie_word_embeddings=False,
        bos_token_id=ids[BEGIN_OF_TEXT],
        eos_token_id=[ids[END_OF_TEXT], ids[EOM], ids[EOT]],
        pad_token_id=ids[PAD],
        attention_bias=False,
        mlp_bias=False,
    )
    torch.manual_seed(seed)
    torch_dtype = getattr(torch, dtype)
    model = LlamaForCausalLM(config).to(torch_dtype)
    model.config.dtype = torch_dtype
    model.generation_config = GenerationConfig(
        bos_token_id=ids[BEGIN_OF_TEXT],
        eos_token_id=[ids[END_OF_TEXT], ids[EOM], ids[EOT]],
        pad_token_id=ids[PAD],
        do_sample=False,
        max_new_tokens=64,
    )
    model.save_pretrained(out, safe_serialization=True)
    _write_marker(out, dict(hidden_size=hidden_size, num_layers=num_layers, seed=seed, dtype=dtype))
    return out


def _write_marker(out: Path, info: dict[str, Any]) -> None:
    """Record that this folder holds a random test model (never to be mistaken for a real one)."""
    (out / "noesis_tiny_model.json").write_text(
        json.dumps({"random_tiny_model": True, **info}, indent=2) + "\n", encoding="utf-8"
    )


def is_tiny_model(path: str | Path) -> bool:
    """True when `path` was written by `build_tiny_llama`."""
    return (Path(path) / "noesis_tiny_model.json").is_file()


_WORDS: tuple[str, ...] = tuple(
    [
        "verdade",
        "sabedoria",
        "justiça",
        "consciência",
        "linguagem",
        "código",
        "número",
        "razão",
        "prova",
        "lógica",
        "ética",
        "dúvida",
        "pergunta",
        "resposta",
        "argumento",
        "tradição",
        "hipótese",
        "evidência",
        "limite",
        "mente",
        "máquina",
        "algoritmo",
        "memória",
        "tempo",
        "causa",
        "sentido",
        "valor",
        "pessoa",
        "diálogo",
        "método",
        "cálculo",
        "forma",
        "ideia",
        "história",
        "ciência",
        "incerteza",
        "perspectiva",
        "prudência",
        "equidade",
        "florescimento",
        "aliança",
        "humildade",
        "Aristóteles",
        "Platão",
        "Kant",
        "Turing",
        "Gödel",
        "Shannon",
        "Leibniz",
        "Boole",
        "Euclides",
        "Hipátia",
        "Spinoza",
        "Hume",
        "porque",
        "quando",
        "embora",
        "portanto",
        "talvez",
        "sempre",
        "nunca",
        "muitas",
        "poucas",
        "outra",
        "mesma",
        "cada",
        "toda",
        "explica",
        "mostra",
        "sugere",
        "exige",
        "permite",
        "questiona",
        "revela",
        "esconde",
        "transforma",
        "compara",
        "mede",
    ]
)


def synthetic_records(n: int, *, seed: int = 42, categories: int = 24) -> Iterable[dict[str, Any]]:
    """`n` schema-valid records shaped like the seed's (about 1 KB each), generated lazily.

    For benchmarks and scale tests: random Portuguese-like text, the seed's difficulty mix
    (60/30/10 hard/medium/easy) and value frequencies, unique prompts and answers.
    """
    import random

    rng = random.Random(seed)
    values = ["verdade", "sabedoria", "justica", "florescimento", "alianca", "humildade"]
    weights = [0.8, 0.85, 0.25, 0.12, 0.1, 0.05]

    def sentence(k: int) -> str:
        words = rng.choices(_WORDS, k=k)
        return " ".join(words).capitalize() + "."

    for i in range(n):
        cat = f"categoria_{i % categories:02d}"
        chosen = [v for v, w in zip(values, weights, strict=True) if rng.random() < w] or [
            "verdade"
        ]
        r = rng.random()
        difficulty = "hard" if r < 0.6 else "medium" if r < 0.9 else "easy"
        yield {
            "id": f"{cat}_{i:07d}",
            "category": cat,
            "prompt": f"{sentence(rng.randint(8, 16))[:-1]} ({i})?",
            "response_initial": sentence(rng.randint(6, 12)),
            "critique": (f"[VERITAS] {sentence(5)}\n[SOPHIA] {sentence(5)}\n[DIKE] {sentence(5)}"),
            "response_revised": " ".join(sentence(rng.randint(9, 16)) for _ in range(4))
            + f" ({i})",
            "reasoning": sentence(rng.randint(8, 14)),
            "values_applied": chosen,
            "difficulty": difficulty,
        }


def write_synthetic_jsonl(path: str | Path, n: int, *, seed: int = 42) -> Path:
    """Write `n` synthetic seed-shaped records to `path` (atomically); returns the path."""
    from noesis_trainer.io.atomic import write_jsonl_atomic

    write_jsonl_atomic(path, synthetic_records(n, seed=seed))
    return Path(path)


MESSY_PROMPTS = 24
MESSY_ANSWERS = 18
MESSY_PLACEHOLDER_SHARE = 116_757 / 300_000
MESSY_GENERIC_SHARE = 58_380 / 300_000


def messy_records(n: int, *, seed: int = 7) -> Iterable[dict[str, Any]]:
    """`n` records shaped like a real, badly generated 300,000-row file (about 950 B each).

    The figures of issue 15's file: no row has ``reasoning``, ``values_applied`` or
    ``difficulty``; about 39% carry an unrendered ``{concept}`` in prompt and answer; only
    24 distinct prompts and 18 distinct answers; one generic ``response_initial`` sentence is
    shared by about 19% of rows; every critique lacks its ``[DIKE]`` part. Ids are unique.
    """
    import random

    rng = random.Random(seed)

    def sentence(k: int) -> str:
        return " ".join(rng.choices(_WORDS, k=k)).capitalize() + "."

    prompts = [
        f"{sentence(rng.randint(10, 18))[:-1]}{' sobre {concept}' if i % 2 else ''}?"
        for i in range(MESSY_PROMPTS)
    ]
    answers = [
        " ".join(sentence(rng.randint(12, 18)) for _ in range(5))
        + (" Veja também {concept}." if i % 2 else "")
        for i in range(MESSY_ANSWERS)
    ]
    critiques = [f"[VERITAS] {sentence(6)} [SOPHIA] {sentence(6)}" for _ in range(500)]
    generic = "Esta é uma pergunta interessante que merece reflexão."
    templated_prompts = [p for p in prompts if "{concept}" in p]
    plain_prompts = [p for p in prompts if "{concept}" not in p]
    templated_answers = [a for a in answers if "{concept}" in a]
    plain_answers = [a for a in answers if "{concept}" not in a]
    for i in range(n):
        cat = f"categoria_{i % 24:02d}"
        templated = rng.random() < MESSY_PLACEHOLDER_SHARE
        yield {
            "id": f"gen_{i:07d}",
            "category": cat,
            "prompt": rng.choice(templated_prompts if templated else plain_prompts),
            "response_initial": generic
            if rng.random() < MESSY_GENERIC_SHARE
            else sentence(rng.randint(8, 14)),
            "critique": rng.choice(critiques),
            "response_revised": rng.choice(templated_answers if templated else plain_answers),
            "source_id": f"seed_{i % 40:03d}",
            "technique": f"template_{i % 9}",
        }


def write_messy_jsonl(path: str | Path, n: int, *, seed: int = 7) -> Path:
    """Write `n` messy records (`messy_records`) to `path` (atomically); returns the path."""
    from noesis_trainer.io.atomic import write_jsonl_atomic

    write_jsonl_atomic(path, messy_records(n, seed=seed))
    return Path(path)
