// SPDX-License-Identifier: MIT
#include "lua/op_binding.h"
#include "lua/op_table.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "lua/lua_state.h"

namespace luamig::lua {
namespace {

// Records every op; fails the Nth Apply (1-based, 0 = never) with a Status
// carrying SQL, as a database adapter would.
class RecordingExecutor : public ops::OpExecutor {
 public:
  Status Apply(const ops::Op& op) override {
    ++applies;
    if (applies == fail_at) {
      return Status::Database("no such table: ghosts")
          .WithSql("DROP TABLE \"ghosts\"")
          .WithSqlState("SQLITE_ERROR");
    }
    applied.push_back(op);
    return Status::Ok();
  }
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override {
    queries.push_back(sql);
    query_params = params;
    if (fail_query) return Status::Database("syntax error").WithSql(sql);
    return rows;
  }
  std::string DialectName() const override { return dialect; }
  void Log(const std::string& message) override { logs.push_back(message); }
  bool Offline() const override { return offline; }

  int fail_at = 0;
  int applies = 0;
  bool fail_query = false;
  bool offline = false;
  std::string dialect = "sqlite";
  ops::Rows rows;
  std::vector<ops::Op> applied;
  std::vector<std::string> queries;
  std::vector<ops::Value> query_params;
  std::vector<std::string> logs;
};

// Runs `body` as the upgrade of a script named versions/t.lua. The body starts
// on line 2 of the script.
Status RunUpgrade(RecordingExecutor& ex, const std::string& body,
                  const std::map<std::string, std::string>& x = {}) {
  LuaState lua;
  std::string source = "function upgrade(op)\n" + body + "\nend\n";
  Result<ScriptId> id = lua.LoadScript("versions/t.lua", source);
  INFO(id.status().ToString());
  REQUIRE(id.ok());
  return lua.CallMigration(*id, "upgrade", ex, x);
}

template <typename T>
const T& OnlyOp(const RecordingExecutor& ex) {
  REQUIRE(ex.applied.size() == 1);
  const T* op = std::get_if<T>(&ex.applied[0]);
  REQUIRE(op != nullptr);
  return *op;
}

void RequireOk(const Status& s) {
  INFO(s.ToString());
  REQUIRE(s.ok());
}

TEST_CASE("op.execute builds ExecuteSql with bound parameters", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, "op.execute('UPDATE t SET a = ? WHERE b = ?', {1, 'x'})"));
  const auto& op = OnlyOp<ops::ExecuteSql>(ex);
  CHECK(op.sql == "UPDATE t SET a = ? WHERE b = ?");
  REQUIRE(op.params.size() == 2);
  CHECK(std::get<int64_t>(op.params[0]) == 1);
  CHECK(std::get<std::string>(op.params[1]) == "x");
}

TEST_CASE("op.execute without params sends none", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, "op.execute('DELETE FROM t')"));
  CHECK(OnlyOp<ops::ExecuteSql>(ex).params.empty());
}

