#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that need no compiler, over the files git tracks:
#   1. text hygiene: no trailing whitespace, a final newline;
#   2. the dependency rule declared in cmake/LuamigModules.cmake (which
#      module may include which modules' and libraries' headers), so a
#      layering slip fails here before it reaches a compiler;
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

# --- 2. The dependency rule ---------------------------------------------------
# Read from cmake/LuamigModules.cmake, the declaration CMake builds the modules
# from: luamig_rule(MODULE [USES module...] [SEES library...]). A file in
# src/MODULE/ may include MODULE's own headers, those of the modules after
# USES, the public luamig/… headers, and of the third-party libraries only
# those after SEES. A module with no USES (src/cli/, src/luamod/) is a client
# of the public API: besides its SEES libraries it includes only standard
# headers and the few POSIX ones a terminal program needs. (The compiler
# enforces the transitive form of the same rule: tests/boundaries.)
declare -A rule_uses rule_sees
while IFS= read -r line; do
  line=${line%%#*}
  [[ "$line" =~ ^[[:space:]]*luamig_rule\(([a-z_0-9]+)([^\)]*)\) ]] || continue
  name=${BASH_REMATCH[1]}
  mode=uses
  rule_uses[$name]=" "
  rule_sees[$name]=" "
  for word in ${BASH_REMATCH[2]}; do
    case "$word" in
      USES) mode=uses ;;
      SEES) mode=sees ;;
      *) if [ "$mode" = uses ]; then rule_uses[$name]+="$word "; else rule_sees[$name]+="$word "; fi ;;
    esac
  done
done <cmake/LuamigModules.cmake

# C++ standard headers (<string>, <cstdio>), C headers (<stdio.h>) and the
# few POSIX headers a terminal program needs (<unistd.h>, <sys/ioctl.h>).
is_std_header() {
  case "$1" in
    assert.h | ctype.h | errno.h | float.h | inttypes.h | limits.h | locale.h | math.h | \
      signal.h | stdarg.h | stddef.h | stdint.h | stdio.h | stdlib.h | string.h | time.h | \
      unistd.h | fcntl.h | termios.h | sys/ioctl.h | sys/stat.h | sys/types.h)
      return 0 ;;
  esac
  [[ "$1" =~ ^[a-z_0-9]+$ ]]
}

# The library a header belongs to (names as in cmake/LuamigModules.cmake).
library_of() {
  case "$1" in
    lua.h | lua.hpp | lauxlib.h | lualib.h | luajit.h | luaconf.h | luajit-2.*/*) echo luajit ;;
    sqlite3.h | sqlite3ext.h) echo sqlite3 ;;
    pqxx | pqxx/* | libpq-fe.h | postgresql/*) echo pqxx ;;
    spdlog/* | fmt/*) echo spdlog ;;
    CLI/*) echo cli11 ;;
    nlohmann/*) echo json ;;
    dlfcn.h) echo dl ;;
  esac
}

for f in "${files[@]}"; do
  case "$f" in
    src/*/*.h | src/*/*.cc | src/*/*.hpp | src/*/*.cpp) ;;
    *) continue ;;
  esac
  [ -f "$f" ] || continue
  module=${f#src/}
  module=${module%%/*}
  if [ -z "${rule_uses[$module]+set}" ]; then
    fail "$f:1: src/$module/ has no luamig_rule($module …) in cmake/LuamigModules.cmake"
    continue
  fi
  while IFS= read -r hit; do
    line=${hit%%:*}
    text=${hit#*:}
    [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*([\"\<])([^\"\>]+)[\"\>] ]] || continue
    delim=${BASH_REMATCH[1]}
    header=${BASH_REMATCH[2]}
    where="$f:$line"
    library=$(library_of "$header")
    if [ -n "$library" ]; then
      [[ "${rule_sees[$module]}" == *" $library "* ]] ||
        fail "$where: src/$module/ may not include <$header> ($library is not in its SEES list in cmake/LuamigModules.cmake)"
      continue
    fi
    if [ "$delim" = '<' ] && [ "${rule_uses[$module]}" = " " ] && ! is_std_header "$header"; then
      fail "$where: src/$module/ is a client of the public API: only standard headers and its SEES libraries (not <$header>)"
      continue
    fi
    top=${header%%/*}
    if [ "$delim" = '"' ] && [ "${rule_uses[$module]}" = " " ] && [ "$top" != luamig ] &&
      [ "$top" != "$module" ]; then
      fail "$where: src/$module/ is a client of the public API: only luamig/… and $module/… (not \"$header\")"
      continue
    fi
    [ "$top" != "$header" ] && [ -d "src/$top" ] || continue
    [ "$top" = "$module" ] && continue
    [[ "${rule_uses[$module]}" == *" $top "* ]] ||
      fail "$where: src/$module/ may not include \"$header\" ($top is not in its USES list in cmake/LuamigModules.cmake)"
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
