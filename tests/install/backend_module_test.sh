#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# PostgreSQL is a backend module loaded on demand (docs/embedding.md,
# "Backend modules"): checks, on the built binary, that
#   - luamig and libluamig link no libpq/libpqxx, and `--version`, `heads`
#     and a SQLite run never map them (the dynamic loader's own log);
#   - the module exports only its entry point and is what maps libpq;
#   - a postgresql:// URL loads it from next to the binary with no
#     environment help (when LUAMIG_TEST_PG_URL names a server);
#   - a missing module is a clear error, exit 2.
# Usage: backend_module_test.sh BUILD_DIR WITH_POSTGRESQL(0|1)
set -euo pipefail
build=$(cd "$1" && pwd)
with_pg=$2
bin="$build/luamig"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LUAMIG_BACKEND_DIR

failures=0
check() {  # check NAME COMMAND...: the command must succeed
  local name=$1
  shift
  if "$@"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    failures=$((failures + 1))
  fi
}
# Libraries the dynamic loader opened while running luamig with these args.
loaded() { (cd "$work/proj" && LD_DEBUG=files "$bin" "$@" 2>&1 >/dev/null | grep -oE 'file=[^ ]+' | sort -u) }
no_libpq() { ! loaded "$@" | grep -qE 'libpq|pqxx'; }

mkdir -p "$work/proj"
(cd "$work/proj" && "$bin" init . >/dev/null)
(cd "$work/proj" && "$bin" revision -m first >/dev/null)

check "luamig links no libpq" bash -c "! ldd '$bin' | grep -qE 'libpq|pqxx'"
for lib in "$build"/libluamig.so*; do
  [ -e "$lib" ] && check "$(basename "$lib") links no libpq" bash -c "! ldd '$lib' | grep -qE 'libpq|pqxx'"
done
check "--version maps no libpq" no_libpq --version
check "heads maps no libpq" no_libpq heads
check "a SQLite upgrade maps no libpq" no_libpq upgrade head

if [ "$with_pg" = 1 ]; then
  so="$build/luamig_pg.so"
  check "luamig_pg.so exists" test -f "$so"
  check "luamig_pg.so exports only luamig_backend_v1" \
    test "$(nm -D --defined-only "$so" | awk '{print $3}')" = luamig_backend_v1
  check "luamig_pg.so links libpq" bash -c "ldd '$so' | grep -q libpq"
  if [ -n "${LUAMIG_TEST_PG_URL:-}" ]; then
    check "a postgresql:// URL loads the module from next to the binary" \
      bash -c "cd '$work/proj' && LD_DEBUG=files '$bin' --url '$LUAMIG_TEST_PG_URL' current 2>&1 | grep -q 'file=.*luamig_pg.so'"
  else
    echo "skip a postgresql:// URL loads the module (LUAMIG_TEST_PG_URL not set)"
  fi
  mkdir -p "$work/empty"
  set +e
  err=$(cd "$work/proj" && LUAMIG_BACKEND_DIR="$work/empty" "$bin" \
    --url postgresql://u:secret@127.0.0.1:1/db current 2>&1 >/dev/null)
  rc=$?
  set -e
  check "a missing module exits 2" test "$rc" = 2
  check "a missing module says what and where" \
    grep -q "PostgreSQL support is not installed: luamig_pg.so was not found in $work/empty" <<<"$err"
  check "the error masks the password" bash -c "! grep -q secret <<<'$err'"
else
  check "no luamig_pg.so is built" test ! -e "$build/luamig_pg.so"
  set +e
  err=$(cd "$work/proj" && "$bin" --url postgresql://u@127.0.0.1:1/db current 2>&1 >/dev/null)
  rc=$?
  set -e
  check "a postgresql:// URL exits 2" test "$rc" = 2
  check "and says PostgreSQL support was left out" \
    grep -q "built without PostgreSQL support" <<<"$err"
fi

echo "$failures failed"
[ "$failures" -eq 0 ]