TEST_CASE("op.query returns rows keyed by column name with op.NULL for NULL",
          "[lua][op]") {
  RecordingExecutor ex;
  ex.rows.columns = {"id", "name", "score"};
  ex.rows.rows = {{int64_t{1}, std::string("ann"), ops::Null{}},
                  {int64_t{2}, std::string("bob"), 2.5}};
  RequireOk(RunUpgrade(ex, R"lua(
    local rows = op.query('SELECT * FROM players WHERE id > ?', {0})
    assert(#rows == 2, 'row count')
    assert(rows[1].id == 1 and rows[1].name == 'ann', 'first row')
    assert(rows[1].score == op.NULL, 'NULL is op.NULL')
    assert(rows[2].score == 2.5 and rows[2].name == 'bob', 'second row')
    op.log('ok')
  )lua"));
  CHECK(ex.queries == std::vector<std::string>{"SELECT * FROM players WHERE id > ?"});
  REQUIRE(ex.query_params.size() == 1);
  CHECK(std::get<int64_t>(ex.query_params[0]) == 0);
  CHECK(ex.logs == std::vector<std::string>{"ok"});
}

TEST_CASE("a failing op.query keeps the executor's SQL and the calling line",
          "[lua][op]") {
  RecordingExecutor ex;
  ex.fail_query = true;
  Status s = RunUpgrade(ex, "local x = 1\nop.query('SELEC 1')");
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(s.sql() == "SELEC 1");
  CHECK(s.file() == "versions/t.lua");
  CHECK(s.line() == 3);
}

TEST_CASE("op.create_table builds columns with their options", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.create_table("players", {
      { "id",    "bigserial", primary_key = true },
      { "name",  "string(40)", nullable = false, unique = true },
      { "score", "integer",   default = 0 },
      { "seen",  "timestamp", server_default = "CURRENT_TIMESTAMP" },
      { "team",  "bigint",    references = "teams.id" },
    }, { if_not_exists = true })
  )lua"));
  const auto& op = OnlyOp<ops::CreateTable>(ex);
  CHECK(op.table == "players");
  CHECK(op.if_not_exists);
  REQUIRE(op.columns.size() == 5);
  CHECK(op.columns[0].name == "id");
  CHECK(op.columns[0].type.kind == ops::TypeKind::kBigSerial);
  CHECK(op.columns[0].primary_key);
  CHECK_FALSE(op.columns[0].nullable);
  CHECK(op.columns[1].type.kind == ops::TypeKind::kString);
  CHECK(op.columns[1].type.length == 40);
  CHECK_FALSE(op.columns[1].nullable);
  CHECK(op.columns[1].unique);
  REQUIRE(op.columns[2].default_value);
  CHECK(std::get<int64_t>(*op.columns[2].default_value) == 0);
  CHECK(op.columns[2].nullable);
  CHECK(op.columns[3].server_default == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK_FALSE(op.columns[3].default_value);
  CHECK(op.columns[4].references == std::optional<std::string>("teams.id"));
}

TEST_CASE("op.drop_table, add_column and drop_column build their ops", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.drop_table("old", { if_exists = true })
    op.drop_table("older")
    op.add_column("players", { "rank", "integer", nullable = false, default = 1 })
    op.drop_column("players", "legacy")
  )lua"));
  REQUIRE(ex.applied.size() == 4);
  const auto& d1 = std::get<ops::DropTable>(ex.applied[0]);
  CHECK(d1.table == "old");
  CHECK(d1.if_exists);
  CHECK_FALSE(std::get<ops::DropTable>(ex.applied[1]).if_exists);
  const auto& add = std::get<ops::AddColumn>(ex.applied[2]);
  CHECK(add.table == "players");
  CHECK(add.column.name == "rank");
  CHECK(add.column.type.kind == ops::TypeKind::kInteger);
  CHECK_FALSE(add.column.nullable);
  CHECK(std::get<int64_t>(*add.column.default_value) == 1);
  const auto& drop = std::get<ops::DropColumn>(ex.applied[3]);
  CHECK(drop.table == "players");
  CHECK(drop.column == "legacy");
}

TEST_CASE("op.create_index and op.drop_index build their ops", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.create_index("ix_score", "players", { "score", "name" }, { unique = true })
    op.create_index("ix_one", "players", "name")
    op.drop_index("ix_old", { table = "players", if_exists = true })
  )lua"));
  REQUIRE(ex.applied.size() == 3);
  const auto& ix = std::get<ops::CreateIndex>(ex.applied[0]);
  CHECK(ix.name == "ix_score");
  CHECK(ix.table == "players");
  CHECK(ix.columns == std::vector<ops::IndexColumn>{{"score", false}, {"name", false}});
  CHECK(ix.unique);
  const auto& one = std::get<ops::CreateIndex>(ex.applied[1]);
  CHECK(one.columns == std::vector<ops::IndexColumn>{{"name", false}});
  CHECK_FALSE(one.unique);
  const auto& drop = std::get<ops::DropIndex>(ex.applied[2]);
  CHECK(drop.name == "ix_old");
  CHECK(drop.table == "players");
  CHECK(drop.if_exists);
}

