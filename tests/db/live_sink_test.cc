// SPDX-License-Identifier: MIT
// The live sink: statements reach the connection, and a statement that must
// change one row says what changed underneath when it does not.
#include <catch2/catch.hpp>

#include "db/sql_sink.h"
#include "db/sqlite_connection.h"
#include "support/temp_project.h"

namespace luamig::db {
namespace {

TEST_CASE("a live sink checks that a one-row statement changed one row",
          "[db][live_sink]") {
  testing::TempProject p;
  auto conn = SqliteConnection::Open(p.Path("live.db"), std::chrono::seconds(5));
  REQUIRE(conn.ok());
  LiveSink sink(**conn);
  CHECK(sink.CanReadBack());
  REQUIRE(sink.Execute("CREATE TABLE v (n text)", {}).ok());
  REQUIRE(sink.Begin().ok());
  CHECK(sink.InTransaction());
  CHECK(
      sink.ExecuteOneRow("INSERT INTO v (n) VALUES ($1)", {std::string("a")}, "v").ok());
  Status none = sink.ExecuteOneRow("DELETE FROM v WHERE n = $1", {std::string("zz")},
                                   "table v changed underneath this run");
  CHECK(none.code() == StatusCode::kDatabase);
  CHECK(none.message() ==
        "table v changed underneath this run: expected to change 1 row, changed 0");
  CHECK_THAT(none.sql(), Catch::Contains("RETURNING 1"));
  REQUIRE(sink.Commit().ok());
  auto rows = sink.Query("SELECT n FROM v", {});
  REQUIRE(rows.ok());
  CHECK(rows->rows.size() == 1);
}

}  // namespace
}  // namespace luamig::db
