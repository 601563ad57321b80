// SPDX-License-Identifier: MIT
// The command line in-process: RunCli keeps no state between calls, and the
// progress renderer's pieces.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/progress.h"
#include "support/cli_project.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::TempProject;
using Strings = std::vector<std::string>;

int Run(std::vector<std::string> args) {
  args.insert(args.begin(), "luamig");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return cli::RunCli(static_cast<int>(args.size()), argv.data());
}

TEST_CASE("RunCli runs twice in one process with different options", "[cli]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  std::string url = p.SqliteUrl("twice.db");
  // A first call with -q, a target and --sql must leave nothing behind for
  // the second, which has none of them.
  CHECK(Run({"-q", "-c", p.Path("luamig.lua"), "--url", url, "upgrade", "b2"}) == 0);
  CHECK(testing::SqliteVersions(p.Path("twice.db")) == Strings{"b2"});
  CHECK(Run({"-c", p.Path("luamig.lua"), "--url", url, "upgrade", "head", "-q"}) == 0);
  CHECK(testing::SqliteVersions(p.Path("twice.db")) == Strings{"c3"});
  CHECK(Run({"-c", p.Path("luamig.lua"), "--url", url, "status", "--exit-code", "-q"}) ==
        0);
  CHECK(Run({"-c", p.Path("luamig.lua"), "--url", url, "downgrade", "-1", "-q"}) == 0);
  CHECK(Run({"-c", p.Path("luamig.lua"), "--url", url, "status", "--exit-code", "-q"}) ==
        3);
  CHECK(Run({"-q", "upgrde"}) == 2);
}

TEST_CASE("the progress bar shows share, counts, rate and time left", "[cli][progress]") {
  cli::ProgressState s;
  s.done = 50;
  s.total = 200;
  s.rate = 25;
  std::string bar = cli::ProgressBar(s, 60);
  CHECK_THAT(bar, Catch::StartsWith("[#######"));
  CHECK_THAT(bar, Catch::Contains(" 25%"));
  CHECK_THAT(bar, Catch::Contains("50/200"));
  CHECK_THAT(bar, Catch::Contains("25/s"));
  CHECK_THAT(bar, Catch::Contains("ETA 6s"));
  CHECK(bar.size() <= 60);
  // Without a total there is no bar, only the count.
  s.total = 0;
  CHECK(cli::ProgressBar(s, 60) == "  50  25/s");
  // A narrow terminal drops the bar before the numbers.
  s.total = 200;
  CHECK(cli::ProgressBar(s, 30).find('[') == std::string::npos);
}

TEST_CASE("elapsed times read as seconds, then minutes", "[cli][progress]") {
  using std::chrono::milliseconds;
  CHECK(cli::Elapsed(milliseconds(400)) == "0.4s");
  CHECK(cli::Elapsed(milliseconds(12000)) == "12.0s");
  CHECK(cli::Elapsed(milliseconds(125000)) == "2m05s");
}

}  // namespace
}  // namespace luamig