TEST_CASE("op.log sends the message to the executor and applies nothing", "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, "op.log('step 1')\nop.log('')"));
  CHECK(ex.logs == std::vector<std::string>{"step 1", ""});
  CHECK(ex.applied.empty());
}

TEST_CASE("a misspelled column option names op, option, suggestion, script and line",
          "[lua][op]") {
  RecordingExecutor ex;
  Status s = RunUpgrade(ex,
                        "op.create_table('players', {\n"
                        "  { 'id', 'integer', primary_key = true },\n"
                        "  { 'name', 'text', nullabel = false },\n"
                        "})");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kMigration);
  CHECK(s.file() == "versions/t.lua");
  CHECK(s.line() == 2);
  CHECK_THAT(s.message(), Catch::Contains("versions/t.lua:2:"));
  CHECK_THAT(s.message(), Catch::Contains("create_table"));
  CHECK_THAT(s.message(), Catch::Contains("'nullabel'"));
  CHECK_THAT(s.message(), Catch::Contains("did you mean 'nullable'"));
  CHECK_THAT(s.message(), Catch::Contains("column 'name'"));
  CHECK(ex.applied.empty());
}

TEST_CASE("a misspelled op-level option is refused with a suggestion", "[lua][op]") {
  RecordingExecutor ex;
  Status s = RunUpgrade(ex, "op.create_index('ix', 't', {'a'}, { uniqe = true })");
  CHECK_THAT(s.message(), Catch::Contains("create_index"));
  CHECK_THAT(s.message(), Catch::Contains("did you mean 'unique'"));
  CHECK(ex.applied.empty());
}

TEST_CASE("a wrongly typed option says which option and what it got", "[lua][op]") {
  RecordingExecutor ex;
  Status s =
      RunUpgrade(ex, "op.add_column('t', { 'id', 'integer', primary_key = 'yes' })");
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("add_column"));
  CHECK_THAT(s.message(), Catch::Contains("'primary_key' must be a boolean, got string"));
  CHECK(s.line() == 2);
  CHECK(ex.applied.empty());
}

TEST_CASE("wrong op arguments are clear errors", "[lua][op]") {
  struct Case {
    const char* call;
    const char* expect;
  };
  const Case cases[] = {
      {"op.create_table(nil, {{'id', 'integer'}})",
       "table name must be a string, got nil"},
      {"op.create_table('', {{'id', 'integer'}})", "table name must not be empty"},
      {"op.create_table('t', {})", "at least one column"},
      {"op.create_table('t')", "columns must be a table"},
      {"op.create_table('t', {{'id'}})", "column type (entry 2) must be a string"},
      {"op.create_table('t', {{'id', 'integer', 'extra'}})", "unexpected positional"},
      {"op.create_table('t', {{'id', 'integer'}, extra = 1})", "columns"},
      {"op.create_table('t', {{'a', 'integer', default = 1, server_default = '1'}})",
       "not both"},
      {"op.drop_table()", "table name must be a string"},
      {"op.drop_column('t')", "column name must be a string"},
      {"op.create_index('ix', 't', {})", "at least one column"},
      {"op.create_index('ix', 't', {'a', 2})", "columns[2] must be a column name"},
      {"op.execute(42)", "sql must be a string, got number"},
      {"op.execute('x', {function() end})", "params[1]"},
      {"op.drop_index('ix', { if_exsts = true })", "did you mean 'if_exists'"},
      {"op.log({})", "message must be a string"},
  };
  for (const Case& c : cases) {
    RecordingExecutor ex;
    Status s = RunUpgrade(ex, c.call);
    INFO(c.call << " -> " << s.ToString());
    CHECK(s.code() == StatusCode::kMigration);
    CHECK_THAT(s.message(), Catch::Contains(c.expect));
    CHECK(s.line() == 2);
    CHECK(ex.applied.empty());
  }
}

