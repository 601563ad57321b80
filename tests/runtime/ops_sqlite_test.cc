// SPDX-License-Identifier: MIT
// SQLite-only op behaviour end to end: refusals that point at batch mode,
// batch recreate with foreign keys, triggers and views, and op.autocommit.
#include <catch2/catch.hpp>

#include "support/op_roundtrip.h"

namespace luamig {
namespace {

using testing::HasLine;
using testing::OpsDb;

void RequireOk(const Status& s) {
  INFO(s.ToString());
  REQUIRE(s.ok());
}

const char kItems[] = R"lua(
op.create_table("items", {
  { "id", "integer", primary_key = true },
  { "qty", "integer" },
}))lua";

TEST_CASE("sqlite refuses in-place ALTER forms and names batch_alter_table",
          "[ops][sqlite]") {
  struct Case {
    const char* lua;
    const char* expect;
  };
  const Case cases[] = {
      {"op.alter_column('items', 'qty', { type = 'bigint' })",
       "use op.batch_alter_table(\"items\", function(batch) batch.alter_column(\"qty\""},
      {"op.alter_column('items', 'qty', { nullable = false })", "batch_alter_table"},
      {"op.create_unique_constraint('uq', 'items', { 'qty' })",
       "batch.create_unique_constraint(\"uq\""},
      {"op.create_foreign_key('fk', 'items', 'items', { 'qty' }, { 'id' })",
       "batch_alter_table"},
      {"op.create_check_constraint('ck', 'items', 'qty > 0')", "batch_alter_table"},
      {"op.drop_constraint('ck', 'items')", "batch.drop_constraint(\"ck\")"},
      {"op.create_schema('s')", "sqlite cannot run create_schema; it has no schemas"},
      {"op.create_enum('mood', { 'a' })", "it has no enum types"},
  };
  for (const Case& c : cases) {
    auto db = OpsDb::Sqlite();
    Status s = db->Apply(std::string(kItems) + "\n" + c.lua);
    INFO(c.lua << " -> " << s.ToString());
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains(c.expect));
    CHECK(s.file().find("001_only.lua") != std::string::npos);
    CHECK(s.line() == 10);
    CHECK_FALSE(HasLine(db->Dump(), "table items"));  // rolled back with the migration
  }
}

TEST_CASE("sqlite renames a column natively with alter_column new_name",
          "[ops][sqlite]") {
  auto db = OpsDb::Sqlite();
  auto after =
      db->RoundTrip(kItems, "op.alter_column('items', 'qty', { new_name = 'amount' })",
                    "op.alter_column('items', 'amount', { new_name = 'qty' })");
  CHECK(HasLine(after, "column items.amount type=INTEGER"));
}

TEST_CASE("a batch in a transactional = false migration still recreates atomically",
          "[ops][sqlite][batch]") {
  auto db = OpsDb::Sqlite();
  std::string script = testing::Script("n1", "", R"lua(
op.create_table("t", { { "id", "integer" }, { "v", "text" } })
op.execute("INSERT INTO t VALUES (1, 'x')")
op.batch_alter_table("t", function(batch)
  batch.alter_column("v", { nullable = false })
end)
op.batch_alter_table("t", function(batch)
  batch.add_column({ "w", "integer", nullable = false })  -- fails: existing row
end))lua",
                                       "");
  script = "transactional = false\n" + script;
  auto m = db->Open({{"001.lua", script}});
  auto r = m->Upgrade("head");
  REQUIRE_FALSE(r.ok());
  auto cat = db->Dump();
  CHECK(HasLine(cat, "column t.v type=TEXT notnull=1"));
  CHECK_FALSE(HasLine(cat, "t.w"));
  CHECK_FALSE(HasLine(cat, "_luamig_tmp_t"));
  CHECK(db->Rows("SELECT v FROM t")[0][0] == "x");
}

TEST_CASE("a batch adds a primary key and drops it again by type",
          "[ops][sqlite][batch]") {
  auto db = OpsDb::Sqlite();
  auto after = db->RoundTrip(R"lua(
op.create_table("m", { { "a", "integer", nullable = false }, { "b", "integer", nullable = false } })
op.execute("INSERT INTO m VALUES (1, 2)"))lua",
                             R"lua(
op.batch_alter_table("m", function(batch)
  batch.create_primary_key("pk_m", { "a", "b" })
end))lua",
                             R"lua(
op.batch_alter_table("m", function(batch)
  batch.drop_constraint("pk_m", { type_ = "primary" })
end))lua");
  CHECK(HasLine(after, "column m.b type=INTEGER notnull=1 default=NULL pk=2"));
  CHECK(HasLine(after, "constraint m CONSTRAINT \"pk_m\" PRIMARY KEY (\"a\", \"b\")"));
  CHECK(db->Rows("SELECT a + b FROM m")[0][0] == "3");
}

