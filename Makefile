# chainwatch — see README.md.  `make V=1` shows the commands.

PACKAGES_DEV := gcc libc6-dev make libxlsxwriter-dev libcurl4-openssl-dev libjansson-dev libsqlite3-dev \
                libzip-dev libexpat1-dev zlib1g-dev libssl-dev check pkg-config
PKGS := xlsxwriter libcurl jansson sqlite3 libzip expat zlib libcrypto
# what the tests use besides: python3 reads manifests, openpyxl opens the workbook
PACKAGES_TEST := python3 python3-openpyxl

CC      ?= cc
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wconversion -Wno-sign-conversion
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
CFLAGS  += -pthread -std=c11 $(OPT) $(WARN) $(EXTRA_CFLAGS) -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl is not linked: download.c loads it when a transfer needs it
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null) -ldl
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lm -pthread

B := build
LIB_SRCS  := $(filter-out src/cmd/main.c,$(wildcard src/*/*.c))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(B)/obj/%.o)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps deps-test run check test unit cli layers fuzz-replay fuzz-bins fuzz asan bench \
	bench-registers bench-charities a11y look clean

all: $(B)/chainwatch

deps:
	@sh scripts/deps.sh $(PACKAGES_DEV)

deps-test:
	@sh scripts/deps.sh $(PACKAGES_DEV) $(PACKAGES_TEST)

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/libchainwatch.a: $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/chainwatch: $(B)/obj/cmd/main.o $(B)/libchainwatch.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h $(B)/libchainwatch.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(B)/libchainwatch.a $(LDLIBS) $(CHECK_LIBS)

# Fuzz harnesses build as corpus replayers with any compiler (make check runs
# each over its seeds in tests/fuzz/corpus/<name>/ and a few thousand inputs
# made from them); `make fuzz` builds them with clang's libFuzzer instead of
# replay.c (FUZZ_MAIN empty) into build/libfuzzer/.
FUZZ_MAIN ?= tests/fuzz/replay.c
$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_MAIN) $(B)/libchainwatch.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(FUZZ_MAIN) \
		$(B)/libchainwatch.a $(LDLIBS)

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(B)/chainwatch registry import data/sample/registry/StatementSummaries2022.csv \
		--db output/chainwatch.db
	$(B)/chainwatch scan --spend data/sample/devon-spend-2025-12.csv \
		--suppliers data/sample/devon-suppliers.csv --tenders data/sample/bids-2025-26.csv \
		--council "Devon County Council" --db output/chainwatch.db --out output/2025-12
	$(B)/chainwatch charter --year 2025-26 --evidence data/sample/evidence-2025-26.json \
		--council "Devon County Council" --db output/chainwatch.db --out output/charter

unit: $(TEST_BINS)
	$(Q)fail=0; for t in $(TEST_BINS); do CK_FORK=yes LC_ALL=C $$t || fail=1; done; exit $$fail

# the CLI suites in parallel (JOBS at a time, default nproc); one alone:
# LC_ALL=C sh tests/cli/entity.sh build/chainwatch
cli: $(B)/chainwatch
	$(Q)sh scripts/run-tests.sh $(B) cli

fuzz-replay: $(FUZZ_BINS)
	$(Q)sh scripts/fuzz-replay.sh $(B)/fuzz

fuzz-bins: $(FUZZ_BINS)

# No include cycle, no stage including a later one (README, Layout).
layers:
	$(Q)python3 scripts/include-graph.py

test: $(B)/chainwatch $(TEST_BINS) $(FUZZ_BINS)
	$(Q)sh scripts/run-tests.sh $(B)

# compiles one job a core unless make was given -j; the tests run JOBS at a time
NPROC = $(shell nproc 2>/dev/null || echo 1)
check: deps-test
	$(Q)out=$$(python3 scripts/include-graph.py) || { echo "$$out"; exit 1; }; echo "$$out" | tail -1
	$(Q)out=$$(sh scripts/ownership.sh) && echo "$$out" | tail -1 && \
		echo "$$out" | grep -q '^ownership: 0 of' || { echo "$$out"; exit 1; }
	$(Q)$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC)) \
		EXTRA_CFLAGS="-Werror $(EXTRA_CFLAGS)" all test

# the sanitizers slow the code about 4x: the scale tests' timeouts with it
asan: deps-test
	$(Q)CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} $(MAKE) --no-print-directory B=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
		EXTRA_CFLAGS="-Werror -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" all test

# The sample's Charter report through axe-core in headless Chromium (Debian's
# chromium and nodejs/npm; axe-core from npm), and the report of a year with the
# registers' section (tests/cli/charter.sh keeps it equal to what charter writes).
# CI runs it when Chromium is there.
a11y: run
	$(Q)command -v chromium >/dev/null 2>&1 || sh scripts/deps.sh chromium
	$(Q)command -v npm >/dev/null 2>&1 || sh scripts/deps.sh nodejs npm
	$(Q)sh scripts/a11y.sh output/charter/charter-2025-26.html $(B)/a11y
	$(Q)sh scripts/a11y.sh tests/data/charter/registers-charter-2025-26.html $(B)/a11y

# Outputs as people see them: the sample's workbook, every sheet through LibreOffice
# headless to PDF and pdftoppm to PNG (build/look/workbook/page-*.png), and its Charter
# report in headless Chromium at 320 px and 1280 px (build/look/charter/).
look: run
	$(Q)command -v soffice >/dev/null 2>&1 || sh scripts/deps.sh libreoffice-calc-nogui poppler-utils
	$(Q)sh scripts/look-workbook.sh $(B)/chainwatch $(B)/look/workbook
	$(Q)command -v chromium >/dev/null 2>&1 || sh scripts/deps.sh chromium
	$(Q)sh scripts/look-charter.sh output/charter/charter-2025-26.html $(B)/look/charter
	$(Q)sh scripts/look-charter.sh tests/data/charter/registers-charter-2025-26.html \
		$(B)/look/charter

# Every harness under libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer,
# FUZZ_SECONDS (60) each; the library is built with clang into build/libfuzzer/
# with this Makefile's packages and flags.
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
fuzz: deps
	$(Q)command -v $(FUZZ_CC) >/dev/null 2>&1 || sh scripts/deps.sh clang libclang-rt-dev || \
		{ echo "make fuzz needs clang and its libFuzzer ('$(FUZZ_CC)' not found;" \
			"Debian: apt-get install clang libclang-rt-dev)" >&2; exit 2; }
	$(Q)command -v $(FUZZ_CC) >/dev/null 2>&1 || \
		{ echo "make fuzz: '$(FUZZ_CC)' not found (FUZZ_CC names the clang to use)" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory B=build/libfuzzer CC=$(FUZZ_CC) FUZZ_MAIN= \
		OPT="-O1 -g -fno-omit-frame-pointer" \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN) $(EXTRA_CFLAGS)" \
		LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" fuzz-bins
	$(Q)sh scripts/fuzz.sh build/libfuzzer

bench: all $(B)/bench/companies_bench
	$(Q)sh bench/run.sh $(B)/chainwatch
	$(Q)if [ "$${BENCH_REGISTERS:-0}" = 1 ]; then sh bench/registers.sh $(B); fi

# The Companies House register alone: import 5.5 million generated companies
# (BENCH_COMPANIES rows), match 20,000 payees (bench/registers.sh).
bench-registers: $(B)/bench/companies_bench
	$(Q)sh bench/registers.sh $(B)

# The Charity Commission extract's JSON form against its text form: 200 MB
# of generated rows (BENCH_CCEW_MB), time and peak memory of each import.
bench-charities: all
	$(Q)sh bench/charities-json.sh $(B)

$(B)/bench/%: bench/%.c $(B)/libchainwatch.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libchainwatch.a $(LDLIBS)

clean:
	rm -rf build

-include $(wildcard $(B)/obj/*/*.d $(B)/tests/*.d $(B)/fuzz/*.d $(B)/bench/*.d)