TEST_CASE("default and server_default together name the column", "[lua][op]") {
  RecordingExecutor ex;
  Status s = RunUpgrade(
      ex, "op.add_column('t', {'n', 'integer', default = 0, server_default = '0'})");
  CHECK_THAT(s.message(), Catch::Contains("column 'n'"));
  CHECK_THAT(s.message(), Catch::Contains("default or server_default, not both"));
}

TEST_CASE("a failed Apply keeps the executor's SQL and message and gets the call line",
          "[lua][op]") {
  RecordingExecutor ex;
  ex.fail_at = 2;
  Status s = RunUpgrade(ex,
                        "op.create_table('a', {{'id', 'integer'}})\n"
                        "local n = 1\n"
                        "op.drop_table('ghosts')\n"
                        "op.drop_table('never')");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(s.message() == "no such table: ghosts");
  CHECK(s.sql() == "DROP TABLE \"ghosts\"");
  CHECK(s.sqlstate() == "SQLITE_ERROR");
  CHECK(s.file() == "versions/t.lua");
  CHECK(s.line() == 4);
  CHECK(ex.applies == 2);
  REQUIRE(ex.applied.size() == 1);
  CHECK(std::holds_alternative<ops::CreateTable>(ex.applied[0]));
}

TEST_CASE("after a failed op no further op is applied even if the script catches it",
          "[lua][op]") {
  RecordingExecutor ex;
  ex.fail_at = 1;
  Status s = RunUpgrade(ex,
                        "local ok = pcall(op.execute, 'DROP TABLE ghosts')\n"
                        "local ok2, err = pcall(op.execute, 'SELECT 1')\n"
                        "assert(not ok2 and err:find('earlier op failed'), err)\n"
                        "op.log('still logs')");
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(s.sql() == "DROP TABLE \"ghosts\"");
  CHECK_THAT(s.hint(), Catch::Contains("caught"));
  CHECK(ex.applies == 1);
  CHECK(ex.applied.empty());
  CHECK(ex.logs == std::vector<std::string>{"still logs"});
}

TEST_CASE("an argument error caught by the script does not fail the migration",
          "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex,
                       "local ok = pcall(op.drop_table, 42)\n"
                       "assert(not ok)\n"
                       "op.drop_table('t')"));
  CHECK(ex.applied.size() == 1);
}

TEST_CASE("op.dialect, op.offline and op.x are visible to scripts", "[lua][op]") {
  RecordingExecutor ex;
  ex.dialect = "postgresql";
  ex.offline = true;
  RequireOk(RunUpgrade(ex,
                       "op.log(op.dialect)\n"
                       "op.log(tostring(op.offline))\n"
                       "op.log(op.x.tenant .. ',' .. tostring(op.x.missing))",
                       {{"tenant", "acme"}}));
  CHECK(ex.logs == std::vector<std::string>{"postgresql", "true", "acme,nil"});
}

TEST_CASE("an op table kept after its migration raises instead of crashing",
          "[lua][op]") {
  LuaState lua;
  Result<ScriptId> id = lua.LoadScript("versions/keep.lua",
                                       "function upgrade(op) kept = op end\n"
                                       "function downgrade(op)\n"
                                       "  kept.drop_table('x')\n"
                                       "end\n");
  REQUIRE(id.ok());
  RecordingExecutor first;
  RequireOk(lua.CallMigration(*id, "upgrade", first, {}));
  RecordingExecutor second;
  Status s = lua.CallMigration(*id, "downgrade", second, {});
  CHECK(s.code() == StatusCode::kMigration);
  CHECK_THAT(s.message(), Catch::Contains("after its migration returned"));
  CHECK(s.line() == 3);
  CHECK(first.applied.empty());
  CHECK(second.applied.empty());
}

