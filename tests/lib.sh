# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Shell helpers for the golden and error-case tests (sourced by tests/golden/*.test).
# Environment from Makefile.am: TS_SRCDIR, TS_BUILDDIR, TS_RUN (valgrind prefix or empty),
# TS_SANITIZERS (the build's sanitizers, or empty).
set -u
: "${TS_SRCDIR:?run through make check}"
BIN=$TS_BUILDDIR/src/bin
FIX=$TS_SRCDIR/fixtures
JSONCMP=$TS_BUILDDIR/tests/tools/jsoncmp
T=$TS_BUILDDIR/tests/tmp/$(basename "$0" .test).$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run PROG ARGS...: run a program; stdout in $T/out, stderr in $T/err, status in $status.
run() {
	prog=$1; shift
	set +e
	$TS_RUN "$BIN/$prog" "$@" >"$T/out" 2>"$T/err"
	status=$?
	set -e
}

# run_in FILE PROG ARGS...: the same with FILE as standard input.
run_in() {
	in=$1; prog=$2; shift 2
	set +e
	$TS_RUN "$BIN/$prog" "$@" <"$in" >"$T/out" 2>"$T/err"
	status=$?
	set -e
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "$prog: exit status $status, expected $1 (stderr: $(cat "$T/err"))"
}

# expect_stderr TEXT: stderr is exactly TEXT (one or more lines).
expect_stderr() {
	printf '%s\n' "$1" >"$T/want_err"
	cmp -s "$T/want_err" "$T/err" || fail "$prog: stderr is '$(cat "$T/err")', expected '$1'"
}

expect_no_stderr() {
	[ ! -s "$T/err" ] || fail "$prog: unexpected stderr: $(cat "$T/err")"
}

# expect_json EXPECTED [ACTUAL]: ACTUAL (default $T/out) matches EXPECTED by value.
expect_json() {
	"$JSONCMP" "$1" "${2:-$T/out}" || fail "$prog: output differs from $1"
}

# expect_out_contains TEXT
expect_out_contains() {
	grep -qF -- "$1" "$T/out" || fail "$prog: output lacks '$1'"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)" >&2
		exit 1
	fi
	exit 0
}
