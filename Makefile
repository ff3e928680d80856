# sanad for people: `make run` and `make test` work on a fresh Debian 12
# machine as root. CMake stays usable directly (see CMakePresets.json).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian packages the build, the tests and the benchmarks need. Node.js and
# npm are installed from Debian only when no `npm` is on the PATH (a newer
# Node.js may already be there; Debian's npm would conflict with it).
DEB_PACKAGES := build-essential cmake ninja-build pkg-config git \
  libicu-dev libsodium-dev libsqlite3-dev sqlite3 libpq-dev libpqxx-dev \
  libcpp-httplib-dev libssl-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev \
  libxlsxwriter-dev libzip-dev libabsl-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev \
  chromium fonts-noto-ui-core systemd postgresql

JOBS ?= $(shell nproc)
DEV_DIR := build/dev
RELEASE_DIR := build/release
SANAD_DB ?= data/sanad.db
SANAD_PORT ?= 8080
FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

VERSION := $(shell sed -n 's/^project.sanad VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

.PHONY: help deps build release run test test-fast bench fuzz lint deb clean

help:
	@echo "make run    build and start a site at http://localhost:$(SANAD_PORT) (SQLite at $(SANAD_DB))"
	@echo "make test   build with sanitizers and run every test"
	@echo "make bench  build a release and run the benchmarks"
	@echo "make fuzz   build the fuzz harnesses with AFL++ (ASan+UBSan) and run each for FUZZ_SECONDS (60)"
	@echo "make deps   install missing Debian packages (apt-get update only when needed)"
	@echo "make lint   check the naming rules of STYLE.md with clang-tidy (.clang-tidy)"
	@echo "make deb    build build/sanad_$(VERSION)_<arch>.deb (the sanad service; see README)"

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(DEV_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset dev >/dev/null

$(RELEASE_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset release >/dev/null

build: deps $(DEV_DIR)/build.ninja
	cmake --build $(DEV_DIR) -j $(JOBS)

release: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target sanad

# The Debian package of the release binary (tools/make_deb.sh, packaging/).
deb: release
	tools/make_deb.sh $(RELEASE_DIR)/src/cli/sanad build $(VERSION)

run: release
	@mkdir -p $(dir $(SANAD_DB))
	./$(RELEASE_DIR)/src/cli/sanad serve --db $(SANAD_DB) --port $(SANAD_PORT)

# The store suites run on SQLite and on PostgreSQL: a throwaway cluster is
# started for the run and removed after it, pass or fail.
test: build
	tools/pg_test_cluster.sh run sh -c 'cd $(DEV_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900'

# The fast suites only, while working.
test-fast: build
	tools/pg_test_cluster.sh run sh -c 'cd $(DEV_DIR) && ctest --output-on-failure -j $(JOBS) -L fast'

bench: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j $(JOBS)
	@for b in $(RELEASE_DIR)/bench/*_bench; do [ -x "$$b" ] && "$$b"; done

# clang-tidy 19 (Debian 12): older clang cannot compile libstdc++ 12's
# <expected>. Installed here only, not by `deps`: the tests do not need it.
LINT_PACKAGES := clang-tidy-19

lint: deps $(DEV_DIR)/build.ninja
	@missing=""; for p in $(LINT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	tools/lint.sh $(DEV_DIR)

# Every parser of outside input under afl-fuzz, one target after another
# (docs/testing.md). Installs Debian's afl++ when missing. FUZZ_TARGETS
# narrows the run, e.g. make fuzz FUZZ_TARGETS="person_csv date" FUZZ_SECONDS=600.
fuzz: deps
	@if ! command -v afl-fuzz >/dev/null 2>&1 || ! command -v afl-g++-fast >/dev/null 2>&1; then \
	  echo "Installing Debian package: afl++"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null; \
	fi
	@# AFL++'s GCC plugin where it loads; else GCC's trace-pc into AFL++'s
	@# runtime (Debian 12's afl++ plugin refuses its gcc: fuzz/afl_trace_pc.c).
	@if echo 'int main(void){return 0;}' | AFL_QUIET=1 afl-gcc-fast -x c - -o /dev/null >/dev/null 2>&1; then \
	  mode=plugin; cc=afl-gcc-fast; cxx=afl-g++-fast; \
	else \
	  echo "afl-gcc-fast cannot load its GCC plugin here; instrumenting with gcc -fsanitize-coverage=trace-pc"; \
	  mode=trace-pc; cc=gcc; cxx=g++; \
	fi; \
	if [ -f $(FUZZ_DIR)/CMakeCache.txt ] && ! grep -q "^SANAD_AFL_INSTRUMENT:STRING=$$mode$$" $(FUZZ_DIR)/CMakeCache.txt; then \
	  rm -rf $(FUZZ_DIR); \
	fi; \
	CC=$$cc CXX=$$cxx cmake -S . -B $(FUZZ_DIR) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DSANAD_SANITIZE=ON -DSANAD_WERROR=OFF \
	  -DSANAD_BUILD_TESTS=OFF -DSANAD_BUILD_FUZZ=ON -DSANAD_FUZZ_ENGINE=afl \
	  -DSANAD_AFL_INSTRUMENT=$$mode >/dev/null
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target sanad_fuzzers
	fuzz/run_afl.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf build
