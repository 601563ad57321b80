// SPDX-License-Identifier: MIT
// Files luamig writes are complete or absent: a write that fails part-way
// (here: a file-size limit of zero, as a full disk would) leaves nothing a
// later run could load, and init can simply be run again (issue 12, item 5).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/run_binary.h"
#include "support/temp_project.h"

using luamig::testing::RunLuamig;
using luamig::testing::ShellQuote;
using luamig::testing::TempProject;

namespace {

namespace fs = std::filesystem;

// `luamig args` in `dir` with writes limited to zero bytes (SIGXFSZ
// ignored, so write() fails with EFBIG instead of killing the process).
int RunWithoutDiskSpace(const std::string& dir, const std::string& args) {
  std::string cmd = "cd " + ShellQuote(dir) + " && ulimit -f 0 && trap '' XFSZ && " +
                    ShellQuote(LUAMIG_BINARY) + " " + args + " >/dev/null 2>&1";
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(".run", 0) != 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a revision that cannot be written in full leaves no script behind",
          "[e2e][atomic]") {
  TempProject p;
  p.Write("luamig.lua", "");
  REQUIRE(RunLuamig(p.Path(), {"revision", "-m", "first", "--rev-id", "a1"}).exit_code ==
          0);
  CHECK(RunWithoutDiskSpace(p.Path(), "revision -m second --rev-id b2") != 0);
  std::vector<std::string> files = Entries(p.Path("versions"));
  REQUIRE(files.size() == 1);
  CHECK(files[0].find("a1") != std::string::npos);
  auto up = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(up.err);
  CHECK(up.exit_code == 0);
  CHECK(RunLuamig(p.Path(), {"revision", "-m", "second", "--rev-id", "b2"}).exit_code ==
        0);
}

TEST_CASE("an init that fails part-way can be run again", "[e2e][atomic]") {
  TempProject p;
  fs::remove_all(p.Path("versions"));
  CHECK(RunWithoutDiskSpace(p.Path(), "init .") != 0);
  CHECK_FALSE(p.Exists("luamig.lua"));
  std::vector<std::string> left = Entries(p.Path());
  for (const auto& name : left) CHECK(name.find("luamig-tmp") == std::string::npos);
  auto again = RunLuamig(p.Path(), {"init", "."});
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(p.Read("luamig.lua").size() > 10);
  CHECK(RunLuamig(p.Path(), {"heads"}).exit_code == 0);
}
