#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/graph: luamig vs Alembic on the same generated 1,000- and
# 10,000-revision histories: `heads`, `history`, and `upgrade head` of no-op
# revisions on a fresh SQLite file. Builds nothing.
#
#   LUAMIG=path/to/luamig  (default: build-release/luamig, then build/luamig)
#   RUNS=3                 best of RUNS per measurement
#   SIZES="1000 10000"     history sizes
#   BENCH_DIR=dir          where histories and databases go (default: a fresh
#                          directory on /dev/shm when writable, so the table
#                          shows the tools' work rather than the disk's fsync
#                          latency; luamig commits once per migration by
#                          default, Alembic's generic env.py once per run)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

luamig=${LUAMIG:-}
if [[ -z $luamig ]]; then
  for cand in "$repo/build-release/luamig" "$repo/build/luamig"; do
    if [[ -x $cand ]]; then luamig=$cand; break; fi
  done
fi
if [[ -z $luamig || ! -x $luamig ]]; then
  echo "bench/graph: no luamig binary; set LUAMIG or build build-release/luamig" >&2
  exit 2
fi

# The Python that has alembic (Debian's package lives in /usr/bin/python3).
alembic_py=
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import alembic, sqlalchemy' 2>/dev/null; then
    alembic_py=$(command -v "$py"); break
  fi
done
if [[ -z $alembic_py ]]; then
  echo "bench/graph: alembic is not importable (apt-get install alembic)" >&2
  exit 2
fi

runs=${RUNS:-3}
sizes=${SIZES:-1000 10000}
tmp_root=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && tmp_root=/dev/shm
dir=${BENCH_DIR:-$(mktemp -d "$tmp_root/luamig-bench.XXXXXX")}
cleanup() { [[ -n ${BENCH_DIR:-} ]] || rm -rf "$dir"; }
trap cleanup EXIT

echo "luamig:  $luamig ($("$luamig" --version 2>/dev/null || echo '?'))"
echo "alembic: $("$alembic_py" -c 'import alembic; print(alembic.__version__)') via $alembic_py"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); best of $runs; dir $dir"
histories=()
for n in $sizes; do
  python3 "$here/gen_history.py" "$n" "$dir/h$n" --seed "$n"
  histories+=("$n=$dir/h$n")
done
echo
python3 "$here/bench.py" --luamig "$luamig" --alembic "$alembic_py -m alembic" \
  --runs "$runs" "${histories[@]}"
echo
echo "ratio = alembic / luamig (higher is better for luamig); cpu = user+sys of the process"
