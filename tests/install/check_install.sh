#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs luamig from an existing build tree into a temporary prefix, builds
# examples/out_of_tree against it with find_package(luamig), runs it twice on
# a fresh SQLite file and checks what it did.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/luamig/luamig.h"
test -f "$work/prefix/lib/cmake/luamig/luamig-config.cmake" \
  || test -f "$work"/prefix/lib/*/cmake/luamig/luamig-config.cmake
pc=$(find "$work/prefix" -name luamig.pc | head -n1)
test -n "$pc"

# The command line with its shell completion and man page, where bash-completion,
# zsh (site-functions; vendor-completions for a /usr prefix), fish and man look.
p=$work/prefix
"$p/bin/luamig" --version | grep -q '^luamig '
test -f "$p/share/bash-completion/completions/luamig"
test -f "$p/share/zsh/site-functions/_luamig" || test -f "$p/share/zsh/vendor-completions/_luamig"
test -f "$p/share/fish/vendor_completions.d/luamig.fish"
head -n1 "$p/share/man/man1/luamig.1" | grep -q '^\.TH LUAMIG 1'
# The installed bash completion works with the installed binary.
words=$(PATH="$p/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(luamig conv); COMP_CWORD=1
  _luamig; printf "%s\n" "${COMPREPLY[@]}"' _ "$p/share/bash-completion/completions/luamig")
[[ "$words" == "convert" ]]

cmake -S "$source_dir/examples/out_of_tree" -B "$work/build" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j2 >/dev/null

first=$("$work/build/migrate_inventory" "$work/inventory.db")
echo "$first"
[[ "$first" == "applied 2 migration(s); at b2c3d4e5f6a7" ]]
second=$("$work/build/migrate_inventory" "$work/inventory.db")
[[ "$second" == "applied 0 migration(s); at b2c3d4e5f6a7" ]]
cols=$(sqlite3 "$work/inventory.db" "SELECT group_concat(name, ',') FROM pragma_table_info('items')")
[[ "$cols" == "id,name,quantity" ]]

# pkg-config sees the same library.
PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs luamig | grep -q -- "-lluamig"
echo "install check passed"
