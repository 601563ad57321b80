// SPDX-License-Identifier: MIT
// Shell completion and the man page, generated from the CLI's own
// definitions: the scripts parse, complete commands and options, and ask the
// project for its environments, revision ids and labels.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
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

void WriteLabelledProject(const TempProject& p) {
  testing::WriteThreeRevisions(p);
  p.Write("luamig.lua",
          "environments = { staging = {}, prod = {} }\n"
          "environment_order = { 'staging', 'prod' }\n");
  p.Write("versions/010_z9_tools.lua",
          "revision = \"z9\"\ndown_revision = nil\nbranch_labels = { \"tools\" }\n"
          "function upgrade(op) end\nfunction downgrade(op) end\n");
}

// scripts/test.sh installs zsh and fish; without them the generated scripts
// cannot be checked, which is a failure, not a pass.
void RequireShell(const std::string& shell) {
  if (std::system(("command -v " + shell + " >/dev/null 2>&1").c_str()) != 0)
    FAIL(shell +
         " is needed to check its completion script (scripts/test.sh installs it)");
}

// Sources the bash script in `p` and completes the words (the last is the
// one being typed); returns COMPREPLY one per line.
std::string BashComplete(const TempProject& p, const std::string& script,
                         const std::vector<std::string>& words) {
  std::string list;
  for (const auto& w : words) list += " " + ShellQuote(w);
  std::string dir = std::filesystem::path(LUAMIG_BINARY).parent_path().string();
  std::string body = "PATH=" + ShellQuote(dir) + ":$PATH; source " + ShellQuote(script) +
                     "; COMP_WORDS=(" + list +
                     "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                     "; _luamig; printf '%s\\n' \"${COMPREPLY[@]}\"";
  std::string out = p.Path(".complete.out");
  std::string cmd = "cd " + ShellQuote(p.Path()) + " && bash -c " + ShellQuote(body) +
                    " >" + ShellQuote(out) + " 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream f(out);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST_CASE("bash completion completes commands, options, environments, revisions, labels",
          "[e2e][completion]") {
  TempProject p;
  WriteLabelledProject(p);
  auto gen = RunLuamig(p.Path(), {"completion", "bash"});
  REQUIRE(gen.exit_code == 0);
  std::string script = p.Write("luamig.bash", gen.out);
  REQUIRE(std::system(("bash -n " + ShellQuote(script)).c_str()) == 0);
  std::string commands = BashComplete(p, script, {"luamig", "up"});
  CHECK(commands == "upgrade\n");
  std::string st = BashComplete(p, script, {"luamig", "st"});
  CHECK_THAT(st, Catch::Contains("status\n"));
  CHECK_THAT(st, Catch::Contains("stamp\n"));
  std::string opts = BashComplete(p, script, {"luamig", "status", "--ex"});
  CHECK(opts == "--exit-code\n");
  std::string envs = BashComplete(p, script, {"luamig", "--env", ""});
  CHECK(envs == "staging\nprod\nall\n");
  std::string revs = BashComplete(p, script, {"luamig", "upgrade", ""});
  CHECK_THAT(revs, Catch::Contains("head\n"));
  CHECK_THAT(revs, Catch::Contains("c3\n"));
  CHECK_THAT(revs, Catch::Contains("z9\n"));
  CHECK_THAT(revs, Catch::Contains("tools@head\n"));
  std::string formats = BashComplete(p, script, {"luamig", "heads", "--format", ""});
  CHECK(formats == "text\njson\n");
  // A flag takes no value: what follows it is completed as usual.
  std::string after_flag = BashComplete(p, script, {"luamig", "upgrade", "--sql", ""});
  CHECK_THAT(after_flag, Catch::Contains("c3\n"));
}

