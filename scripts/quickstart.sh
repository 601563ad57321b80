#!/usr/bin/env bash
# From a fresh checkout to a migrated database in one command:
#   installs missing build dependencies (Debian packages, only when missing),
#   builds luamig (Release) into build-release/, then runs
#   `luamig upgrade head` and `luamig current` in the repository root, which
#   migrates the shipped versions/ into the embedded default sqlite:///luamig.db.
# Safe to run again: a second run builds nothing and applies nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(libluajit-5.1-dev libpqxx-dev libspdlog-dev libsqlite3-dev libcli11-dev
          cmake make g++ pkg-config)

install_missing() {
  local missing=() p
  for p in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "quickstart: installing ${missing[*]}"
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      echo "quickstart: missing packages (${missing[*]}); run as root or install them" >&2
      return 1
    fi
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

install_missing "${packages[@]}"

if [ ! -f build-release/CMakeCache.txt ]; then
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DLUAMIG_BUILD_TESTS=OFF
fi
cmake --build build-release -j"$(nproc)"

./build-release/luamig upgrade head
./build-release/luamig current
