// SPDX-License-Identifier: MIT
// SQL run by luamig on SQLite stays inside the database file unless the
// project opts in: ATTACH and VACUUM INTO of a file, PRAGMA writable_schema
// are refused with a reason and create nothing (issue 12, item 7).
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::Script;
using testing::TempProject;

// `transactional = false`: VACUUM cannot run inside a transaction.
Status Upgrade(const TempProject& p, const std::string& body, bool trusted = false) {
  MigratorOptions o = MemoryOptions(
      p, {{"001.lua", Script("r1", "", body, "") + "transactional = false\n"}});
  o.config.sqlite_trusted_scripts = trusted;
  auto m = OpenOrFail(std::move(o));
  auto run = m->Upgrade("head");
  return run.ok() ? Status::Ok() : run.status();
}

}  // namespace

TEST_CASE("SQLite scripts cannot attach, or vacuum into, another file", "[db][sqlite]") {
  TempProject p;
  const std::string target = p.Path("elsewhere.db");
  for (const std::string& sql :
       {"ATTACH DATABASE '" + target + "' AS other", "VACUUM INTO '" + target + "'"}) {
    INFO(sql);
    Status s = Upgrade(p, "op.execute(\"" + sql + "\")");
    REQUIRE_FALSE(s.ok());
    CHECK(s.message().find("may not create or write other files") != std::string::npos);
    CHECK(s.message().find("sqlite_trusted_scripts") != std::string::npos);
    CHECK(s.file() == "001.lua");
    CHECK_FALSE(std::filesystem::exists(target));
  }
}

TEST_CASE("SQLite scripts cannot turn on writable_schema", "[db][sqlite]") {
  TempProject p;
  Status s = Upgrade(p, "op.execute('PRAGMA writable_schema = ON')");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find("PRAGMA writable_schema") != std::string::npos);
}

TEST_CASE("an in-memory attachment and reading a pragma stay allowed", "[db][sqlite]") {
  TempProject p;
  Status s = Upgrade(p,
                     "op.execute(\"ATTACH DATABASE ':memory:' AS scratch\")\n"
                     "op.query('PRAGMA writable_schema')\n"
                     "op.execute('DETACH DATABASE scratch')");
  INFO(s.ToString());
  CHECK(s.ok());
}

TEST_CASE("sqlite_trusted_scripts = true lets a script attach a file", "[db][sqlite]") {
  TempProject p;
  const std::string target = p.Path("elsewhere.db");
  Status s = Upgrade(p,
                     "op.execute(\"ATTACH DATABASE '" + target +
                         "' AS other\")\nop.execute('CREATE TABLE other.t (x)')",
                     true);
  INFO(s.ToString());
  CHECK(s.ok());
  CHECK(std::filesystem::exists(target));
}

}  // namespace luamig
