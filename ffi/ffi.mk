# The C ABI: the header, the C and C++ tests, install with pkg-config, the C benchmark.
# Included by the root Makefile, so paths are relative to the workspace root.
#
#   make header           regenerate include/amends.h (pinned cbindgen, never build.rs)
#   make header-check     fail when include/amends.h is stale
#   make test-c           every C and C++ test under AddressSanitizer+UBSan and under Valgrind,
#                         each linked once statically and once dynamically; then install + pkg-config
#   make install PREFIX=… header, libamends.a, libamends.so (with soname links), amends.pc
#   make bench-c          the C benchmark (built as installed: the `dist` profile)

.PHONY: test-c header header-check install bench-c c-tools c-libs c-tests c-install-test

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR ?=

AMENDS_TARGET := $(or $(CARGO_TARGET_DIR),target)
AMENDS_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
AMENDS_MAJOR := $(word 1,$(subst ., ,$(AMENDS_VERSION)))
AMENDS_MINOR := $(word 2,$(subst ., ,$(AMENDS_VERSION)))
# The soname changes exactly when the ABI may break: the major version, or 0.MINOR before 1.0
# (ffi/build.rs sets the same).
AMENDS_SOVERSION := $(if $(filter 0,$(AMENDS_MAJOR)),0.$(AMENDS_MINOR),$(AMENDS_MAJOR))
# What a program linking libamends.a statically needs besides (rustc --print native-static-libs).
AMENDS_PRIVATE_LIBS ?= -lgcc_s -lutil -lrt -lpthread -lm -ldl

C_OUT := $(AMENDS_TARGET)/c
C_LIB := $(C_OUT)/lib
C_WARN := -Wall -Wextra -Wpedantic -Werror
C_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
C_STATIC := $(C_LIB)/libamends.a $(AMENDS_PRIVATE_LIBS)
C_SHARED := -L$(C_LIB) -lamends -Wl,-rpath,$(abspath $(C_LIB))
C_PROGRAMS := api hostile threads scenarios ledger verify double_include till
C_VARIANTS := asan-static asan-shared valgrind-static valgrind-shared
C_ARGS_scenarios := tests/scenarios
C_ARGS_ledger := tests/ledger/small
# C_ASAN_ARGS_<program>: arguments only the AddressSanitizer runs get, for work too slow to repeat
# under Valgrind. With them verify.c also searches `strict` and a one-task playbook (over a minute
# under Valgrind) and compares strict with the committed drawings and with what the Rust example
# prints (written again whenever the library is rebuilt).
C_STRICT_JSON := $(C_OUT)/strict-verification.json
C_ASAN_ARGS_verify := core/tests/diagram $(C_STRICT_JSON)
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1
VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=1

## The C and C++ tests (part of `make test`).
test-c: c-tools header-check
	@$(MAKE) --no-print-directory c-libs
	@$(MAKE) --no-print-directory c-tests
	@$(MAKE) --no-print-directory c-install-test

header:
	$(CARGO) run --quiet --locked -p amends-gen-header

header-check:
	$(CARGO) run --quiet --locked -p amends-gen-header -- --check

c-tools:
	@command -v valgrind >/dev/null || { echo "test-c needs valgrind (Debian package: valgrind)"; exit 1; }
	@command -v pkg-config >/dev/null || { echo "test-c needs pkg-config (Debian package: pkgconf)"; exit 1; }

# The debug libraries the tests link, behind links that also give the soname a file.
c-libs:
	$(CARGO) build --quiet --locked -p amends-ffi
	@mkdir -p $(C_LIB)
	@ln -sf ../../debug/libamends.a $(C_LIB)/libamends.a
	@ln -sf ../../debug/libamends.so $(C_LIB)/libamends.so
	@ln -sf libamends.so $(C_LIB)/libamends.so.$(AMENDS_SOVERSION)

# $(1): variant, $(2): extra compile flags, $(3): how to link the library.
define amends_c_build
$(C_OUT)/$(1)/%: tests/c/%.c tests/c/check.h include/amends.h $(C_LIB)/libamends.a
	@mkdir -p $$(@D)
	$$(CC) -std=c11 $(C_WARN) -g -O1 -pthread $(2) -Iinclude $$< -o $$@ $(3)
$(C_OUT)/$(1)/%: tests/c/%.cc include/amends.h $(C_LIB)/libamends.a
	@mkdir -p $$(@D)
	$$(CXX) -std=c++17 $(C_WARN) -g -O1 -pthread $(2) -Iinclude $$< -o $$@ $(3)
