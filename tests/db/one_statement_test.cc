// SPDX-License-Identifier: MIT
// A statement with bound parameters, or a query, is one SQL statement on
// every backend: several are refused in the same words, and nothing of the
// migration stays (issue 12, item 4).
#include <catch2/catch.hpp>

#include "support/backends.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::OpenOrFail;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;

Status RunOne(TestDatabase& db, const TempProject& p, const std::string& body) {
  auto m = OpenOrFail(db.Options(p, {{"001.lua", Script("r1", "", body, "")}}));
  auto run = m->Upgrade("head");
  return run.ok() ? Status::Ok() : run.status();
}

const char kCreate[] = "op.execute(\"CREATE TABLE t (x integer)\")\n";

}  // namespace

TEST_CASE("several statements with parameters are refused alike on every backend",
          "[db][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  Status s = RunOne(db, p,
                    std::string(kCreate) +
                        "op.execute(\"INSERT INTO t VALUES ($1); INSERT INTO t VALUES "
                        "(2)\", { 1 })");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() ==
        "parameters are bound to one SQL statement, but this text holds more than one: "
        "run each statement with its own call");
  CHECK(s.line() == 6);  // Script() puts the body from line 5
  CHECK(db.Tables().empty());
  CHECK(db.Versions().empty());
}

TEST_CASE("a query of several statements is refused alike on every backend",
          "[db][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  Status s = RunOne(db, p, std::string(kCreate) + "op.query(\"SELECT 1; SELECT 2\")");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() ==
        "a query returns the rows of one SQL statement, but this text holds more than "
        "one: run each statement with its own call");
  CHECK(db.Tables().empty());
}

TEST_CASE("one statement with parameters, trailing semicolon and comment, runs",
          "[db][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  Status s =
      RunOne(db, p,
             std::string(kCreate) +
                 "op.execute(\"INSERT INTO t VALUES ($1); -- one row\", { 7 })\n"
                 "op.execute(\"INSERT INTO t VALUES (8); INSERT INTO t VALUES (9)\")");
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(db.Column("SELECT x FROM t ORDER BY x") ==
        std::vector<std::string>{"7", "8", "9"});
}
}  // namespace luamig
