#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite, as CI runs it (.ci/run calls nothing else):
#   1. installs missing Debian packages (only when something is missing),
#   2. configures and builds into build/ (RelWithDebInfo, tests on),
#   3. runs scripts/lint.sh,
#   4. starts a throwaway PostgreSQL cluster and exports LUAMIG_TEST_PG_URL
#      (and LUAMIG_TEST_PG_REQUIRED=1, so a [pg] test that finds no server
#      fails instead of being skipped),
#   5. runs ctest and exits with its status; the cluster is removed on exit.
#
# Environment:
#   LUAMIG_BUILD_DIR    build directory (default: build)
#   LUAMIG_CMAKE_ARGS   extra configure arguments, e.g. -DLUAMIG_SANITIZE=ON
#   LUAMIG_CTEST_ARGS   extra ctest arguments, e.g. "-R db_tests"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/packages.sh
source scripts/packages.sh
# zsh and fish: the completion tests run the generated scripts in them.
install_missing test.sh "${LUAMIG_BUILD_PACKAGES[@]}" catch2 postgresql sqlite3 alembic python3 python3-psycopg2 luajit \
  zsh fish

# --- Build -------------------------------------------------------------------
build_dir=${LUAMIG_BUILD_DIR:-build}
read -r -a extra_cmake_args <<<"${LUAMIG_CMAKE_ARGS:-}"
configure_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUAMIG_BUILD_TESTS=ON
                "${extra_cmake_args[@]}")
# Configure when the build dir is new or the arguments changed (a cached
# -DLUAMIG_SANITIZE=ON would otherwise outlive the run that asked for it);
# otherwise `cmake --build` re-runs configure by itself when CMake files change.
stamp="$build_dir/.luamig-configure-args"
if [ ! -f "$build_dir/CMakeCache.txt" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${configure_args[*]}" ]; then
  cmake -S . -B "$build_dir" "${configure_args[@]}"
  printf '%s' "${configure_args[*]}" >"$stamp"
fi
cmake --build "$build_dir" -j"$(nproc)"

# --- Lint --------------------------------------------------------------------
scripts/lint.sh

# --- PostgreSQL --------------------------------------------------------------
# shellcheck source=scripts/pg_cluster.sh
source scripts/pg_cluster.sh
# Cleanup ignores further signals so a second INT/TERM cannot cut it short.
trap 'trap "" INT TERM HUP; pg_cluster_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
pg_cluster_start
export LUAMIG_TEST_PG_URL="$PG_CLUSTER_URL"
export LUAMIG_TEST_PG_REQUIRED=1
echo "test.sh: PostgreSQL on ${PG_CLUSTER_URL%%:*}://luamig:***@${PG_CLUSTER_URL#*@}"

# --- Tests -------------------------------------------------------------------
read -r -a extra_ctest_args <<<"${LUAMIG_CTEST_ARGS:-}"
cd "$build_dir"
status=0
ctest --output-on-failure -j2 --timeout 300 "${extra_ctest_args[@]}" || status=$?
exit "$status"
