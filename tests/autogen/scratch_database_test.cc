// SPDX-License-Identifier: MIT
// Scratch databases for luamig test: where they go and that they go away.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "autogen/scratch_database.h"
#include "support/backends.h"

namespace luamig::autogen {
namespace {

TEST_CASE("a scratch URL names the new database, whatever the URL holds", "[autogen]") {
  CHECK(WithDatabase("postgresql://u:p@h:5432/postgres", "x") == "postgresql://u:p@h:5432/x");
  CHECK(WithDatabase("postgresql://u:p@h/postgres?sslmode=disable", "x") ==
        "postgresql://u:p@h/x?sslmode=disable");
  CHECK(WithDatabase("postgresql://u:p@h", "x") == "postgresql://u:p@h/x");
  CHECK(WithDatabase("postgresql://u:p@h?sslmode=disable", "x") ==
        "postgresql://u:p@h/x?sslmode=disable");
  CHECK(WithDatabase("postgresql://u:pa/ss@h/db", "x") == "postgresql://u:pa/ss@h/x");
  CHECK(WithDatabase("postgresql:///db?host=/tmp", "x") == "postgresql:///x?host=/tmp");
}

TEST_CASE("a temporary SQLite scratch file is removed afterwards", "[autogen]") {
  std::string file;
  {
    auto s = ScratchDatabase::Create("");
    REQUIRE(s.ok());
    CHECK((*s)->dialect() == "sqlite");
    file = (*s)->url().substr(std::string("sqlite:///").size());
    std::ofstream(file) << "x";
    REQUIRE(std::filesystem::exists(file));
  }
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("an existing SQLite file is never a scratch database", "[autogen]") {
  testing::TempProject p;
  p.Write("app.db", "precious");
  auto s = ScratchDatabase::Create(p.SqliteUrl("app.db"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kUsage);
  CHECK(p.Read("app.db") == "precious");
}

}  // namespace
}  // namespace luamig::autogen