TEST_CASE("options are read raw: a metatable on an options table is not consulted",
          "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex,
                       "local opts = setmetatable({}, { __index = function(t, k)\n"
                       "  error('metamethod ran for ' .. k) end })\n"
                       "op.drop_table('t', opts)"));
  CHECK_FALSE(OnlyOp<ops::DropTable>(ex).if_exists);
}

TEST_CASE("every op of the op table is a function of the op table Lua sees",
          "[lua][op]") {
  RecordingExecutor ex;
  std::string body;
  for (const OpSpec& spec : OpTable())
    body += "assert(type(op." + std::string(spec.name) + ") == 'function')\n";
  RequireOk(RunUpgrade(ex, body));
  CHECK(OpTable().size() == 28);
}

// ---- the full op vocabulary ----

TEST_CASE("create_table reads table constraints, schema and op.sql defaults",
          "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.create_table("p", {
      { "id", "integer", primary_key = true },
      { "seen", "timestamp", default = op.sql("CURRENT_TIMESTAMP"), comment = "when" },
    }, { schema = "game", constraints = {
      { unique = { "id", "seen" }, name = "uq" },
      { check = "id > 0" },
      { foreign_key = "id", referent = "q", remote_cols = "id", on_delete = "SET NULL",
        deferrable = true, initially = "deferred" },
    } })
  )lua"));
  const auto& op = OnlyOp<ops::CreateTable>(ex);
  CHECK(op.schema == "game");
  CHECK(op.columns[1].server_default == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK_FALSE(op.columns[1].default_value.has_value());
  CHECK(op.columns[1].comment == std::optional<std::string>("when"));
  REQUIRE(op.constraints.size() == 3);
  CHECK(op.constraints[0].kind == ops::ConstraintKind::kUnique);
  CHECK(op.constraints[0].columns == std::vector<std::string>{"id", "seen"});
  CHECK(op.constraints[1].condition == "id > 0");
  CHECK(op.constraints[2].on_delete == "set null");
  CHECK(op.constraints[2].deferrable == std::optional<bool>(true));
  CHECK(op.constraints[2].initially == "deferred");
}

TEST_CASE("alter_column reads every option; false drops a default or comment",
          "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.alter_column("t", "c", { type = "bigint", using = "c::bigint", nullable = false,
      server_default = false, comment = false, new_name = "d",
      existing_type = "integer", existing_nullable = true,
      existing_server_default = op.sql("0"), existing_comment = "old" })
    op.alter_column("t", "c", { server_default = "now()" })
  )lua"));
  REQUIRE(ex.applied.size() == 2);
  const auto& a = std::get<ops::AlterColumn>(ex.applied[0]);
  CHECK(a.type->raw == "bigint");
  CHECK(a.using_expr == "c::bigint");
  CHECK(a.nullable == std::optional<bool>(false));
  CHECK(a.server_default.kind == ops::DefaultChange::kDrop);
  CHECK(a.comment ==
        std::optional<std::optional<std::string>>(std::optional<std::string>()));
  CHECK(a.new_name == "d");
  CHECK(a.existing_server_default ==
        std::optional<std::optional<std::string>>(std::string("0")));
  CHECK(ops::Reverse(a).has_value());
  const auto& b = std::get<ops::AlterColumn>(ex.applied[1]);
  CHECK(b.server_default == ops::DefaultChange{ops::DefaultChange::kSet, "now()"});
}

