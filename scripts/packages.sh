# SPDX-License-Identifier: MIT
# Sourced by quickstart.sh and test.sh: installs the Debian packages given as
# arguments that are not installed yet (apt-get runs only when one is missing).
# Usage: install_missing TAG PACKAGE...
install_missing() {
  local tag=$1 missing=() p
  shift
  for p in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "$tag: installing ${missing[*]}"
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      echo "$tag: missing packages (${missing[*]}); run as root or install them" >&2
      return 1
    fi
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# What building luamig needs; test.sh adds the test tools.
LUAMIG_BUILD_PACKAGES=(libluajit-5.1-dev libpqxx-dev libspdlog-dev libsqlite3-dev libcli11-dev
                       nlohmann-json3-dev
                       cmake make g++ pkg-config)
