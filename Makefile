# Byline's entry points. `make test` is what CI runs (.ci/run) on a clean clone.
SWIFT ?= swift

.PHONY: build test bench fuzz profile quotes-eval messages serve install clean check-toolchain system-libraries

check-toolchain:
	@command -v $(SWIFT) >/dev/null 2>&1 || { \
		echo "make: Swift 6 is required but '$(SWIFT)' is not on PATH; install the Swift toolchain (https://swift.org/install) or set SWIFT=/path/to/swift"; \
		exit 1; }

# SQLite and cmark-gfm, as Debian packages: installed when missing (as root), or the command to
# install them is printed.
system-libraries:
	@scripts/system-libraries.sh

build: check-toolchain system-libraries
	$(SWIFT) build

# The whole suite: unit, repository-contract (SQLite and PostgreSQL), router, command-line
# and multi-node tests, then the Python suites: browser tests (Selenium with Debian's Chromium) and
# the machine-readers' tools (feedparser, extruct, trafilatura). The command-line and Python tests
# run the built `byline` binary, so everything is built first; scripts/with-postgres.sh provides
# throwaway PostgreSQL clusters.
test: check-toolchain system-libraries
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/with-postgres.sh scripts/swift-tests.sh
	scripts/python-tests.sh

# Speed and memory, measured against nginx on this machine: see BENCHMARKS.md. Takes about
# twenty minutes the first time (it seeds its data sets into .build-bench/), ten after that.
bench: check-toolchain system-libraries
	SWIFT=$(SWIFT) scripts/bench.sh

# libFuzzer on every reader of outside input (Fuzz/README.md), SECONDS each, outside `make test`;
# CI runs each briefly. The first run builds everything instrumented into .build-fuzz/.
SECONDS ?= 60
FUZZ_TARGETS ?= markdown html comment-form article-json wxr wire
fuzz: check-toolchain system-libraries
	SWIFT=$(SWIFT) scripts/fuzz.sh $(SECONDS) $(FUZZ_TARGETS)

# Precision and recall of the quote extractor on the annotated stories in
# Tests/BylineTests/Fixtures/Quotes, with every miss when it falls short of the aim.
# Where an uncached article page's time goes, as bench/PROFILE.md (perf, on make bench's data).
profile: check-toolchain system-libraries
	$(SWIFT) build -c release --product byline
	python3 bench/profile.py

quotes-eval: check-toolchain system-libraries
	$(SWIFT) run byline-bench quotes

# After changing interface text: the .pot translators start from, and every catalog brought up
# to date with it (new messages untranslated, unused ones dropped). See "Languages" in the README.
messages: check-toolchain system-libraries
	$(SWIFT) run byline messages

serve: check-toolchain system-libraries
	$(SWIFT) run byline serve

# A release binary and its resources, laid out so the binary finds them from anywhere:
# PREFIX/bin/byline and PREFIX/share/byline/. DESTDIR stages it for a package.
PREFIX ?= /usr/local
install: check-toolchain system-libraries
	$(SWIFT) build -c release --product byline
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/byline"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/byline" "$(DESTDIR)$(PREFIX)/bin/byline"
	cp -R Resources/. "$(DESTDIR)$(PREFIX)/share/byline/"
	@echo "Installed $(DESTDIR)$(PREFIX)/bin/byline with its resources in $(DESTDIR)$(PREFIX)/share/byline; see deploy/byline.service for systemd."

clean:
	rm -rf .build
