// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include <iostream>

namespace luamig::cli {
namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string Millis(std::chrono::microseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

const char* Verb(const StepInfo& s) {
  if (s.stamp_only) return "stamp";
  return s.direction == Direction::kUpgrade ? "upgrade" : "downgrade";
}

}  // namespace

void ProgressPrinter::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  if (o_.verbosity < 2) return;
  std::cout << "  [" << index + 1 << "/" << total << "] running " << Verb(step) << " "
            << step.revision << " (" << step.file << ")" << std::endl;
}

void ProgressPrinter::OnStepFinished(const StepInfo& step,
                                     std::chrono::microseconds took) {
  ++finished_;
  if (o_.verbosity < 1) return;
  std::cout << "  " << (step.direction == Direction::kUpgrade ? "+" : "-") << " "
            << Verb(step) << " " << step.revision;
  if (!step.message.empty()) std::cout << "  " << step.message;
  std::cout << "  (" << Millis(took) << ")" << std::endl;
}

void ProgressPrinter::OnWaitingForLock(const std::string& what) {
  std::cerr << "waiting for another luamig run to release the migration lock on " << what
            << " ..." << std::endl;
}

void ProgressPrinter::OnLog(const std::string& revision, const std::string& message) {
  if (o_.verbosity >= 1) std::cout << "    [" << revision << "] " << message << std::endl;
}

void ProgressPrinter::OnWarning(const std::string& message) {
  std::cerr << "warning: " << message << std::endl;
}

std::string RevisionLine(const RevisionInfo& rev, bool verbose) {
  std::string line = rev.id;
  std::vector<std::string> tags;
  if (rev.is_head) tags.push_back("head");
  if (rev.is_current) tags.push_back("current");
  if (rev.is_branch_point) tags.push_back("branchpoint");
  if (rev.is_merge) tags.push_back("mergepoint");
  for (const auto& l : rev.branch_labels) tags.push_back(l);
  if (!tags.empty()) line += " (" + Join(tags, ", ") + ")";
  if (!rev.message.empty()) line += ", " + rev.message;
  if (verbose) line += "  [" + rev.file + "]";
  return line;
}

std::string RevisionBlock(const RevisionInfo& rev) {
  std::string out = "Rev: " + RevisionLine(rev, false) + "\n";
  out += "Parent: " +
         (rev.down_revisions.empty() ? "<base>" : Join(rev.down_revisions, ", ")) + "\n";
  if (!rev.branch_labels.empty())
    out += "Branch names: " + Join(rev.branch_labels, ", ") + "\n";
  if (!rev.depends_on.empty())
    out += "Also depends on: " + Join(rev.depends_on, ", ") + "\n";
  out += "Path: " + rev.file + "\n";
  return out;
}

namespace {

// The message without a leading "file:line: " that the file line repeats.
std::string MessageWithoutLocation(const Status& s) {
  const std::string& m = s.message();
  if (s.file().empty()) return m;
  std::string prefix = s.file() + ":";
  if (s.line() > 0) prefix += std::to_string(s.line()) + ":";
  if (m.size() > prefix.size() + 1 && m.compare(0, prefix.size(), prefix) == 0) {
    return m.substr(m[prefix.size()] == ' ' ? prefix.size() + 1 : prefix.size());
  }
  return m;
}

}  // namespace

void PrintError(const Status& s, bool verbose) {
  std::cerr << "error: " << MessageWithoutLocation(s) << "\n";
  if (!s.revision().empty()) std::cerr << "  revision: " << s.revision() << "\n";
  if (!s.file().empty()) {
    std::cerr << "  file: " << s.file();
    if (s.line() > 0) std::cerr << ":" << s.line();
    std::cerr << "\n";
  }
  if (!s.sql().empty()) std::cerr << "  sql: " << s.sql() << "\n";
  if (!s.sqlstate().empty()) std::cerr << "  code: " << s.sqlstate() << "\n";
  if (!s.revisions().empty())
    std::cerr << "  revisions: " << Join(s.revisions(), ", ") << "\n";
  std::string hint = s.hint();
  size_t trace = hint.find("stack traceback:");
  if (!verbose && trace != std::string::npos) hint = hint.substr(0, trace);
  while (!hint.empty() && hint.back() == '\n') hint.pop_back();
  if (!hint.empty()) std::cerr << "  " << hint << "\n";
  std::cerr.flush();
}

}  // namespace luamig::cli
