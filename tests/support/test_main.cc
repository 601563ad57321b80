// SPDX-License-Identifier: MIT
// Catch2 main for every test binary, with the backend gate of
// support/backend_gate.h: --luamig-backend picks the backend of [backends]
// cases, and a PostgreSQL entry without a server is skipped (exit 77) or, when
// a server was promised, fails.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "support/backend_gate.h"

namespace {

using luamig::testing::PgRequired;
using luamig::testing::PgTestUrl;

// The status to exit with before running anything, or -1 to run.
int GateExit(const std::string& backend) {
  if (backend.empty() || backend == "sqlite") return -1;
  if (backend != "postgresql") {
    std::cerr << "--luamig-backend: expected sqlite or postgresql, got '" << backend
              << "'\n";
    return 2;
  }
  if (!PgTestUrl().empty()) return -1;
  if (PgRequired()) {
    std::cerr << "FAILED: LUAMIG_TEST_PG_REQUIRED=1 promised a PostgreSQL server, "
                 "but LUAMIG_TEST_PG_URL is not set\n";
    return 1;
  }
  std::cerr << "skipped: this test needs PostgreSQL (LUAMIG_TEST_PG_URL is not set)\n";
  return luamig::testing::kSkipped;
}

}  // namespace

int main(int argc, char* argv[]) {
  // Test binaries live in build/tests/, away from the backend modules the
  // build puts next to the luamig binary: point the loader there (unless the
  // caller chose another directory).
  setenv("LUAMIG_BACKEND_DIR", LUAMIG_BACKEND_DIR_FOR_TESTS, /*overwrite=*/0);
  Catch::Session session;
  std::string& backend = luamig::testing::SelectedBackend();
  using Catch::clara::Opt;
  session.cli(session.cli() |
              Opt(backend, "sqlite|postgresql")["--luamig-backend"](
                  "run [backends] cases on this backend only (postgresql: exit 77 "
                  "without LUAMIG_TEST_PG_URL)"));
  int rc = session.applyCommandLine(argc, argv);
  if (rc != 0) return rc;
  if (int gate = GateExit(backend); gate >= 0) return gate;
  // Run by hand without a server and without a test spec: leave out what
  // cannot run, and say so.
  Catch::ConfigData data = session.configData();
  if (backend.empty() && PgTestUrl().empty() && data.testsOrTags.empty() &&
      !data.listTests && !data.listTestNamesOnly && !data.listTags) {
    std::cerr << "note: LUAMIG_TEST_PG_URL is not set; [pg] cases are left out\n";
    data.testsOrTags.push_back("~[pg]");
    session.useConfigData(data);
  }
  return session.run();
}
