// SPDX-License-Identifier: MIT
#include "luamig/status.h"

#include <sstream>

namespace luamig {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kUsage:
      return "usage error";
    case StatusCode::kProject:
      return "project error";
    case StatusCode::kMigration:
      return "migration error";
    case StatusCode::kDatabase:
      return "database error";
    case StatusCode::kLockTimeout:
      return "lock timeout";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::ostringstream out;
  out << message_;
  if (!revision_.empty()) out << "\n  revision: " << revision_;
  if (!file_.empty()) {
    out << "\n  file: " << file_;
    if (line_ > 0) out << ":" << line_;
  }
  if (!sql_.empty()) out << "\n  sql: " << sql_;
  if (!sqlstate_.empty()) out << "\n  sqlstate: " << sqlstate_;
  if (!hint_.empty()) out << "\n  " << hint_;
  return out.str();
}

}  // namespace luamig