TEST_CASE("a batch on a referenced table keeps the children's rows and references",
          "[ops][sqlite][batch]") {
  auto db = OpsDb::Sqlite();
  testing::RecordingEvents events;
  RequireOk(db->Apply(R"lua(
op.create_table("parents", { { "id", "integer", primary_key = true }, { "v", "text" } })
op.create_table("kids", {
  { "id", "integer", primary_key = true },
  { "parent_id", "integer", nullable = false },
}, { constraints = { { foreign_key = { "parent_id" }, referent = "parents",
                       remote_cols = { "id" }, on_delete = "cascade" } } })
op.execute("INSERT INTO parents VALUES (1, 'a'), (2, 'b')")
op.execute("INSERT INTO kids VALUES (10, 1), (11, 2)")
op.batch_alter_table("parents", function(batch)
  batch.alter_column("v", { type = "string(8)", nullable = false })
end)
op.create_table("after_batch", { { "id", "integer" } }))lua",
                      &events));
  CHECK(db->Rows("SELECT count(*) FROM kids")[0][0] == "2");
  CHECK(db->Rows("SELECT count(*) FROM parents")[0][0] == "2");
  auto cat = db->Dump();
  CHECK(HasLine(cat,
                "fk kids.parent_id -> parents.id on_update=NO ACTION on_delete=CASCADE"));
  CHECK(HasLine(cat, "column parents.v type=VARCHAR(8) notnull=1"));
  CHECK(HasLine(cat, "table after_batch"));
  bool logged = false;
  for (const auto& l : events.lines)
    logged |= l.find("transaction of its own") != std::string::npos;
  CHECK(logged);
  CHECK(db->Rows("PRAGMA foreign_keys")[0][0] == "1");
}

TEST_CASE("a batch keeps triggers, views, checks and AUTOINCREMENT",
          "[ops][sqlite][batch]") {
  auto db = OpsDb::Sqlite();
  std::string setup = R"lua(
op.execute([[CREATE TABLE logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  msg TEXT NOT NULL DEFAULT 'none' CHECK (length("msg") < 100) COLLATE NOCASE,
  level INTEGER DEFAULT (1 + 1),
  CONSTRAINT ck_level CHECK (level >= 0)
)]])
op.execute("CREATE TABLE audit (n INTEGER)")
op.execute("CREATE TRIGGER tr_logs AFTER INSERT ON logs BEGIN INSERT INTO audit VALUES (new.id); END")
op.execute("CREATE VIEW v_logs AS SELECT \"msg\" FROM logs")
op.execute("INSERT INTO logs (msg) VALUES ('x')"))lua";
  auto after = db->RoundTrip(setup, R"lua(
op.batch_alter_table("logs", function(batch)
  batch.add_column({ "source", "text", server_default = "'app'" })
  batch.alter_column("msg", { new_name = "message" })
end))lua",
                             R"lua(
op.batch_alter_table("logs", function(batch)
  batch.alter_column("message", { new_name = "msg" })
  batch.drop_column("source")
end))lua");
  CHECK(HasLine(after, "clause logs.message CHECK (length(\"message\") < 100)"));
  CHECK(HasLine(after, "clause logs.message COLLATE NOCASE"));
  CHECK(HasLine(after, "constraint logs CONSTRAINT ck_level CHECK (level >= 0)"));
  CHECK(HasLine(after, "trigger tr_logs"));
  CHECK(HasLine(after, "view v_logs"));
  CHECK(HasLine(after, "column logs.level type=INTEGER notnull=0 default=1 + 1"));
  auto rows = db->Rows("SELECT id, msg, level FROM logs");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<std::string>{"1", "x", "2"});
}

TEST_CASE(
    "op.autocommit commits the work so far and runs its function outside the "
    "transaction",
    "[ops][sqlite][autocommit]") {
  auto db = OpsDb::Sqlite();
  Status s = db->Apply(R"lua(
op.create_table("before", { { "id", "integer" } })
op.autocommit(function()
  op.create_table("inside", { { "id", "integer" } })
end)
op.create_table("after", { { "id", "integer" } })
error("boom"))lua");
  REQUIRE_FALSE(s.ok());
  auto cat = db->Dump();
  CHECK(HasLine(cat, "table before"));
  CHECK(HasLine(cat, "table inside"));
  CHECK_FALSE(HasLine(cat, "table after"));  // the last transaction rolled back

  auto db2 = OpsDb::Sqlite();
  Status inner = db2->Apply(R"lua(
op.autocommit(function()
  local x = 1
  error("inner failure")
end))lua");
  REQUIRE_FALSE(inner.ok());
  CHECK_THAT(inner.message(), Catch::Contains("inner failure"));
  CHECK(inner.line() == 8);
  RequireOk(db2->Apply(
      "op.autocommit(function() op.create_table('t', {{'id','integer'}}) end)"));
}

}  // namespace
}  // namespace luamig
