#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that need no compiler, over the files git tracks:
#   1. text hygiene: no trailing whitespace, a final newline;
#   2. the include rule of docs/architecture.md (which module may see which
#      headers), so a layering slip fails CI instead of waiting for review;
#   3. Catch2 test names that start with '-': ctest hands the name to the
#      test binary as an argument, which then reads it as an option;
#   4. the licence tag: every source file (C/C++, Lua, shell, Python, CMake)
#      carries an SPDX-License-Identifier line in its first three lines.
# Prints every violation as path:line: message and exits 1 if there is any.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failures=0
fail() {
  echo "$1" >&2
  failures=$((failures + 1))
}

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files)
else
  mapfile -t files < <(find . -type f -not -path './build*' -not -path './.git/*' | sed 's|^\./||' | sort)
fi

# --- 1. Text hygiene ---------------------------------------------------------
for f in "${files[@]}"; do
  [ -f "$f" ] || continue           # deleted in the work tree, not yet committed
  [ -s "$f" ] || continue           # empty files are fine
  grep -Iq . "$f" || continue       # binary
  while IFS= read -r hit; do
    fail "$f:${hit%%:*}: trailing whitespace"
  done < <(grep -nE '[[:space:]]+$' "$f" | cut -d: -f1 || true)
  if [ -n "$(tail -c 1 "$f")" ]; then
    fail "$f: no newline at end of file"
  fi
done

# --- 2. The include rule -----------------------------------------------------
# Only src/lua/ sees LuaJIT, only src/db/ sees sqlite3 and libpqxx, src/graph/
# is pure (util/ only), src/dialect/ generates SQL without lua/ or db/,
# src/schema/ is plain values (ops/ and util/ only), src/reflect/ reads
# catalogs through db/ without Lua or the runtime, src/autogen/ stays below
# the runtime and the API, and
# src/cli/ is a client of the public API: luamig/…, cli/…, CLI11, nlohmann/json,
# std headers.
is_std_header() {
  # C++ standard headers (<string>, <cstdio>), C headers (<stdio.h>) and the
  # few POSIX headers a terminal program needs (<unistd.h>, <sys/ioctl.h>).
  case "$1" in
    assert.h | ctype.h | errno.h | float.h | inttypes.h | limits.h | locale.h | math.h | \
      signal.h | stdarg.h | stddef.h | stdint.h | stdio.h | stdlib.h | string.h | time.h | \
      unistd.h | fcntl.h | termios.h | sys/ioctl.h | sys/stat.h | sys/types.h)
      return 0 ;;
  esac
  [[ "$1" =~ ^[a-z_0-9]+$ ]]
}

for f in "${files[@]}"; do
  case "$f" in
    src/*.h | src/*.cc | src/*.hpp | src/*.cpp) ;;
    *) continue ;;
  esac
  [ -f "$f" ] || continue
  module=${f#src/}
  module=${module%%/*}
  while IFS= read -r hit; do
    line=${hit%%:*}
    text=${hit#*:}
    if [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*([\"\<])([^\"\>]+)[\"\>] ]]; then
      delim=${BASH_REMATCH[1]}
      header=${BASH_REMATCH[2]}
    else
      continue
    fi
    where="$f:$line"
    case "$header" in
      lua.h | lua.hpp | lauxlib.h | lualib.h | luajit.h | luaconf.h | luajit-2.*/*)
        # (src/luamod/ is the `require "luamig"` module: a Lua C library.)
        [ "$module" = lua ] || [ "$module" = luamod ] ||
          fail "$where: only src/lua/ and src/luamod/ may include <$header>" ;;
      sqlite3.h | pqxx | pqxx/*)
        [ "$module" = db ] || fail "$where: only src/db/ may include <$header>" ;;
    esac
    top=${header%%/*}
    case "$module" in
      graph)
        if [ "$delim" = '"' ] && [ "$top" != "$header" ] && [ -d "src/$top" ] &&
          [ "$top" != graph ] && [ "$top" != util ]; then
          fail "$where: src/graph/ may only include graph/… and util/… (not \"$header\")"
        fi ;;
      dialect)
        if [ "$top" = lua ] || [ "$top" = db ]; then
          fail "$where: src/dialect/ must not include \"$header\""
        fi ;;
      schema)
        if [ "$delim" = '"' ] && [ "$top" != "$header" ] && [ -d "src/$top" ] &&
          [ "$top" != schema ] && [ "$top" != ops ] && [ "$top" != util ]; then
          fail "$where: src/schema/ may only include schema/…, ops/… and util/… (not \"$header\")"
        fi ;;
      reflect)
        if [ "$top" = lua ] || [ "$top" = runtime ] || [ "$top" = api ]; then
          fail "$where: src/reflect/ must not include \"$header\""
        fi ;;
      autogen)
        if [ "$top" = runtime ] || [ "$top" = api ] || [ "$top" = cli ]; then
          fail "$where: src/autogen/ must not include \"$header\""
        fi ;;
      cli)
        if [ "$delim" = '"' ]; then
          [ "$top" = luamig ] || [ "$top" = cli ] ||
            fail "$where: src/cli/ may only include luamig/… and cli/… (not \"$header\")"
        else
          [ "$top" = CLI ] || [ "$top" = nlohmann ] || is_std_header "$header" ||
            fail "$where: src/cli/ may only include CLI11, nlohmann/json and standard headers (not <$header>)"
        fi ;;
    esac
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$f" || true)
done

# --- 3. Test names ------------------------------------------------------------
while IFS= read -r hit; do
  fail "${hit%%:TEST_CASE*}: a test name must not start with '-' (ctest passes it as an argument)"
done < <(grep -rnE 'TEST_CASE\("-' tests --include='*.cc' || true)

# --- 4. Licence tags -----------------------------------------------------------
# The comment syntax per kind of file; the line may follow a #! line, a
# ---@meta line or a revision script's doc comment, hence "first three lines".
spdx_comment() {
  case "$1" in
    *.cc | *.h | *.cpp | *.hpp | *.h.in) echo '//' ;;
    *.lua) echo '--' ;;
    *.sh | *.py | *.cmake | *.cmake.in | *.pc.in | */CMakeLists.txt | CMakeLists.txt | .ci/run) echo '#' ;;
  esac
}
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  comment=$(spdx_comment "$f")
  [ -n "$comment" ] || continue
  head -n 3 "$f" | grep -qxF -e "$comment SPDX-License-Identifier: MIT" ||
    fail "$f:1: no '$comment SPDX-License-Identifier: MIT' line in the first three lines"
done

if [ "$failures" -ne 0 ]; then
  echo "lint: $failures problem(s)" >&2
  exit 1
fi
echo "lint: ok (${#files[@]} files)"
