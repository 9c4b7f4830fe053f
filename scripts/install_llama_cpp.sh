#!/usr/bin/env bash
# Install llama.cpp tooling for the GGUF export (noesis export-gguf, tests/merging):
#   1. llama-cpp-python built from source into the venv, with explicit, portable CPU flags
#      (GGML_NATIVE=OFF: no -march=native, so a wheel built here runs on any x86-64 with AVX2);
#   2. llama.cpp's own converter (convert_hf_to_gguf.py + gguf-py), which the wheel does not ship,
#      unpacked from the same source package into .build/llama.cpp/.
# Idempotent: each step is skipped when its result is already there.
# Usage: scripts/install_llama_cpp.sh [PYTHON]   (default: .venv/bin/python of the repo)
set -euo pipefail

VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${1:-$ROOT/.venv/bin/python}"
BUILD="$ROOT/.build"
# The source package and the built wheel are cached outside the repository, so fresh clones on
# the same machine (CI runs) reuse a build that takes tens of minutes on 2 cores.
CACHE="${NOESIS_LLAMA_CPP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/noesis-trainer/llama-cpp}"
SDIST="$CACHE/llama_cpp_python-$VERSION.tar.gz"
WHEELS="$CACHE/wheels"
CONVERTER="$BUILD/llama.cpp"

mkdir -p "$BUILD" "$CACHE" "$WHEELS"

if [ ! -f "$SDIST" ]; then
  "$PY" -m pip download --no-binary :all: --no-deps "llama-cpp-python==$VERSION" -d "$CACHE"
fi

# The converter: vendor/llama.cpp of the source package (convert_hf_to_gguf.py, conversion/, gguf-py/).
if [ ! -f "$CONVERTER/convert_hf_to_gguf.py" ] || [ ! -f "$CONVERTER/.version-$VERSION" ]; then
  tmp="$(mktemp -d "$BUILD/unpack.XXXXXX")"
  tar xzf "$SDIST" -C "$tmp"
  vendor="$tmp/llama_cpp_python-$VERSION/vendor/llama.cpp"
  mkdir -p "$tmp/out"
  cp -r "$vendor/convert_hf_to_gguf.py" "$vendor/gguf-py" "$tmp/out/"
  if [ -d "$vendor/conversion" ]; then cp -r "$vendor/conversion" "$tmp/out/"; fi
  if [ -d "$vendor/models" ]; then mkdir -p "$tmp/out/models"; fi
  touch "$tmp/out/.version-$VERSION"
  rm -rf "$CONVERTER"
  mv "$tmp/out" "$CONVERTER"
  rm -rf "$tmp"
fi

# Extras of the wheel to install: "server" (default) brings python -m llama_cpp.server for the
# Tribunal's llama.cpp-server test; LLAMA_CPP_EXTRAS= installs the bare library.
EXTRAS="${LLAMA_CPP_EXTRAS-server}"
installed="$("$PY" -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))' 2>/dev/null || true)"
extras_ok=yes
if [ -n "$EXTRAS" ] && ! "$PY" -c 'import fastapi, uvicorn, sse_starlette, starlette_context, pydantic_settings' 2>/dev/null; then
  extras_ok=no
fi
if [ "$installed" != "$VERSION" ] || [ "$extras_ok" != yes ]; then
  wheel="$(ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl 2>/dev/null | head -n 1 || true)"
  if [ -z "$wheel" ]; then
    if ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; then
      if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq cmake g++ make >/dev/null
      else
        echo "install_llama_cpp.sh: building llama-cpp-python needs cmake and g++" >&2
        exit 1
      fi
    fi
    # Portable x86-64 build: no -march=native, AVX2/FMA/F16C/BMI2 named explicitly; no llava/mtmd.
    export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"
    export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
    "$PY" -m pip wheel --no-deps -w "$WHEELS" "$SDIST"
    wheel="$(ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl | head -n 1)"
  fi
  if [ -n "$EXTRAS" ]; then
    "$PY" -m pip install "$wheel[$EXTRAS]"
  else
    "$PY" -m pip install "$wheel"
  fi
fi

"$PY" -c 'import llama_cpp; print("llama_cpp", llama_cpp.__version__)'
echo "converter: $CONVERTER/convert_hf_to_gguf.py"
