# lmul: `make` sets everything up and runs the main job (generate, verify, synthesise, compare);
# `make test` runs every test.
# Every target that needs the Python environment or the system tools depends on `setup`, so
# both work on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: all setup system run test test-fast bench accuracy report report-full prove verify-exhaustive clean

all: run report

setup: system $(STAMP)

# Debian packages (Icarus Verilog, OpenSTA) and the OSU 0.18 um cell library, each only when
# missing.
system:
	@bash tools/setup-synth.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
		echo "setup: $(PYTHON) cannot create virtual environments; installing python3-venv"; \
		apt-get install -y -qq python3-venv >/dev/null 2>&1 || sudo apt-get install -y -qq python3-venv \
		|| { echo "setup: install python3-venv (apt-get install python3-venv) and retry" >&2; exit 1; }; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3
	$(BIN)/pip install -q -e '.[dask]'
	touch $@

run: setup
	$(BIN)/lmul run

test: setup
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -q

test-fast: setup
	$(BIN)/python -m pytest -n $(JOBS) -q -m "not slow"

# Every one of the 2**32 operand pairs of the 16-bit units, on Verilator's C++ model in bulk:
# L-Mul, the IEEE multiplier, the like-for-like one (flush, saturate, RNE) and the IEEE adder.
EXHAUSTIVE_UNITS := lmul fpmul "fpmul --subnormals flush --overflow saturate" fpadd
verify-exhaustive: setup
	@for format in fp16 bf16; do for unit in $(EXHAUSTIVE_UNITS); do \
		$(BIN)/lmul verify $$unit --format $$format --exhaustive || exit 1; done; done

bench: setup
	$(BIN)/lmul bench

report: setup
	$(BIN)/lmul report --jobs $(JOBS)

# Every tile size, generic gates, the pipelined full-IEEE and cheapest baselines, the FPGA flows
# on every combinational design, the adders, the accumulator comparison and the energy with
# glitches of the tiles of every size (the default report measures the subset that carries its
# conclusions); the same cache.
report-full: setup
	$(BIN)/lmul report --full --timed-tile-beats 256 --jobs $(JOBS)

# Formal proofs of every preset: L-Mul in each mode and pipelined, the conventional multiplier and
# the adder in the default, like-for-like and truncating modes and pipelined (each a line with
# its time; the fp32 adder's take minutes each).
PRESETS := e4m3fn e5m2 e4m3 e3m4 fp16 bf16 fp32
IEEE_PRESETS := e5m2 e4m3 e3m4 fp16 bf16 fp32
prove: setup
	@set -e; for f in $(PRESETS); do \
		$(BIN)/lmul prove lmul --format $$f; \
		$(BIN)/lmul prove lmul --format $$f --offset 0; \
		$(BIN)/lmul prove lmul --format $$f --stages 2; \
		$(BIN)/lmul prove fpmul --format $$f; \
		$(BIN)/lmul prove fpmul --format $$f --subnormals flush --overflow saturate; \
		$(BIN)/lmul prove fpmul --format $$f --rounding truncate; \
		$(BIN)/lmul prove fpmul --format $$f --stages 2; \
		$(BIN)/lmul prove fpadd --format $$f; \
		$(BIN)/lmul prove fpadd --format $$f --subnormals flush --overflow saturate; \
		$(BIN)/lmul prove fpadd --format $$f --rounding truncate; \
		$(BIN)/lmul prove fpadd --format $$f --stages 2; \
	done; for f in $(IEEE_PRESETS); do \
		$(BIN)/lmul prove lmul --format $$f --overflow inf; \
		$(BIN)/lmul prove lmul --format $$f --offset 0 --overflow inf; \
	done

# The area-against-error chart reads the synthesis summary.
accuracy: report
	$(BIN)/lmul accuracy

clean:
	rm -rf build
