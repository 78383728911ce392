# The two commands of the README, and a few more. Each installs what it needs first.
JOBS ?= $(shell nproc)
EXAMPLE := examples/ceasefire-2025/agreement.yaml

.PHONY: demo test deps build web fuzz bench format clean

demo: build            ## the main job on the bundled example
	./build/release/src/cli/truce check $(EXAMPLE)
	./build/release/src/cli/truce demo --agreement $(EXAMPLE) --out build/demo

test: deps             ## build under ASan/UBSan and run every test
	@bash scripts/deps.sh web
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan

deps:
	@bash scripts/deps.sh

build: deps web
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

web:                   ## the dashboard: web/dist, served by truce serve
	@bash scripts/deps.sh node
	cd web && { [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build

fuzz: deps             ## run each libFuzzer target for FUZZ_SECONDS (default 60)
	@bash scripts/deps.sh fuzz
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	bash scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

bench: deps            ## benchmarks side by side with the peers
	@bash scripts/deps.sh bench
	JOBS=$(JOBS) bash bench/run.sh   # configures and builds what it needs

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf build
