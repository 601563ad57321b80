// SPDX-License-Identifier: MIT
// Terminal versus pipe: under a pseudo-terminal (`script` from bsdutils) a
// step shows as it starts, with a live elapsed time, in colour; in a pipe
// there are plain lines only; NO_COLOR and TERM=dumb are respected.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::ShellQuote;
using testing::TempProject;

// A step that takes about a second: the live line is redrawn meanwhile.
void WriteSlowRevision(const TempProject& p) {
  testing::WriteThreeRevisions(p);
  p.Write(
      "versions/004_d4_slow.lua",
      testing::Script("d4", "c3",
                      "op.execute(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                      "SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c\")",
                      "", "Slow step"));
}

// `luamig args` on a pseudo-terminal with `env` ("K=V ..."): what it showed.
// `redirect` (">out.txt", "2>err.txt") sends one stream elsewhere instead.
std::string RunOnTerminal(const TempProject& p, const std::vector<std::string>& args,
                          const std::string& env, int* code,
                          const std::string& redirect = "") {
  std::string inner =
      "env -u DATABASE_URL -u NO_COLOR " + env + " " + std::string(LUAMIG_BINARY);
  for (const auto& a : args) inner += " " + ShellQuote(a);
  if (!redirect.empty()) inner += " " + redirect;
  std::string out = p.Path(".pty.out");
  std::string cmd = "cd " + ShellQuote(p.Path()) + " && script -qec " +
                    ShellQuote(inner) + " /dev/null >" + ShellQuote(out) +
                    " 2>&1 </dev/null";
  int status = std::system(cmd.c_str());
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream f(out, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST_CASE(
    "on a terminal each step shows as it starts, with a live elapsed time, in colour",
    "[e2e][terminal]") {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    FAIL("`script` (bsdutils) is needed for the pseudo-terminal tests");
  }
  TempProject p;
  WriteSlowRevision(p);
  int code = -1;
  std::string shown = RunOnTerminal(p, {"upgrade", "head"}, "TERM=xterm", &code);
  INFO(shown);
  CHECK(code == 0);
  // Shown as it starts, then redrawn with the time it has taken so far.
  CHECK_THAT(shown,
             Catch::Contains("\x1b[36m~\x1b[0m [4/4] upgrade d4  Slow step  0.0s"));
  CHECK_THAT(shown, Catch::Contains("[4/4] upgrade d4  Slow step  0.2s"));
  CHECK(Count(shown, "\r\x1b[K") >= 6);
  CHECK_THAT(shown, Catch::Contains("\x1b[32m+\x1b[0m upgrade d4  Slow step"));
  CHECK_THAT(shown, Catch::Contains("Done: 4 migration(s) applied"));
}

TEST_CASE("NO_COLOR and TERM=dumb turn colour (and for dumb, redraws) off",
          "[e2e][terminal]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  int code = -1;
  std::string no_color =
      RunOnTerminal(p, {"upgrade", "b2"}, "TERM=xterm NO_COLOR=1", &code);
  CHECK(code == 0);
  CHECK(no_color.find("\x1b[3") == std::string::npos);
  CHECK_THAT(no_color, Catch::Contains("\r\x1b[K"));  // still live
  std::string dumb = RunOnTerminal(p, {"upgrade", "head"}, "TERM=dumb", &code);
  INFO(dumb);
  CHECK(code == 0);
  CHECK(dumb.find('\x1b') == std::string::npos);
  std::string lines = dumb;  // the terminal ends lines with \r\n: nothing else
  for (size_t at; (at = lines.find("\r\n")) != std::string::npos;) lines.erase(at, 1);
  CHECK(lines.find('\r') == std::string::npos);
  CHECK_THAT(dumb, Catch::Contains("+ upgrade c3  Create tags"));
}

TEST_CASE("colour on stderr follows whether stderr is a terminal, not stdout",
          "[e2e][terminal]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  const std::string red_error = "\x1b[31;1merror:\x1b[0m";
  int code = -1;
  // stdout to a file, stderr on the screen: the error is red there.
  std::string shown = RunOnTerminal(p, {"show", "zzzz"}, "TERM=xterm", &code, ">out.txt");
  INFO(shown);
  CHECK(code == 2);
  CHECK_THAT(shown, Catch::Contains(red_error));
  // stdout on the screen, stderr to a file: the file gets plain text, and
  // stdout keeps its colour.
  RunOnTerminal(p, {"upgrade", "zzzz"}, "TERM=xterm", &code, "2>err.txt");
  CHECK(code == 2);
  std::string err = p.Read("err.txt");
  INFO(err);
  CHECK_THAT(err, Catch::Contains("error:"));
  CHECK(err.find('\x1b') == std::string::npos);
  shown = RunOnTerminal(p, {"status"}, "TERM=xterm", &code, "2>err.txt");
  CHECK(code == 0);
  CHECK_THAT(shown, Catch::Contains("\x1b[33mPending (3), in order:\x1b[0m"));
  CHECK(p.Read("err.txt").find('\x1b') == std::string::npos);
}

TEST_CASE("in a pipe there are plain lines as steps finish, no escape codes, no redraws",
          "[e2e][terminal]") {
  TempProject p;
  WriteSlowRevision(p);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"}, {"TERM=xterm"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\r') == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(testing::LineCount(r.out) == 5);  // four steps and the summary
  CHECK_THAT(r.out, Catch::StartsWith("  + upgrade a1  Create users  ("));
}

}  // namespace
}  // namespace luamig
