#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Formats C++ sources with clang-format (style: .clang-format).
#
#   scripts/format.sh            # tracked *.h/*.cc changed vs origin (work tree included)
#   scripts/format.sh --all      # every tracked *.h/*.cc
#   scripts/format.sh --check    # report files that need formatting, change nothing
#
# "Changed vs origin" means vs the upstream branch, else origin/HEAD or
# origin/main, else (no remote) HEAD, i.e. uncommitted changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all=0
check=0
for arg in "$@"; do
  case "$arg" in
    --all) all=1 ;;
    --check) check=1 ;;
    -h | --help)
      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *)
      echo "format.sh: unknown argument '$arg' (try --help)" >&2
      exit 2 ;;
  esac
done

command -v clang-format >/dev/null || {
  echo "format.sh: clang-format not found (apt-get install clang-format)" >&2
  exit 2
}

if [ "$all" -eq 1 ]; then
  mapfile -t files < <(git ls-files -- '*.h' '*.cc')
else
  base=""
  for ref in '@{upstream}' origin/HEAD origin/main; do
    if git rev-parse --verify --quiet "$ref" >/dev/null 2>&1; then
      base=$(git merge-base HEAD "$ref")
      break
    fi
  done
  [ -n "$base" ] || base=HEAD
  mapfile -t files < <(git diff --name-only --diff-filter=ACMR "$base" -- '*.h' '*.cc')
fi

# Only files that exist and are tracked (generated or deleted ones are skipped).
existing=()
for f in "${files[@]}"; do
  [ -f "$f" ] && existing+=("$f")
done
if [ "${#existing[@]}" -eq 0 ]; then
  echo "format.sh: nothing to format"
  exit 0
fi

if [ "$check" -eq 1 ]; then
  clang-format --dry-run --Werror "${existing[@]}"
  echo "format.sh: ${#existing[@]} file(s) formatted correctly"
else
  clang-format -i "${existing[@]}"
  echo "format.sh: formatted ${#existing[@]} file(s)"
fi
