# Two commands do everything on a fresh machine: `make demo` and `make test`. Both install what is missing first.
PYTHON ?= python3
THRANC := .build/release/thranc
THRANLINT := .build/release/thranlint

.PHONY: setup build demo test test-swift test-cli test-e2e test-stdlib test-campaign stdlib-diff campaign bench clean

setup:
	@scripts/setup.sh

build: setup
	swift build -c release --product thranc
	swift build -c release --product thranlint

demo: build
	@scripts/demo.sh

test: build
	$(MAKE) --no-print-directory test-swift test-cli test-e2e test-stdlib test-campaign

test-swift:
	swift test --disable-xctest

test-cli:
	@scripts/cli_test.sh $(THRANC)

# End to end through the real python3, NumPy and SciPy: compiled modules against CPython and SciPy references.
test-e2e:
	cd tests/e2e && THRANC=$(CURDIR)/$(THRANC) THRANLINT=$(CURDIR)/$(THRANLINT) $(PYTHON) -m unittest

# The suite checks a fixed, seeded sample; `make stdlib-diff` checks every stdlib file.
test-stdlib:
	$(PYTHON) scripts/ast_diff.py --thranc $(THRANC) --sample 400 --min-ratio 0.99
	$(PYTHON) scripts/accept_diff.py --thranc $(THRANC) --count 2000 --seed 11

# A bounded, seeded robustness campaign; every input that ever failed is replayed from tests/campaign/regressions.
test-campaign:
	$(PYTHON) tests/campaign/campaign.py --thranc $(THRANC) --thranlint $(THRANLINT) --seed 1 --budget 40

# The long campaign: many seeds, a large budget per kind. New failures are saved as regression cases.
campaign: build
	$(PYTHON) tests/campaign/campaign.py --thranc $(THRANC) --thranlint $(THRANLINT) --seed 1-8 --budget 1000

stdlib-diff: build
	$(PYTHON) scripts/ast_diff.py --thranc $(THRANC) --min-ratio 0.99

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
