# crm - build, test, install and benchmark.
#
#   make            build libcrm.a and the binaries into build/
#   make check      unit and CLI tests, plain and under ASan+UBSan
#   make deps       install the Debian packages the build and tests need
#   make install    PREFIX=/usr/local DESTDIR=
#   make install-shared   as root: a base shared on a server (README)
#   make bench      benchmarks (bench/README.md)
#   make fuzz       libFuzzer over every reader, FUZZ_SECONDS per target

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share
CC        ?= cc
CFLAGS    ?= -O2 -g
BUILD     ?= build
WARN      := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CPPFLAGS  += -Ilib -D_GNU_SOURCE
LDLIBS    := -lsqlite3 -lcsv -lm
SANFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60

LIB_SRC   := $(sort $(wildcard lib/*.c))
CMD_SRC   := $(sort $(wildcard cmd/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
BINS      := $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
UNITS     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANS      := $(sort $(wildcard man/*.1 man/*.7))

.PHONY: all check check-build deps demo install uninstall clean bench fuzz \
    install-docs install-shared uninstall-shared

all: $(BUILD)/libcrm.a $(BINS) $(UNITS)

$(BUILD)/lib/%.o: lib/%.c lib/crm.h lib/crm-internal.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/libcrm.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: cmd/%.c $(BUILD)/libcrm.a lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcrm.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcrm.a tests/unit/tap.h lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcrm.a $(LDLIBS)

# The same tree again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-build: all
	$(MAKE) --no-print-directory BUILD=build/san CFLAGS="$(SANFLAGS)" LDFLAGS="-fsanitize=address,undefined" all

check: check-build
	tests/run build build/san

deps:
	@sh tests/deps.sh

install: all install-docs
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)

# Man pages and completions, for install and install-shared.
install-docs:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 644 $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(filter %.7,$(MANS)) $(DESTDIR)$(MANDIR)/man7
	install -d $(DESTDIR)$(DATADIR)/bash-completion/completions \
	    $(DESTDIR)$(DATADIR)/zsh/vendor-completions \
	    $(DESTDIR)$(DATADIR)/fish/vendor_completions.d \
	    $(DESTDIR)$(DATADIR)/fish/vendor_functions.d
	for f in completions/bash/*; do \
	    install -m 644 $$f $(DESTDIR)$(DATADIR)/bash-completion/completions/; done
	install -m 644 completions/zsh/_* $(DESTDIR)$(DATADIR)/zsh/vendor-completions/
	install -m 644 completions/fish/*.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/
	install -m 644 completions/fish/functions/*.fish \
	    $(DESTDIR)$(DATADIR)/fish/vendor_functions.d/

uninstall:
	rm -f $(BINS:$(BUILD)/bin/%=$(DESTDIR)$(BINDIR)/%)

# A base shared on a server (README, crm(7)): the crm-* binaries setgid
# CRMGROUP, the base in SHAREDDIR (compiled into them, shut to everyone
# but the group), made by ADMIN, who is its first user and so its admin.
# Run as root.  The dispatcher crm stays unprivileged.
SHAREDDIR ?= /var/lib/crm
CRMGROUP  ?= crm
ADMIN     ?= $(or $(SUDO_USER),root)
# Where the shared binaries are built: a folder of their own per install,
# so that two installs (tests side by side) never share one.
SHAREDBUILD ?= $(BUILD)/shared
SHARED_BINS := $(filter-out %/crm,$(CMD_SRC:cmd/%.c=$(SHAREDBUILD)/bin/%))

# The base's path as compiled in, rewritten only when it changes, so that a
# new SHAREDDIR rebuilds what depends on it.
$(SHAREDBUILD)/base-path: FORCE
	@mkdir -p $(@D)
	@echo '$(SHAREDDIR)/crm.db' | cmp -s - $@ || \
	    echo '$(SHAREDDIR)/crm.db' >$@

$(SHAREDBUILD)/privilege.o: lib/privilege.c lib/crm.h lib/crm-internal.h \
    $(SHAREDBUILD)/base-path
	$(CC) $(CPPFLAGS) -DCRM_SHARED_DB='"$(SHAREDDIR)/crm.db"' $(WARN) \
	    $(CFLAGS) -c -o $@ lib/privilege.c

# Linked before libcrm.a, this privilege.o replaces the library's.
$(SHAREDBUILD)/bin/%: cmd/%.c $(SHAREDBUILD)/privilege.o $(BUILD)/libcrm.a lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(SHAREDBUILD)/privilege.o $(BUILD)/libcrm.a $(LDLIBS)

install-shared: all install-docs $(SHARED_BINS)
	@[ "$$(id -u)" = 0 ] || { echo "install-shared: run it as root" >&2; exit 1; }
	getent group $(CRMGROUP) >/dev/null || groupadd --system $(CRMGROUP)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BUILD)/bin/crm $(DESTDIR)$(BINDIR)
	install -o root -g $(CRMGROUP) -m 2755 $(SHARED_BINS) $(DESTDIR)$(BINDIR)
	install -d -o root -g $(CRMGROUP) -m 2770 $(DESTDIR)$(SHAREDDIR)
	@if [ -n "$(DESTDIR)" ]; then \
	    echo "install-shared: staged; the first user of $(SHAREDDIR)/crm.db will be its admin"; \
	elif [ ! -e $(SHAREDDIR)/crm.db ]; then \
	    echo "runuser -u $(ADMIN) -- $(BINDIR)/crm-user list"; \
	    runuser -u $(ADMIN) -- $(BINDIR)/crm-user list -f table || exit 1; \
	fi

# The base and the group stay: they are the company's data.
uninstall-shared: uninstall
	@echo "uninstall-shared: $(SHAREDDIR) and group $(CRMGROUP) are kept"

FORCE:

bench: all
	bench/run

fuzz:
	@sh tests/fuzz/run $(FUZZ_SECONDS)

clean:
	rm -rf build

# The quick start: a throwaway database, a sample client base, shown.
demo: all
	@rm -f build/demo.db build/demo.db-wal build/demo.db-shm
	build/bin/crm-config --db build/demo.db set phone.default_country 34
	-build/bin/crm-add --db build/demo.db -q < tests/data/sample-clients.csv >/dev/null
	build/bin/crm-export --db build/demo.db -f table contacts