TEST_CASE("index, constraint, schema and enum ops follow Alembic's argument order",
          "[lua][op]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.create_index("ix", "t", { "a", { expr = "lower(b)" }, op.sql("c + 1") },
      { where = "a > 0", concurrently = true })
    op.create_foreign_key("fk", "c", "p", { "pid" }, { "id" }, { on_update = "cascade",
      source_schema = "s", referent_schema = "r" })
    op.create_primary_key("pk", "t", "id")
    op.create_unique_constraint("uq", "t", { "a" }, { initially = "immediate" })
    op.create_check_constraint("ck", "t", "a > 0")
    op.drop_constraint("ck", "t", { type_ = "check" })
    op.rename_table("t", "u")
    op.create_schema("s", { if_not_exists = true })
    op.drop_schema("s", { cascade = true })
    op.create_enum("mood", { "a", "b" })
    op.add_enum_value("mood", "c", { after = "b" })
    op.drop_enum("mood", { if_exists = true })
  )lua"));
  REQUIRE(ex.applied.size() == 12);
  const auto& ix = std::get<ops::CreateIndex>(ex.applied[0]);
  CHECK(ix.columns ==
        std::vector<ops::IndexColumn>{{"a", false}, {"lower(b)", true}, {"c + 1", true}});
  CHECK(ix.where == "a > 0");
  CHECK(ix.concurrently);
  const auto& fk = std::get<ops::AddConstraint>(ex.applied[1]);
  CHECK(fk.table == "c");
  CHECK(fk.schema == "s");
  CHECK(fk.constraint.referent == "p");
  CHECK(fk.constraint.referent_schema == "r");
  CHECK(fk.constraint.columns == std::vector<std::string>{"pid"});
  CHECK(fk.constraint.remote_columns == std::vector<std::string>{"id"});
  CHECK(fk.constraint.on_update == "cascade");
  CHECK(std::string(ops::OpName(ex.applied[2])) == "create_primary_key");
  CHECK(std::get<ops::DropConstraint>(ex.applied[5]).type == ops::ConstraintKind::kCheck);
  CHECK(std::get<ops::AddEnumValue>(ex.applied[10]).after == "b");
}

TEST_CASE(
    "batch functions collect ops for one batch_alter_table with the table filled in",
    "[lua][op][batch]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.batch_alter_table("t", function(batch)
      batch.add_column({ "a", "integer" })
      batch.alter_column("b", { nullable = false })
      batch.drop_column("c")
      batch.create_index("ix", { "a" })
      batch.drop_index("ix_old")
      batch.create_foreign_key("fk", "p", { "a" }, { "id" })
      batch.create_unique_constraint("uq", { "a" })
      batch.create_check_constraint("ck", "a > 0")
      batch.create_primary_key("pk", { "a" })
      batch.drop_constraint("k")
    end, { schema = "s" })
    op.batch_alter_table("empty", function(batch) end)
  )lua"));
  const auto& b = OnlyOp<ops::BatchAlterTable>(ex);
  CHECK(b.table == "t");
  CHECK(b.schema == "s");
  REQUIRE(b.ops.size() == 10);
  CHECK(std::get<ops::AddColumn>(b.ops[0]).table == "t");
  CHECK(std::get<ops::AlterColumn>(b.ops[1]).column == "b");
  CHECK(std::get<ops::CreateIndex>(b.ops[3]).table == "t");
  CHECK(std::get<ops::DropIndex>(b.ops[4]).schema == "s");
  const auto& fk = std::get<ops::AddConstraint>(b.ops[5]);
  CHECK(fk.table == "t");
  CHECK(fk.constraint.referent == "p");
  CHECK(std::get<ops::DropConstraint>(b.ops[9]).table == "t");
}

