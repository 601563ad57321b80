#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Lua module (luamig.so) under the real `luajit` interpreter.
#
#   luamod_test.sh module|example|linkage MODULE_DIR SOURCE_DIR TMP_DIR
#
#   module   runs tests/luamod/module_test.lua
#   example  runs examples/lua_host/main.lua, compares its output with
#            lua_host_expected.txt and reads the databases back with sqlite3
#   linkage  checks that luamig.so brings no LuaJIT of its own: no libluajit
#            in NEEDED, every lua_* symbol undefined (taken from the host),
#            only luaopen_luamig exported
# Exits 77 (skipped) when luajit, sqlite3 or binutils are missing.
set -euo pipefail
mode=$1 module_dir=$2 source_dir=$3 tmp=$4

need() {
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "skipped: $tool is not installed (Debian package: ${tool/readelf/binutils})"
      exit 77
    fi
  done
}

rm -rf "$tmp"
mkdir -p "$tmp"
# Run from a directory without a luamig.lua, and with a package.path that
# cannot find one: `require "luamig"` must load the C module.
cd "$tmp"
export LUA_CPATH="$module_dir/?.so" LUA_PATH="$tmp/?.lua"

sql() { sqlite3 "$1" "$2" | tr '\n' ' ' | sed 's/ $//'; }

expect_eq() {  # what got want
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: got '$2', want '$3'"
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}

case "$mode" in
  module)
    need luajit sqlite3
    exec luajit "$source_dir/tests/luamod/module_test.lua" "$tmp"
    ;;
  example)
    need luajit sqlite3
    failures=0
    luajit "$source_dir/examples/lua_host/main.lua" "$tmp/save.db" >out.txt
    if diff -u "$source_dir/tests/luamod/lua_host_expected.txt" out.txt; then
      echo "ok   output"
    else
      echo "FAIL output differs (above)"
      failures=$((failures + 1))
    fi
    expect_eq "save version" "$(sql save.db 'SELECT version_num FROM luamig_version')" \
      5a7e00000002
    expect_eq "save rows" "$(sql save.db 'SELECT name, gold FROM player')" "hero|50"
    expect_eq "failed step rolled back" \
      "$(sql save.db "SELECT count(*) FROM pragma_table_info('player') WHERE name = 'level'")" 0
    expect_eq "content version" \
      "$(sql save_content.db 'SELECT version_num FROM luamig_version')" c0ffee000002
    expect_eq "content rows" \
      "$(sql save_content.db 'SELECT name, rarity FROM items ORDER BY id')" \
      "sword|rare shield|common potion|common"
    # A second start finds both databases current.
    luajit "$source_dir/examples/lua_host/main.lua" "$tmp/save.db" >again.txt
    expect_eq "second run, save" "$(grep -c '^\[save\] 5a7e00000002 -> 5a7e00000002 (0 step(s))$' again.txt)" 1
    expect_eq "second run, content" "$(grep -c '^\[content\] c0ffee000002 -> c0ffee000002 (0 step(s))$' again.txt)" 1
    echo "$failures failed"
    [ "$failures" -eq 0 ]
    ;;
  linkage)
    need readelf nm luajit
    failures=0
    so="$module_dir/luamig.so"
    expect_eq "no libluajit in NEEDED" "$(readelf -d "$so" | grep -c 'NEEDED.*luajit' || true)" 0
    expect_eq "no lua_* defined" \
      "$(nm -D --defined-only "$so" | grep -cE ' (lua|luaL|luaJIT)_' || true)" 0
    expect_eq "lua_* taken from the host" \
      "$(nm -D --undefined-only "$so" | grep -cE ' U (lua_pushstring|luaL_newstate)$' || true)" 2
    expect_eq "exports" "$(nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }')" \
      luaopen_luamig
    expect_eq "loads in luajit" \
      "$(luajit -e 'io.write(type(require("luamig").open))')" function
    echo "$failures failed"
    [ "$failures" -eq 0 ]
    ;;
  *)
    echo "usage: $0 module|example|linkage MODULE_DIR SOURCE_DIR TMP_DIR" >&2
    exit 2
    ;;
esac
