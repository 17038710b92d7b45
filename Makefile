# Two commands do everything on a fresh machine: `make demo` and `make test`. Both install what is missing first.
PYTHON ?= python3
THRANC := .build/release/thranc
THRANLINT := .build/release/thranlint

.PHONY: setup build demo test test-format test-swift test-cli test-e2e test-stdlib test-spec test-campaign stdlib-diff spec-diff campaign bench clean

setup:
	@scripts/setup.sh

build: setup
	swift build -c release --product thranc
	swift build -c release --product thranlint

demo: build
	@scripts/demo.sh

test: build
	$(MAKE) --no-print-directory test-format test-swift test-cli test-e2e test-stdlib test-spec test-campaign

# Every Swift file as `swift format` writes it (2-space indent, 120 columns; .swift-format).
test-format:
	swift format lint --strict -r Sources Tests bench Package.swift

test-swift:
	swift test --disable-xctest

test-cli:
	@scripts/cli_test.sh $(THRANC)

# End to end through the real python3, NumPy and SciPy: compiled modules against CPython and SciPy references.
test-e2e:
	cd tests/e2e && THRANC=$(CURDIR)/$(THRANC) THRANLINT=$(CURDIR)/$(THRANLINT) $(PYTHON) -m unittest

# The suite checks a fixed, seeded sample per Python version against that version's CPython and stdlib;
# `make stdlib-diff` checks every stdlib file and more mutants.
PY_VERSIONS := 3.11 3.12 3.13

test-stdlib:
	for v in $(PY_VERSIONS); do \
	  $(PYTHON) scripts/ast_diff.py --thranc $(THRANC) --python-version $$v --sample 100 --min-ratio 1.0 || exit 1; \
	  $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --count 1000 --seed 11 || exit 1; \
	  $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --kind fstring --count 1000 --seed 11 \
	    || exit 1; \
	  $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --kind pep695 --count 600 --seed 11 \
	    || exit 1; \
	done

# Export lines read by thranc and by Pythran's own spec parser (pythran.spec): same signatures, or both refuse.
test-spec:
	$(PYTHON) scripts/spec_diff.py --thranc $(THRANC) --count 3000 --seed 1

spec-diff: build
	for seed in 1 2 3 4 5 6 7 8 9 10; do $(PYTHON) scripts/spec_diff.py --thranc $(THRANC) --count 20000 --seed $$seed || exit 1; done

# A bounded, seeded robustness campaign; every input that ever failed is replayed from tests/campaign/regressions.
test-campaign:
	$(PYTHON) tests/campaign/campaign.py --thranc $(THRANC) --thranlint $(THRANLINT) --seed 1 --budget 40

# The long campaign: many seeds, a large budget per kind. New failures are saved as regression cases.
campaign: build
	$(PYTHON) tests/campaign/campaign.py --thranc $(THRANC) --thranlint $(THRANLINT) --seed 1-8 --budget 1000

stdlib-diff: build
	for v in $(PY_VERSIONS); do \
	  $(PYTHON) scripts/ast_diff.py --thranc $(THRANC) --python-version $$v --min-ratio 1.0 || exit 1; \
	  for seed in 11 12 13; do \
	    $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --count 5000 --seed $$seed || exit 1; \
	    $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --kind fstring --count 5000 \
	      --seed $$seed || exit 1; \
	    $(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --python-version $$v --kind pep695 --count 5000 \
	      --seed $$seed || exit 1; \
	  done; \
	done

bench: build
	swift build -c release --product ParseBench
	.build/release/ParseBench
	$(PYTHON) bench/callbacks/run.py
	$(PYTHON) bench/callbacks/instructions.py
	$(PYTHON) bench/lint_stdlib.py

clean:
	rm -rf .build

# thranlint's TOML reader against Python's tomllib (seeded), and the project-rules scaling bench.
.PHONY: test-toml bench-lint-scaling
test-toml:
	$(PYTHON) tests/toml_fuzz.py --thranlint $(THRANLINT) --count 3000 --seed 1

bench-lint-scaling: build
	$(PYTHON) bench/lint_scaling.py --thranlint $(THRANLINT)
