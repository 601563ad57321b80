// SPDX-License-Identifier: MIT
// The command line in-process: RunCli keeps no state between calls, and the
// progress renderer's pieces.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>
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

StepInfo Backfill() {
  StepInfo step;
  step.revision = "d4";
  step.message = "Backfill scores";
  step.direction = Direction::kUpgrade;
  return step;
}

TEST_CASE("in a pipe, progress reports become an occasional plain line",
          "[cli][progress]") {
  std::ostringstream out, err;
  cli::ProgressPrinter printer(out, err, cli::Terminal{}, /*live=*/false, 1);
  printer.OnStepStarted(Backfill(), 3, 4);
  printer.OnStepProgress({50, 200, 25});  // sooner than the 10 s interval
  CHECK(out.str().empty());
  printer.SetPipeProgressInterval(std::chrono::seconds(0));
  printer.OnStepProgress({100, 200, 25});
  CHECK(out.str().rfind("    [d4]   50%  100/200  25/s  ETA 4s  ", 0) == 0);
  CHECK(out.str().find('\r') == std::string::npos);
  CHECK(out.str().find('\x1b') == std::string::npos);
  printer.OnStepFinished(Backfill(), std::chrono::microseconds(1500));
  CHECK_THAT(out.str(), Catch::Contains("\n  + upgrade d4  Backfill scores  (1.5 ms)\n"));
  CHECK(err.str().empty());
}

TEST_CASE("on a terminal, a progress report redraws the live line with a bar",
          "[cli][progress]") {
  std::ostringstream out, err;
  cli::Terminal t;
  t.stdout_tty = true;
  t.live = true;
  t.width = 100;
  cli::ProgressPrinter printer(out, err, t, /*live=*/true, 1);
  printer.OnStepStarted(Backfill(), 3, 4);
  printer.OnStepProgress({150, 200, 0});  // no rate given: worked out from the time
  std::string shown = out.str();
  CHECK_THAT(shown, Catch::Contains("\r\x1b[K  ~ [4/4] upgrade d4  Backfill scores  "));
  CHECK_THAT(shown, Catch::Contains("s  [#"));
  CHECK_THAT(shown, Catch::Contains("#-"));
  CHECK_THAT(shown, Catch::Contains("-]   75%  150/200  "));
  CHECK_THAT(shown, Catch::Contains("/s  ETA "));
  printer.OnStepFinished(Backfill(), std::chrono::microseconds(2000));
  CHECK_THAT(out.str(), Catch::EndsWith("  + upgrade d4  Backfill scores  (2.0 ms)\n"));
}

TEST_CASE("elapsed times read as seconds, then minutes", "[cli][progress]") {
  using std::chrono::milliseconds;
  CHECK(cli::Elapsed(milliseconds(400)) == "0.4s");
  CHECK(cli::Elapsed(milliseconds(12000)) == "12.0s");
  CHECK(cli::Elapsed(milliseconds(125000)) == "2m05s");
}

}  // namespace
}  // namespace luamig
