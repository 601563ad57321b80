// SPDX-License-Identifier: MIT
// `luamig check` on a SQLite project: exit 0 when the applied scripts are
// unchanged, exit 1 listing what changed or what no script defines.
#include <catch2/catch.hpp>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::TempProject;

TEST_CASE("check exits 0 when every applied script is unchanged", "[e2e][check]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "b2"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"check"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("OK: 2 applied revision(s) match their scripts"));
}

TEST_CASE("check exits 1 and names an applied script edited afterwards", "[e2e][check]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  p.Write("versions/002_b2_posts.lua",
          p.Read("versions/002_b2_posts.lua") + "-- edited\n");
  auto r = RunLuamig(p.Path(), {"check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("changed: b2"));
  CHECK_THAT(r.out, Catch::Contains("002_b2_posts.lua"));
  CHECK_THAT(r.out, Catch::Contains("FAILED"));
}

TEST_CASE("check and downgrade handle a database ahead of the checked-out scripts",
          "[e2e][check]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  std::filesystem::remove(p.Path("versions/003_c3_tags.lua"));
  auto check = RunLuamig(p.Path(), {"check"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("unknown: c3"));
  CHECK_THAT(check.out, Catch::Contains("Create tags"));
  auto down = RunLuamig(p.Path(), {"downgrade", "b2"});
  INFO(down.out << down.err);
  CHECK(down.exit_code == 0);
  CHECK_THAT(down.err,
             Catch::Contains("warning: revision c3 is not defined by any script"));
  CHECK(RunLuamig(p.Path(), {"check"}).exit_code == 0);
}

}  // namespace
}  // namespace luamig
