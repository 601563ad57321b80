// SPDX-License-Identifier: MIT
// The offline script sink: terminators, transaction statements, and
// parameters spliced as literals — checked by running the script on the
// real backends and reading the values back.
#include <catch2/catch.hpp>

#include "db/sql_sink.h"
#include "db/sqlite_connection.h"
#include "dialect/registry.h"
#include "support/op_roundtrip.h"

namespace luamig::db {
namespace {

LiteralFn LiteralsOf(const std::string& dialect) {
  auto d = dialect::DialectByName(dialect);
  REQUIRE(d.ok());
  std::shared_ptr<const dialect::Dialect> keep = *d;
  return [keep](const ops::Value& v) { return keep->QuoteLiteral(v); };
}

std::string Spliced(const std::string& sql, const std::vector<ops::Value>& params) {
  auto out = SpliceParams(sql, params, LiteralsOf("postgresql"), nullptr);
  INFO(out.status().ToString());
  REQUIRE(out.ok());
  return *out;
}

TEST_CASE("every statement ends with exactly one terminator and a blank line",
          "[db][script_sink]") {
  ScriptSink sink(LiteralsOf("sqlite"));
  REQUIRE(sink.Execute("CREATE TABLE t (id integer)", {}).ok());
  REQUIRE(sink.Execute("DELETE FROM t;  \n", {}).ok());
  REQUIRE(sink.Execute("UPDATE t SET id = 1 -- trailing note", {}).ok());
  CHECK(sink.text() ==
        "CREATE TABLE t (id integer);\n\n"
        "DELETE FROM t;\n\n"
        "UPDATE t SET id = 1 -- trailing note\n;\n\n");
}

TEST_CASE("transaction calls write BEGIN, COMMIT and ROLLBACK", "[db][script_sink]") {
  ScriptSink sink(LiteralsOf("sqlite"));
  CHECK_FALSE(sink.InTransaction());
  REQUIRE(sink.Begin().ok());
  CHECK(sink.InTransaction());
  REQUIRE(
      sink.ExecuteOneRow("INSERT INTO v (n) VALUES ($1)", {std::string("a1")}, "v").ok());
  REQUIRE(sink.Commit().ok());
  CHECK_FALSE(sink.InTransaction());
  REQUIRE(sink.Begin().ok());
  REQUIRE(sink.Rollback().ok());
  sink.Comment("two\nlines");
  CHECK(sink.text() ==
        "BEGIN;\n\nINSERT INTO v (n) VALUES ('a1');\n\nCOMMIT;\n\n"
        "BEGIN;\n\nROLLBACK;\n\n-- two\n-- lines\n\n");
  CHECK_FALSE(sink.CanReadBack());
}

TEST_CASE("a script sink cannot read", "[db][script_sink]") {
  ScriptSink sink(LiteralsOf("sqlite"));
  auto rows = sink.Query("SELECT 1", {});
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == StatusCode::kMigration);
  CHECK_THAT(rows.status().message(), Catch::Contains("live connection"));
  CHECK(sink.text().empty());
}

TEST_CASE("placeholders are replaced only outside quotes, comments and dollar quotes",
          "[db][script_sink]") {
  const std::vector<ops::Value> p{int64_t{7}, std::string("x'y")};
  CHECK(Spliced("SELECT $1, $2", p) == "SELECT 7, 'x''y'");
  CHECK(Spliced("SELECT '$1', \"$1\", $2", p) == "SELECT '$1', \"$1\", 'x''y'");
  CHECK(Spliced("SELECT 'it''s $1', $1", p) == "SELECT 'it''s $1', 7");
  CHECK(Spliced("SELECT E'\\'$1', $1", p) == "SELECT E'\\'$1', 7");
  CHECK(Spliced("SELECT 1 -- $1\n, $1", p) == "SELECT 1 -- $1\n, 7");
  CHECK(Spliced("SELECT /* $1 */ $1", p) == "SELECT /* $1 */ 7");
  CHECK(Spliced("DO $$ BEGIN PERFORM $1; END $$; SELECT $1", p) ==
        "DO $$ BEGIN PERFORM $1; END $$; SELECT 7");
  CHECK(Spliced("SELECT $f$ $1 $f$, $1", p) == "SELECT $f$ $1 $f$, 7");
  CHECK(Spliced("SELECT a$1 FROM t", p) == "SELECT a$1 FROM t");
  CHECK(Spliced("SELECT $1::text", p) == "SELECT 7::text");
  auto missing = SpliceParams("SELECT $3", p, LiteralsOf("sqlite"), nullptr);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(),
             Catch::Contains("$3 has no parameter (2 given)"));
  auto ten =
      SpliceParams("SELECT $10", std::vector<ops::Value>(10, ops::Value{int64_t{1}}),
                   LiteralsOf("sqlite"), nullptr);
  REQUIRE(ten.ok());
  CHECK(*ten == "SELECT 1");
}

const std::vector<std::string>& HostileStrings() {
  static const std::vector<std::string> kStrings = {
      "it's",
      "''",
      "a\\b\\'",
      "semi; DROP TABLE t; --",
      "$1 $$ $x$",
      "/* open",
      "line\nbreak",
      "\"double\"",
      "ünï©ødé 🎉",
      "E'\\x00'",
      "",
      "tab\there",
  };
  return kStrings;
}

// Writes a script inserting every hostile string and null/number/bool/blob
// values, runs it as one ;-separated script and reads the rows back.
void RoundTrip(Connection& conn, const std::string& dialect) {
  ScriptSink sink(LiteralsOf(dialect));
  REQUIRE(
      sink.Execute("CREATE TABLE hostile (id integer, v text, n double precision)", {})
          .ok());
  REQUIRE(sink.Begin().ok());
  const auto& strings = HostileStrings();
  for (size_t i = 0; i < strings.size(); ++i) {
    REQUIRE(sink.Execute("INSERT INTO hostile (id, v, n) VALUES ($1, $2, $3)",
                         {int64_t(i), strings[i], 0.1 * static_cast<double>(i)})
                .ok());
  }
  REQUIRE(sink.Execute("INSERT INTO hostile (id, v, n) VALUES ($1, $2, $3)",
                       {int64_t{100}, ops::Null{}, ops::Null{}})
              .ok());
  REQUIRE(sink.Commit().ok());
  Status s = conn.Execute(sink.text(), {});
  INFO(s.ToString() << "\n" << sink.text());
  REQUIRE(s.ok());
  auto rows = conn.Query("SELECT id, v, n FROM hostile ORDER BY id", {});
  REQUIRE(rows.ok());
  REQUIRE(rows->rows.size() == strings.size() + 1);
  for (size_t i = 0; i < strings.size(); ++i) {
    INFO(strings[i]);
    CHECK(testing::CellText(rows->rows[i][1]) == strings[i]);
  }
  CHECK(testing::CellText(rows->rows.back()[1]) == "NULL");
}

TEST_CASE("hostile strings round-trip through a sqlite script", "[db][script_sink]") {
  testing::TempProject p;
  auto conn = SqliteConnection::Open(p.Path("hostile.db"), std::chrono::seconds(5));
  REQUIRE(conn.ok());
  RoundTrip(**conn, "sqlite");
}

TEST_CASE("hostile strings round-trip through a postgresql script",
          "[db][script_sink][pg]") {
  auto db = testing::OpsDb::Postgres();
  auto conn = db->Connect();
  RoundTrip(*conn, "postgresql");
}

}  // namespace
}  // namespace luamig::db
