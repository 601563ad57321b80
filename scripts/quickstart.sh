#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# From a fresh checkout to a migrated database in one command:
#   installs missing build dependencies (Debian packages, only when missing),
#   builds luamig (Release) into build-release/, then runs
#   `luamig upgrade head` and `luamig current` in the repository root, which
#   migrates the shipped versions/ into the embedded default sqlite:///luamig.db.
# Safe to run again: a second run builds nothing and applies nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/packages.sh
source scripts/packages.sh
install_missing quickstart "${LUAMIG_BUILD_PACKAGES[@]}"

if [ ! -f build-release/CMakeCache.txt ]; then
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLUAMIG_BUILD_TESTS=OFF
fi
cmake --build build-release -j"$(nproc)"

./build-release/luamig upgrade head
./build-release/luamig current
