// SPDX-License-Identifier: MIT
// What a host embedding luamig relies on: Migrators on several threads,
// memory and directory sources planning alike, and a library that writes
// nothing to stdout/stderr unless it was given a logger.
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <sstream>
#include <thread>

#include "api/embed_fixture.h"
#include "support/memory_migrator.h"

namespace luamig {
namespace {

using testing::FileBytes;
using testing::FiveRevisions;
using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

TEST_CASE("two Migrators on two threads migrate two databases at once",
          "[api][threads]") {
  TempProject p;
  auto shared = std::shared_ptr<ScriptSource>(NewMemorySource(FiveRevisions()));
  Strings errors(2);
  auto work = [&](int i) {
    auto o = MemoryOptions(p, {}, "db" + std::to_string(i) + ".db");
    o.scripts = shared;  // one source, listed from both threads
    auto m = Migrator::Open(std::move(o));
    if (!m.ok()) return void(errors[i] = m.status().ToString());
    for (int round = 0; round < 3; ++round) {
      auto up = (*m)->Upgrade("head");
      auto down = up.ok() ? (*m)->Downgrade("base") : up;
      if (!down.ok()) return void(errors[i] = down.status().ToString());
    }
    auto up = (*m)->Upgrade("head");
    if (!up.ok()) errors[i] = up.status().ToString();
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  CHECK(errors == Strings{"", ""});
  CHECK(SqliteVersions(p.Path("db0.db")) == Strings{"r5"});
  CHECK(SqliteVersions(p.Path("db1.db")) == Strings{"r5"});
}

TEST_CASE("memory and directory sources with the same scripts plan alike",
          "[api][sources]") {
  TempProject p;
  for (const auto& f : FiveRevisions()) p.Write("versions/" + f.name, f.source);
  auto mem = OpenOrFail(MemoryOptions(p, FiveRevisions(), "mem.db"));
  auto dir_opts = MemoryOptions(p, {}, "dir.db");
  dir_opts.scripts = nullptr;  // config.version_locations = {"versions"}
  auto dir = OpenOrFail(std::move(dir_opts));
  for (const char* target : {"heads", "r3", "+2"}) {
    auto a = mem->Pending(target);
    auto b = dir->Pending(target);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->size() == b->size());
    for (size_t i = 0; i < a->size(); ++i) {
      CHECK((*a)[i].id == (*b)[i].id);
      CHECK((*a)[i].message == (*b)[i].message);
      CHECK((*a)[i].down_revisions == (*b)[i].down_revisions);
    }
  }
}

// Runs `body` with fd 1 and 2 sent to a file; returns what was written.
template <typename F>
std::string CapturedOutput(const std::string& file, F body) {
  std::fflush(stdout);
  std::fflush(stderr);
  int saved_out = dup(1), saved_err = dup(2);
  FILE* sink = std::fopen(file.c_str(), "w");
  dup2(fileno(sink), 1);
  dup2(fileno(sink), 2);
  body();
  std::fflush(stdout);
  std::fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);
  close(saved_out);
  close(saved_err);
  std::fclose(sink);
  return FileBytes(file);
}

// A history that logs, warns (op.log, print) and then fails at r3.
std::vector<ScriptFile> Noisy() {
  auto files = FiveRevisions(/*fail_at_3=*/true);
  files[0].source +=
      "\nlocal up = upgrade\nfunction upgrade(op) op.log('hello') "
      "print('printed') up(op) end\n";
  return files;
}

TEST_CASE("the library writes nothing to stdout or stderr without a logger",
          "[api][logging]") {
  TempProject p;
  bool ok = true;
  std::string out = CapturedOutput(p.Path("out.txt"), [&] {
    auto m = Migrator::Open(MemoryOptions(p, Noisy()));
    ok = m.ok() && !(*m)->Upgrade("head").ok() && (*m)->Current().ok() &&
         (*m)->Check().ok() && (*m)->Downgrade("base").ok();
  });
  CHECK(ok);
  CHECK(out == "");
}

TEST_CASE("with a logger, runs, plans, steps and SQL are logged to it",
          "[api][logging]") {
  TempProject p;
  std::ostringstream lines;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  auto logger = std::make_shared<spdlog::logger>("game", sink);
  logger->set_level(spdlog::level::debug);
  logger->set_pattern("%l %v");
  auto o = MemoryOptions(p, Noisy());
  o.logger = logger;
  testing::RecordingEvents events;
  o.events = &events;  // still receives every event
  std::string out = CapturedOutput(p.Path("out.txt"), [&] {
    auto m = OpenOrFail(std::move(o));
    (void)m->Upgrade("head");
  });
  CHECK(out == "");
  const std::string log = lines.str();
  CHECK(log.find("debug luamig: upgrade to 'head' on sqlite:///") != std::string::npos);
  CHECK(log.find("debug luamig: plan of 5 step(s): r1, r2, r3, r4, r5") !=
        std::string::npos);
  CHECK(log.find("debug luamig: [1/5] upgrade r1") != std::string::npos);
  CHECK(log.find("debug luamig: SQL: CREATE TABLE") != std::string::npos);
  CHECK(log.find("info luamig: r1: hello") != std::string::npos);
  CHECK(events.lines.front() == "plan r1,r2,r3,r4,r5");
}

}  // namespace
}  // namespace luamig
