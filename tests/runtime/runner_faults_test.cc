// SPDX-License-Identifier: MIT
// The runner under injected faults, built directly (no api layer) over
// in-memory scripts and a FaultyConnection: a statement, a commit or the
// version-row write that fails, a connection that drops — and the sweep that
// fails every statement of a ten-revision run in turn, on SQLite and on
// PostgreSQL, and checks that the version table and the schema agree and
// that a rerun completes ("a crash never leaves the table and the schema
// disagreeing", DESIGN.md).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "runtime/runner.h"
#include "support/backends.h"
#include "support/faulty_connection.h"
#include "support/runner_harness.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::FaultyConnection;
using testing::RunnerHarness;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

std::string Rev(int i) { return (i < 10 ? "r0" : "r") + std::to_string(i); }
std::string Table(int i) { return "t" + Rev(i).substr(1); }

// r01 … r<n> in a chain; each creates its table and notes itself in `trace`
// (which r01 creates), so that a revision applied twice would show.
std::vector<ScriptFile> Chain(int n) {
  std::vector<ScriptFile> out;
  for (int i = 1; i <= n; ++i) {
    std::string up;
    if (i == 1) up += "op.create_table(\"trace\", { { \"rev\", \"text\" } })\n";
    up += "op.create_table(\"" + Table(i) +
          "\", { { \"id\", \"integer\", primary_key = true } })\n";
    up += "op.execute(\"INSERT INTO trace (rev) VALUES ($1)\", { \"" + Rev(i) + "\" })";
    std::string down = "op.drop_table(\"" + Table(i) + "\")";
    if (i == 1) down += "\nop.drop_table(\"trace\")";
    out.push_back({Rev(i) + ".lua", Script(Rev(i), i == 1 ? "" : Rev(i - 1), up, down)});
  }
  return out;
}

// What the database says it has, and whether that is consistent: the version
// row names revision K, exactly t01 … tK exist, trace lists r01 … rK once
// each, and history has one upgrade row per applied revision.
struct Consistency {
  int applied = 0;
  bool agrees = false;
  std::string detail;
};

Consistency Check(TestDatabase& db, int n) {
  Consistency c;
  Strings versions = db.Versions();
  if (versions.size() > 1) {
    c.detail = "several version rows";
    return c;
  }
  for (int i = 1; i <= n && !versions.empty(); ++i)
    if (versions[0] == Rev(i)) c.applied = i;
  Strings want_tables, want_trace, want_history;
  for (int i = 1; i <= c.applied; ++i) {
    want_tables.push_back(Table(i));
    want_trace.push_back(Rev(i));
    want_history.push_back(Rev(i) + " upgrade");
  }
  if (c.applied > 0) want_tables.push_back("trace");
  std::sort(want_tables.begin(), want_tables.end());
  Strings tables = db.Tables();
  Strings trace = c.applied > 0 || db.HasTable("trace")
                      ? db.Column("SELECT rev FROM trace ORDER BY rev")
                      : Strings{};
  Strings history = db.History();
  c.agrees = tables == want_tables && trace == want_trace && history == want_history;
  if (!c.agrees) {
    c.detail = "version " + (versions.empty() ? std::string("<base>") : versions[0]) +
               ", " + std::to_string(tables.size()) + " tables, " +
               std::to_string(trace.size()) + " trace rows, " +
               std::to_string(history.size()) + " history rows";
  }
  return c;
}

Result<RunResult> RunOn(RunnerHarness& h, db::Connection& conn,
                        const runtime::RunRequest& request,
                        runtime::RunSettings settings = {}) {
  db::LiveSink sink(conn);
  runtime::RunContext ctx = h.Context(util::Clock::Real(), std::move(settings));
  runtime::Runner runner(ctx, sink);
  return runner.Run(request);
}

