// SPDX-License-Identifier: MIT
// Opens a luamig::Migrator over in-memory scripts and a SQLite file inside a
// TempProject, and records the events a run reports.
#ifndef LUAMIG_TESTS_SUPPORT_MEMORY_MIGRATOR_H_
#define LUAMIG_TESTS_SUPPORT_MEMORY_MIGRATOR_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "luamig/luamig.h"
#include "support/temp_project.h"

namespace luamig::testing {

/// Records every event as one line: "plan a,b", "start a", "finish a", …
class RecordingEvents final : public EventSink {
 public:
  void OnPlan(const std::vector<StepInfo>& steps) override {
    std::string line = "plan";
    for (size_t i = 0; i < steps.size(); ++i) line += (i ? "," : " ") + steps[i].revision;
    lines.push_back(line);
  }
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override {
    lines.push_back("start " + step.revision + " " + std::to_string(index + 1) + "/" +
                    std::to_string(total));
  }
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds) override {
    lines.push_back("finish " + step.revision);
  }
  void OnLog(const std::string& revision, const std::string& message) override {
    lines.push_back("log " + revision + " " + message);
  }
  std::vector<std::string> lines;
};

/// Options for a Migrator over `scripts` migrating `db_path` (absolute).
inline MigratorOptions MemoryOptions(const TempProject& project,
                                     std::vector<ScriptFile> scripts,
                                     const std::string& db_name = "app.db") {
  MigratorOptions o;
  o.config.project_dir = project.Path();
  o.url = project.SqliteUrl(db_name);
  o.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(std::move(scripts)));
  return o;
}

/// Opens the Migrator or fails the test with the Status text.
inline std::unique_ptr<Migrator> OpenOrFail(MigratorOptions options) {
  auto m = Migrator::Open(std::move(options));
  if (!m.ok()) throw std::runtime_error("Migrator::Open: " + m.status().ToString());
  return std::move(m).value();
}

/// The revision ids of a run's steps, in order.
inline std::vector<std::string> StepIds(const RunResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.steps) out.push_back(s.step.revision);
  return out;
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_MEMORY_MIGRATOR_H_
