// SPDX-License-Identifier: MIT
#include "runtime/error_location.h"

namespace luamig::runtime {
namespace {

constexpr const char kEllipsis[] = "...";

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() &&
         s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Whether `shown` is Lua's shortened rendering of `full`.
bool IsShortened(const std::string& shown, const std::string& full) {
  if (shown.rfind(kEllipsis, 0) != 0) return false;
  return EndsWith(full, shown.substr(sizeof(kEllipsis) - 1));
}

// The message with a leading "<shortened name>:<line>: " spelled out in full.
std::string FullMessage(const Status& s, const std::string& full_name) {
  std::string message = s.message();
  if (s.line() <= 0) return message;
  size_t end = message.find(":" + std::to_string(s.line()) + ": ");
  if (end != std::string::npos && IsShortened(message.substr(0, end), full_name)) {
    message.replace(0, end, full_name);
  }
  return message;
}

// Status has no message setter: rebuild it with every detail kept.
Status Relocated(const Status& s, const std::string& full_name) {
  Status out(s.code(), FullMessage(s, full_name));
  out.WithRevision(s.revision())
      .WithFile(full_name, s.line())
      .WithSql(s.sql())
      .WithSqlState(s.sqlstate())
      .WithRevisions(s.revisions())
      .WithHint(s.hint());
  return out;
}

}  // namespace

Status WithFullScriptName(Status s, const std::string& full_name) {
  if (s.ok()) return s;
  if (s.file().empty() || s.file() == full_name || IsShortened(s.file(), full_name)) {
    return Relocated(s, full_name);
  }
  return s;
}

Status WithFullScriptName(Status s, const std::vector<ScriptFile>& files) {
  if (s.ok()) return s;
  for (const auto& f : files) {
    if (s.file() == f.name || IsShortened(s.file(), f.name)) return Relocated(s, f.name);
  }
  return s;
}

}  // namespace luamig::runtime