TEST_CASE("batch and autocommit misuse are clear errors", "[lua][op][batch]") {
  struct Case {
    const char* lua;
    const char* expect;
  };
  const Case cases[] = {
      {"local keep\nop.batch_alter_table('t', function(b) keep = b "
       "end)\nkeep.drop_column('c')",
       "versions/t.lua:4: batch.drop_column: batch used outside its batch_alter_table"},
      {"op.batch_alter_table('t', function(b) op.batch_alter_table('u', function() end) "
       "end)",
       "batch_alter_table cannot be nested"},
      {"op.batch_alter_table('t', function(b)\n b.alter_column('c', { nulable = true "
       "})\nend)",
       "versions/t.lua:3: batch.alter_column: unknown option 'nulable' in alter_column "
       "options "
       "(did you mean 'nullable'?)"},
      {"op.batch_alter_table('t', function(b)\n error('mine')\nend)",
       "versions/t.lua:3: mine"},
      {"op.batch_alter_table('t', 'x')", "batch function must be a function, got string"},
      {"op.autocommit()", "autocommit function must be a function, got no value"},
      {"op.batch_alter_table('t', function(b)\n b.alter_colum('c', {})\nend)",
       "versions/t.lua:3: batch.alter_colum does not exist (did you mean "
       "'alter_column'?)"},
      {"op.autocommit(function()\n error('inside')\nend)", "versions/t.lua:3: inside"},
  };
  for (const Case& c : cases) {
    RecordingExecutor ex;
    Status s = RunUpgrade(ex, c.lua);
    INFO(c.lua << " -> " << s.ToString());
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains(c.expect));
    CHECK(ex.applied.empty());
  }
}

TEST_CASE("keyword options are checked against their vocabulary, never spliced",
          "[lua][op]") {
  struct Case {
    const char* lua;
    const char* expect;
  };
  const Case cases[] = {
      {"op.create_foreign_key('fk', 'c', 'p', {'a'}, {'id'}, { on_delete = 'cascade; "
       "DROP TABLE "
       "x' })",
       "option 'on_delete' must be one of 'cascade', 'restrict', 'set null', 'set "
       "default', 'no "
       "action'"},
      {"op.create_foreign_key('fk', 'c', 'p', {'a'}, {'id'}, { on_delete = 'cascad' })",
       "did you mean 'cascade'"},
      {"op.create_unique_constraint('uq', 't', {'a'}, { initially = 'later' })",
       "option 'initially' must be one of 'deferred', 'immediate'"},
      {"op.drop_constraint('k', 't', { type_ = 'uniq' })", "got 'uniq'"},
      {"op.create_foreign_key('fk', 'c', 'p', {'a', 'b'}, {'id'})",
       "local and remote column lists differ in length"},
      {"op.alter_column('t', 'c', {})", "nothing to change"},
      {"op.alter_column('t', 'c', { using = 'x' })", "option 'using' needs 'type'"},
      {"op.alter_column('t', 'c', { server_default = 5 })",
       "option 'server_default' must be an SQL expression (a string or op.sql(...)), got "
       "number"},
      {"op.create_index('ix', 't', { { exp = 'a' } })",
       "unknown option 'exp' in columns[1] (did you mean 'expr'?)"},
      {"op.create_table('t', {{'a', 'integer'}}, { constraints = { { unique = {'a'}, "
       "check = "
       "'a' } } })",
       "constraints[1]: a constraint needs exactly one of"},
      {"op.add_enum_value('e', 'v', { before = 'a', after = 'b' })",
       "before or after, not both"},
      {"op.create_enum('e', {})", "values must list at least one value"},
      {"op.craete_table('t', {})",
       "op.craete_table does not exist (did you mean 'create_table'?)"},
      {"op.has_table('t')", "has_table: introspection needs a live database connection"},
  };
  for (const Case& c : cases) {
    RecordingExecutor ex;
    Status s = RunUpgrade(ex, c.lua);
    INFO(c.lua << " -> " << s.ToString());
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains(c.expect));
    CHECK_THAT(s.message(), Catch::Contains("versions/t.lua:2:"));
    CHECK(ex.applied.empty());
  }
}

// ---- value bridge: Lua values as statement parameters and result cells ----

std::vector<ops::Value> ParamsOf(const std::string& lua_list) {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, "op.execute('x', " + lua_list + ")"));
  return OnlyOp<ops::ExecuteSql>(ex).params;
}