TEST_CASE("a failing statement rolls back its migration with its version row",
          "[runtime][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Chain(3), db.backend(), db.schema());
  FaultyConnection conn(db.Connect());
  // Find the statement that inserts r02's trace row, then fail it.
  {
    TempProject dry_project;
    TestDatabase dry(db.backend(), dry_project);
    RunnerHarness dry_h(Chain(3), dry.backend(), dry.schema());
    FaultyConnection counting(dry.Connect());
    REQUIRE(RunOn(dry_h, counting, RunnerHarness::Upgrade("head")).ok());
    const Strings& log = counting.log();
    int seen = 0;
    for (size_t i = 0; i < log.size(); ++i) {
      if (log[i].rfind("INSERT INTO trace", 0) == 0 && ++seen == 2)
        conn.faults.fail_statement = static_cast<int>(i) + 1;
    }
  }
  REQUIRE(conn.faults.fail_statement > 0);
  auto run = RunOn(h, conn, RunnerHarness::Upgrade("head"));
  REQUIRE_FALSE(run.ok());
  CHECK(conn.struck());
  CHECK(run.status().revision() == "r02");
  CHECK_THAT(run.status().message(), Catch::Contains("injected fault"));
  CHECK(db.Versions() == Strings{"r01"});
  CHECK(db.Tables() == Strings{"t01", "trace"});
  CHECK(db.History() == Strings{"r01 upgrade"});
}

TEST_CASE("a failing version-row write rolls back the migration's own work",
          "[runtime][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Chain(2), db.backend(), db.schema());
  FaultyConnection conn(db.Connect());
  conn.faults.fail_write_to = h.tables().VersionTable();
  auto run = RunOn(h, conn, RunnerHarness::Upgrade("head"));
  REQUIRE_FALSE(run.ok());
  CHECK(conn.struck());
  CHECK(run.status().revision() == "r01");
  CHECK(db.Versions().empty());
  CHECK(db.Tables().empty());
  CHECK(db.History().empty());
}

TEST_CASE("a commit that fails before it is sent keeps nothing of its migration",
          "[runtime][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Chain(3), db.backend(), db.schema());
  FaultyConnection conn(db.Connect());
  conn.faults.fail_commit = 2;
  auto run = RunOn(h, conn, RunnerHarness::Upgrade("head"));
  REQUIRE_FALSE(run.ok());
  CHECK(db.Versions() == Strings{"r01"});
  CHECK(db.Tables() == Strings{"t01", "trace"});
}

TEST_CASE("a commit whose reply is lost leaves a consistent database a rerun finishes",
          "[runtime][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Chain(3), db.backend(), db.schema());
  {
    FaultyConnection conn(db.Connect());
    conn.faults.fail_commit = 2;
    conn.faults.after = true;
    REQUIRE_FALSE(RunOn(h, conn, RunnerHarness::Upgrade("head")).ok());
  }
  Consistency c = Check(db, 3);
  INFO(c.detail);
  CHECK(c.agrees);
  CHECK(c.applied == 2);
  auto conn = db.Connect();
  auto rerun = RunOn(h, *conn, RunnerHarness::Upgrade("head"));
  REQUIRE(rerun.ok());
  CHECK(rerun->steps.size() == 1);
  CHECK(Check(db, 3).applied == 3);
}

TEST_CASE(
    "a connection dropped mid-migration leaves the last commit, and a rerun completes",
    "[runtime][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Chain(4), db.backend(), db.schema());
  int total = 0;
  {
    TempProject q;
    TestDatabase dry(db.backend(), q);
    RunnerHarness dry_h(Chain(4), dry.backend(), dry.schema());
    FaultyConnection c(dry.Connect());
    REQUIRE(RunOn(dry_h, c, RunnerHarness::Upgrade("head")).ok());
    total = c.statements();
  }
  {
    FaultyConnection conn(db.Connect());
    conn.faults.drop_at_statement = total / 2;
    auto run = RunOn(h, conn, RunnerHarness::Upgrade("head"));
    REQUIRE_FALSE(run.ok());
    CHECK_THAT(run.status().message(), Catch::Contains("dropped"));
  }
  Consistency c = Check(db, 4);
  INFO(c.detail);
  CHECK(c.agrees);
  CHECK(c.applied > 0);
  CHECK(c.applied < 4);
  auto conn = db.Connect();
  REQUIRE(RunOn(h, *conn, RunnerHarness::Upgrade("head")).ok());
  CHECK(Check(db, 4).applied == 4);
  CHECK(Check(db, 4).agrees);
}

