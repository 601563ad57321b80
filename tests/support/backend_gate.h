// SPDX-License-Identifier: MIT
// Which database backends a test binary runs its tests on, and what happens
// to a PostgreSQL test when there is no server.
//
// tests/CMakeLists.txt registers every binary twice with ctest:
//   "<binary>: <case>"       cases not tagged [pg], with --luamig-backend sqlite
//   "<binary> [pg]: <case>"  cases tagged [pg] or [backends], with
//                            --luamig-backend postgresql
// A [backends] case runs on Backends() (one backend per ctest entry). An entry
// run with --luamig-backend postgresql exits 77, which ctest reports as
// skipped, when LUAMIG_TEST_PG_URL is not set — unless
// LUAMIG_TEST_PG_REQUIRED=1 (scripts/test.sh sets it when it started a
// server), where it fails instead. With the URL set and the server
// unreachable, the cases fail on connecting.
#ifndef LUAMIG_TESTS_SUPPORT_BACKEND_GATE_H_
#define LUAMIG_TESTS_SUPPORT_BACKEND_GATE_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

namespace luamig::testing {

/// The exit status ctest maps to "skipped" (SKIP_RETURN_CODE).
constexpr int kSkipped = 77;

/// The PostgreSQL server of scripts/test.sh, or "".
inline std::string PgTestUrl() {
  const char* url = std::getenv("LUAMIG_TEST_PG_URL");
  return url ? url : "";
}

/// Whether the environment promised a PostgreSQL server.
inline bool PgRequired() {
  const char* v = std::getenv("LUAMIG_TEST_PG_REQUIRED");
  return v != nullptr && std::string(v) == "1";
}

/// --luamig-backend as given to the binary ("" when absent).
inline std::string& SelectedBackend() {
  static std::string backend;
  return backend;
}

/// The backends a [backends] case runs on: the selected one, or (run by
/// hand) "sqlite", then "postgresql" when LUAMIG_TEST_PG_URL is set.
inline std::vector<std::string> Backends() {
  if (!SelectedBackend().empty()) return {SelectedBackend()};
  std::vector<std::string> out{"sqlite"};
  if (!PgTestUrl().empty()) out.push_back("postgresql");
  return out;
}

/// The server URL; fails the test when there is none (only reachable when a
/// [pg] case is named by hand without a server: ctest skips it before).
inline std::string RequirePgUrl() {
  std::string url = PgTestUrl();
  if (url.empty()) FAIL("this test needs PostgreSQL: set LUAMIG_TEST_PG_URL");
  return url;
}

}  // namespace luamig::testing

/// A Catch2 GENERATE over Backends().
#define LUAMIG_BACKEND() GENERATE(from_range(::luamig::testing::Backends()))

#endif  // LUAMIG_TESTS_SUPPORT_BACKEND_GATE_H_