TEST_CASE("op.NULL and booleans become NULL and bool parameters", "[lua][value]") {
  auto p = ParamsOf("{op.NULL, true, false}");
  REQUIRE(p.size() == 3);
  CHECK(std::holds_alternative<ops::Null>(p[0]));
  CHECK(std::get<bool>(p[1]) == true);
  CHECK(std::get<bool>(p[2]) == false);
}

TEST_CASE("integers up to 2^53 are int64, fractions and larger numbers are double",
          "[lua][value]") {
  auto p = ParamsOf("{0, -7, 2^53, -(2^53), 2^53 * 4, 1.5, -0.25}");
  REQUIRE(p.size() == 7);
  CHECK(std::get<int64_t>(p[0]) == 0);
  CHECK(std::get<int64_t>(p[1]) == -7);
  CHECK(std::get<int64_t>(p[2]) == 9007199254740992LL);
  CHECK(std::get<int64_t>(p[3]) == -9007199254740992LL);
  CHECK(std::get<double>(p[4]) == std::ldexp(1.0, 55));
  CHECK(std::get<double>(p[5]) == 1.5);
  CHECK(std::get<double>(p[6]) == -0.25);
}

TEST_CASE("strings with zero bytes and unicode survive as parameters", "[lua][value]") {
  auto p = ParamsOf("{'a\\0b\\0', 'h\\195\\169llo \\240\\159\\152\\128', ''}");
  REQUIRE(p.size() == 3);
  CHECK(std::get<std::string>(p[0]) == std::string("a\0b\0", 4));
  CHECK(std::get<std::string>(p[1]) == "h\xC3\xA9llo \xF0\x9F\x98\x80");
  CHECK(std::get<std::string>(p[2]).empty());
}

TEST_CASE("result cells reach Lua with their type and bytes intact", "[lua][value]") {
  RecordingExecutor ex;
  ex.rows.columns = {"i", "d", "s", "b", "blob", "n"};
  ex.rows.rows = {{int64_t{9007199254740992LL}, 0.5, std::string("x\0y", 3), true,
                   ops::Blob{std::string("\0\1", 2)}, ops::Null{}}};
  RequireOk(RunUpgrade(ex, R"lua(
    local r = op.query('SELECT')[1]
    assert(r.i == 2^53, 'int')
    assert(r.d == 0.5, 'double')
    assert(r.s == 'x\0y' and #r.s == 3, 'string with zero byte')
    assert(r.b == true, 'bool')
    assert(#r.blob == 2 and r.blob:byte(2) == 1, 'blob')
    assert(r.n == op.NULL and r.n ~= nil, 'null')
    op.execute('INSERT', { r.i, r.d, r.s, r.b, r.n })
  )lua"));
  const auto& p = OnlyOp<ops::ExecuteSql>(ex).params;
  REQUIRE(p.size() == 5);
  CHECK(std::get<int64_t>(p[0]) == 9007199254740992LL);
  CHECK(std::get<double>(p[1]) == 0.5);
  CHECK(std::get<std::string>(p[2]) == std::string("x\0y", 3));
  CHECK(std::get<bool>(p[3]));
  CHECK(std::holds_alternative<ops::Null>(p[4]));
}

TEST_CASE("a default value may be op.NULL, a string or a number", "[lua][value]") {
  RecordingExecutor ex;
  RequireOk(RunUpgrade(ex, R"lua(
    op.create_table('t', {
      { 'a', 'text', default = op.NULL },
      { 'b', 'text', default = "it's" },
      { 'c', 'real', default = 0.5 },
    })
  )lua"));
  const auto& cols = OnlyOp<ops::CreateTable>(ex).columns;
  REQUIRE(cols.size() == 3);
  REQUIRE(cols[0].default_value);
  CHECK(std::holds_alternative<ops::Null>(*cols[0].default_value));
  CHECK(std::get<std::string>(*cols[1].default_value) == "it's");
  CHECK(std::get<double>(*cols[2].default_value) == 0.5);
}

}  // namespace
}  // namespace luamig::lua
