# Two commands for a newcomer: `make demo` and `make test`.
# Both install what they need (uv from PyPI, then the locked dependencies).
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := .tools/bin/uv
endif

.PHONY: setup demo test lint bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch .venv/.synced

setup: .venv/.synced

demo: setup
	.venv/bin/kafo demo

test: setup
	.venv/bin/ruff check src tests benchmarks scripts
	.venv/bin/ruff format --check src tests benchmarks scripts
	.venv/bin/mypy
	.venv/bin/pytest -q

bench: setup
	.venv/bin/python benchmarks/import_bench.py

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache
