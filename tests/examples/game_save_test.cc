// SPDX-License-Identifier: MIT
// examples/game_save run as a player would: a fresh save is migrated, a
// second start has nothing to do, and a save from a newer build is refused
// and left untouched.
#include <sqlite3.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "api/embed_fixture.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::FileBytes;
using testing::ShellQuote;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

struct Game {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Game RunGame(const TempProject& p, const std::string& save) {
  std::string log = p.Path("game.log");
  std::string cmd = ShellQuote(LUAMIG_GAME_SAVE_BINARY) + " " + ShellQuote(save) + " >" +
                    ShellQuote(log) + " 2>&1 </dev/null";
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, FileBytes(log)};
}

TEST_CASE("the game migrates a fresh save, then finds nothing to do", "[examples]") {
  TempProject p;
  const std::string save = p.Path("slot1.db");
  Game first = RunGame(p, save);
  INFO(first.output);
  CHECK(first.exit_code == 0);
  CHECK(first.output.find("updating save (3 step(s))") != std::string::npos);
  CHECK(first.output.find("[####################] 3/3") != std::string::npos);
  CHECK(SqliteVersions(save) == Strings{"a1b2c3d40003"});
  CHECK_FALSE(std::filesystem::exists(save + ".luamig-backup"));

  Game second = RunGame(p, save);
  CHECK(second.exit_code == 0);
  CHECK(second.output == "save is up to date\n");
}

TEST_CASE("the game refuses a save from a newer build and leaves it untouched",
          "[examples]") {
  TempProject p;
  const std::string save = p.Path("slot2.db");
  REQUIRE(RunGame(p, save).exit_code == 0);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(save.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE luamig_version SET version_num = 'f00dfeed0004'",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  const std::string before = FileBytes(save);

  Game g = RunGame(p, save);
  CHECK(g.exit_code == 3);
  CHECK(g.output.find("written by a newer version of the game (save version "
                      "f00dfeed0004)") != std::string::npos);
  CHECK(FileBytes(save) == before);
}

}  // namespace
}  // namespace luamig
