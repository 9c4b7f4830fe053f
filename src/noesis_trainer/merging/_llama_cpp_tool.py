"""Subprocess entry point around llama.cpp's converter and quantizer (``python -m`` this module).

Both run in a child process: the converter is a script with global state and its own ``gguf``
package, and a crash in the native quantizer must not take the caller down with it.

``convert``: runs ``convert_hf_to_gguf.py`` from `--converter-dir`. The converter recognises a BPE
pre-tokenizer only by hashing the token ids a known model gives for a probe text, so a tokenizer
trained for tests (or any new vocabulary with Llama 3's pre-tokenizer) is refused. With
``--tokenizer-pre NAME`` an UNRECOGNISED hash is resolved to NAME (e.g. ``llama-bpe``); a
recognised hash is always kept.

``quantize``: ``llama_cpp.llama_model_quantize`` (K-quants need llama.cpp itself).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any


def _convert(converter_dir: Path, tokenizer_pre: str | None, converter_args: list[str]) -> int:
    sys.path.insert(0, str(converter_dir))
    import convert_hf_to_gguf  # type: ignore[import-not-found]
    from conversion.base import TextModel  # type: ignore[import-not-found]

    if tokenizer_pre:
        original = TextModel.get_vocab_base_pre

        def get_vocab_base_pre(self: Any, tokenizer: Any) -> str:
            try:
                res: str = original(self, tokenizer)
            except NotImplementedError:
                logging.getLogger("noesis").warning(
                    "pre-tokenizer hash not in llama.cpp's table; using the declared %r",
                    tokenizer_pre,
                )
                return tokenizer_pre
            return res

        TextModel.get_vocab_base_pre = get_vocab_base_pre  # type: ignore[method-assign]
    sys.argv = ["convert_hf_to_gguf.py", *converter_args]
    convert_hf_to_gguf.main()
    return 0


def _quantize(src: str, dst: str, ftype: str, threads: int) -> int:
    import ctypes

    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype.upper()}")
    params.nthread = threads
    rc = int(llama_cpp.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(params)))
    if rc != 0:
        print(f"llama_model_quantize failed with code {rc}", file=sys.stderr)
    return rc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="noesis-llama-cpp-tool")
    sub = parser.add_subparsers(dest="cmd", required=True)
    conv = sub.add_parser("convert")
    conv.add_argument("--converter-dir", type=Path, required=True)
    conv.add_argument("--tokenizer-pre", default=None)
    conv.add_argument("rest", nargs=argparse.REMAINDER)
    quant = sub.add_parser("quantize")
    quant.add_argument("src")
    quant.add_argument("dst")
    quant.add_argument("ftype")
    quant.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    if args.cmd == "convert":
        rest = [a for a in args.rest if a != "--"]
        return _convert(args.converter_dir, args.tokenizer_pre, rest)
    return _quantize(args.src, args.dst, args.ftype, args.threads)


if __name__ == "__main__":
    sys.exit(main())