TEST_CASE("completion offers convert's subcommands, then each one's options",
          "[e2e][completion]") {
  TempProject p;
  WriteLabelledProject(p);
  std::string script =
      p.Write("luamig.bash", RunLuamig(p.Path(), {"completion", "bash"}).out);
  CHECK(BashComplete(p, script, {"luamig", "convert", ""}) == "alembic\nverify\n");
  CHECK(BashComplete(p, script, {"luamig", "convert", "alembic", "--ou"}) ==
        "--output\n");
  CHECK(BashComplete(p, script, {"luamig", "convert", "verify", "--keep-s"}) ==
        "--keep-scratch\n");
  std::string opts = BashComplete(p, script, {"luamig", "convert", "alembic", "--"});
  CHECK(opts.find("--help\n") == opts.rfind("--help\n"));  // offered once
  auto man = RunLuamig(p.Path(), {"man"});
  CHECK_THAT(man.out, Catch::Contains(".SS \"convert alembic\""));
  CHECK_THAT(man.out, Catch::Contains(".SS \"convert verify\""));
  RequireShell("fish");
  std::string fish =
      p.Write("luamig.fish", RunLuamig(p.Path(), {"completion", "fish"}).out);
  auto complete = [&](const std::string& line) {
    std::string out = p.Path(".fish.out");
    std::string cmd =
        "fish -c " +
        ShellQuote("source " + ShellQuote(fish) + "; complete -C " + ShellQuote(line)) +
        " >" + ShellQuote(out) + " 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    return p.Read(".fish.out");
  };
  std::string subs = complete("luamig convert ");
  CHECK_THAT(subs, Catch::StartsWith("alembic\t"));
  CHECK_THAT(subs, Catch::Contains("\nverify\t"));
  CHECK_THAT(complete("luamig convert alembic --ou"), Catch::StartsWith("--output\t"));
  CHECK(complete("luamig convert alembic ").find("verify\t") == std::string::npos);
}

TEST_CASE("zsh and fish scripts and the man page list every command",
          "[e2e][completion]") {
  TempProject p;
  WriteLabelledProject(p);
  auto help = RunLuamig(p.Path(), {"--help"});
  auto zsh = RunLuamig(p.Path(), {"completion", "zsh"});
  auto fish = RunLuamig(p.Path(), {"completion", "fish"});
  auto man = RunLuamig(p.Path(), {"man"});
  REQUIRE(zsh.exit_code == 0);
  REQUIRE(fish.exit_code == 0);
  REQUIRE(man.exit_code == 0);
  CHECK_THAT(zsh.out, Catch::StartsWith("#compdef luamig"));
  CHECK_THAT(man.out, Catch::StartsWith(".TH LUAMIG 1"));
  for (const char* cmd :
       {"upgrade", "downgrade", "status", "current", "heads", "branches", "history",
        "show", "stamp", "init", "revision", "merge", "check", "completion"}) {
    INFO(cmd);
    CHECK_THAT(help.out, Catch::Contains(cmd));
    CHECK_THAT(zsh.out, Catch::Contains("'" + std::string(cmd) + ":"));
    CHECK_THAT(fish.out, Catch::Contains("-a " + std::string(cmd) + " -d"));
    CHECK_THAT(man.out, Catch::Contains(".SS \"" + std::string(cmd) + "\""));
  }
  CHECK_THAT(man.out, Catch::Contains("\\fB\\-\\-exit\\-code\\fR"));
  CHECK_THAT(fish.out, Catch::Contains("luamig __complete revisions"));
  // The hidden helpers are not offered as commands.
  CHECK(help.out.find("__complete") == std::string::npos);
  RequireShell("zsh");
  std::string zf = p.Write("_luamig", zsh.out);
  CHECK(std::system(("zsh -n " + ShellQuote(zf)).c_str()) == 0);
  RequireShell("fish");
  std::string ff = p.Write("luamig.fish", fish.out);
  CHECK(std::system(("fish -n " + ShellQuote(ff)).c_str()) == 0);
}

}  // namespace
}  // namespace luamig