// The sweep. For every statement index N of a clean ten-revision run (and
// every commit), a fresh database, the run with statement N failing (before
// it reaches the database, or after it ran there), the check, then a rerun.
struct SweepFigures {
  int runs = 0;
  int failed = 0;
  int disagreements = 0;
  int reruns_incomplete = 0;
};

void SweepOne(const std::string& backend, int n, const FaultyConnection::Faults& faults,
              bool per_migration, SweepFigures* figures) {
  TempProject p;
  TestDatabase db(backend, p);
  RunnerHarness h(Chain(n), backend, db.schema());
  runtime::RunSettings settings;
  settings.transaction_per_migration = per_migration;
  {
    FaultyConnection conn(db.Connect());
    conn.faults = faults;
    auto run = RunOn(h, conn, RunnerHarness::Upgrade("head"), settings);
    ++figures->runs;
    if (conn.struck()) ++figures->failed;
  }
  Consistency c = Check(db, n);
  if (!c.agrees) {
    ++figures->disagreements;
    FAIL_CHECK("after fault (statement " << faults.fail_statement << ", commit "
                                         << faults.fail_commit << ", after "
                                         << faults.after << "): " << c.detail);
  }
  auto conn = db.Connect();
  auto rerun = RunOn(h, *conn, RunnerHarness::Upgrade("head"), settings);
  Consistency done = Check(db, n);
  if (!rerun.ok() || done.applied != n || !done.agrees) {
    ++figures->reruns_incomplete;
    FAIL_CHECK("rerun after statement " << faults.fail_statement << ": "
                                        << rerun.status().ToString() << " "
                                        << done.detail);
  }
}

TEST_CASE(
    "failing any one statement of a ten-revision run never leaves the version "
    "table and the schema apart",
    "[runtime][faults][sweep][backends]") {
  const std::string backend = LUAMIG_BACKEND();
  const int kRevisions = 10;
  // Statements and commits of a clean run, per transaction mode.
  auto count = [&](bool per_migration) {
    TempProject p;
    TestDatabase db(backend, p);
    RunnerHarness h(Chain(kRevisions), backend, db.schema());
    FaultyConnection conn(db.Connect());
    runtime::RunSettings settings;
    settings.transaction_per_migration = per_migration;
    REQUIRE(RunOn(h, conn, RunnerHarness::Upgrade("head"), settings).ok());
    return std::make_pair(conn.statements(), conn.commits());
  };
  auto [statements, commits] = count(true);
  const int whole_statements = count(false).first;
  SweepFigures figures;
  for (bool after : {false, true}) {
    for (int i = 1; i <= statements; ++i) {
      FaultyConnection::Faults f;
      f.fail_statement = i;
      f.after = after;
      SweepOne(backend, kRevisions, f, true, &figures);
    }
    for (int i = 1; i <= commits; ++i) {
      FaultyConnection::Faults f;
      f.fail_commit = i;
      f.after = after;
      SweepOne(backend, kRevisions, f, true, &figures);
    }
  }
  // One transaction for the whole run: a fault anywhere keeps nothing.
  for (int i = 1; i <= whole_statements; ++i) {
    FaultyConnection::Faults f;
    f.fail_statement = i;
    SweepOne(backend, kRevisions, f, false, &figures);
  }
  WARN("fault sweep on " << backend << ": " << statements << " statements and " << commits
                         << " commits per clean run (" << whole_statements
                         << " statements in one transaction); " << figures.runs
                         << " faulty runs checked, " << figures.failed
                         << " struck by a fault, " << figures.disagreements
                         << " disagreements, " << figures.reruns_incomplete
                         << " incomplete reruns");
  CHECK(figures.failed == figures.runs);  // every fault struck
  CHECK(figures.disagreements == 0);
  CHECK(figures.reruns_incomplete == 0);
}

}  // namespace
}  // namespace luamig