endef
$(eval $(call amends_c_build,asan-static,$(C_SAN),$(C_STATIC)))
$(eval $(call amends_c_build,asan-shared,$(C_SAN),$(C_SHARED)))
$(eval $(call amends_c_build,valgrind-static,,$(C_STATIC)))
$(eval $(call amends_c_build,valgrind-shared,,$(C_SHARED)))

# $(1): variant, $(2): program. The till's output goes to a file beside it.
define amends_c_run
.PHONY: c-run/$(1)/$(2)
c-run/$(1)/$(2): $(C_OUT)/$(1)/$(2)
	$(if $(findstring asan,$(1)),$(ASAN_ENV),$(VALGRIND)) $(C_OUT)/$(1)/$(2) $(C_ARGS_$(2))$(if $(findstring asan,$(1)), $(C_ASAN_ARGS_$(2)))$(if $(filter till,$(2)), > $(C_OUT)/$(1)/till.out)
endef
$(foreach v,$(C_VARIANTS),$(foreach p,$(C_PROGRAMS),$(eval $(call amends_c_run,$(v),$(p)))))

c-tests: $(foreach v,$(C_VARIANTS),$(foreach p,$(C_PROGRAMS),c-run/$(v)/$(p)))

$(foreach v,$(filter asan-%,$(C_VARIANTS)),c-run/$(v)/verify): $(C_STRICT_JSON)
$(C_STRICT_JSON): $(C_LIB)/libamends.a
	@mkdir -p $(@D)
	$(CARGO) run --quiet --locked -p amends --example diagram -- strict --json > $@.tmp
	mv $@.tmp $@

# Installs into a temporary prefix and builds the example till against it with pkg-config, once
# linked to the shared library and once to the static one.
c-install-test:
	rm -rf $(C_OUT)/prefix
	@$(MAKE) --no-print-directory install PREFIX=$(abspath $(C_OUT)/prefix)
	export PKG_CONFIG_PATH=$(abspath $(C_OUT)/prefix)/lib/pkgconfig && \
	$(CC) -std=c11 $(C_WARN) tests/c/till.c $$(pkg-config --cflags amends) -o $(C_OUT)/till-pc-shared \
		$$(pkg-config --libs amends) -Wl,-rpath,$(abspath $(C_OUT)/prefix)/lib && \
	$(C_OUT)/till-pc-shared > $(C_OUT)/till-pc-shared.out && \
	$(CC) -std=c11 $(C_WARN) tests/c/till.c $$(pkg-config --cflags amends) -o $(C_OUT)/till-pc-static \
		$$(pkg-config --static --libs amends | sed 's/-lamends\b/-l:libamends.a/') && \
	$(C_OUT)/till-pc-static > $(C_OUT)/till-pc-static.out && \
	! ldd $(C_OUT)/till-pc-static | grep -q libamends && \
	ldd $(C_OUT)/till-pc-shared | grep -q 'libamends.so.$(AMENDS_SOVERSION) => $(abspath $(C_OUT)/prefix)/lib/' && \
	cmp -s $(C_OUT)/till-pc-shared.out $(C_OUT)/till-pc-static.out
	@echo "install: header, libraries and amends.pc work with pkg-config (shared and static)"

# The libraries are built with the `dist` profile: `release` with link-time optimisation.
install:
	$(CARGO) build --quiet --profile dist --locked -p amends-ffi
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 include/amends.h $(DESTDIR)$(INCLUDEDIR)/amends.h
	install -m 644 $(AMENDS_TARGET)/dist/libamends.a $(DESTDIR)$(LIBDIR)/libamends.a
	install -m 755 $(AMENDS_TARGET)/dist/libamends.so $(DESTDIR)$(LIBDIR)/libamends.so.$(AMENDS_VERSION)
	ln -sf libamends.so.$(AMENDS_VERSION) $(DESTDIR)$(LIBDIR)/libamends.so.$(AMENDS_SOVERSION)
	ln -sf libamends.so.$(AMENDS_SOVERSION) $(DESTDIR)$(LIBDIR)/libamends.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(AMENDS_VERSION)|' -e 's|@PRIVATE_LIBS@|$(AMENDS_PRIVATE_LIBS)|' \
		ffi/amends.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/amends.pc

## The C benchmark (not part of `test`): actions per second through JSON and the typed helpers.
bench-c:
	$(CARGO) build --quiet --profile dist --locked -p amends-ffi
	@mkdir -p $(C_OUT)
	$(CC) -std=c11 $(C_WARN) -O2 -Iinclude benches/c/bench.c -o $(C_OUT)/bench \
		$(AMENDS_TARGET)/dist/libamends.a $(AMENDS_PRIVATE_LIBS)
	$(C_OUT)/bench
