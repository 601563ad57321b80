// SPDX-License-Identifier: MIT
#include "cli/json.h"

namespace luamig::cli {

double Ms(std::chrono::microseconds d) { return static_cast<double>(d.count()) / 1000.0; }

Json ToJson(const RevisionInfo& r) {
  Json j;
  j["id"] = r.id;
  j["down_revisions"] = r.down_revisions;
  j["branch_labels"] = r.branch_labels;
  j["inherited_labels"] = r.inherited_labels;
  j["depends_on"] = r.depends_on;
  j["message"] = r.message;
  j["file"] = r.file;
  j["create_date"] = r.create_date;
  j["is_head"] = r.is_head;
  j["is_effective_head"] = r.is_effective_head;
  j["is_current"] = r.is_current;
  j["is_implied"] = r.is_implied;
  j["is_branch_point"] = r.is_branch_point;
  j["is_merge"] = r.is_merge;
  j["children"] = r.children;
  if (!r.doc.empty()) j["doc"] = r.doc;
  return j;
}

Json ToJson(const std::vector<RevisionInfo>& revs) { return ToJsonList(revs); }

Json ToJson(const StepInfo& s, std::chrono::microseconds duration) {
  Json j;
  j["revision"] = s.revision;
  j["direction"] = s.direction == Direction::kUpgrade ? "upgrade" : "downgrade";
  j["message"] = s.message;
  j["file"] = s.file;
  j["stamp_only"] = s.stamp_only;
  j["duration_ms"] = Ms(duration);
  return j;
}

Json ToJson(const ChangedScript& c) {
  Json j;
  j["revision"] = c.revision;
  j["file"] = c.file;
  j["applied_checksum"] = c.applied_checksum;
  j["current_checksum"] = c.current_checksum;
  j["applied_at"] = c.applied_at;
  return j;
}

Json ToJson(const UnknownRevision& u) {
  Json j;
  j["revision"] = u.revision;
  j["message"] = u.message;
  j["applied_at"] = u.applied_at;
  j["source_stored"] = u.source_stored;
  return j;
}

Json ToJson(const BranchPoint& b) {
  Json j;
  j["revision"] = ToJson(b.revision);
  j["children"] = ToJson(b.children);
  return j;
}

namespace {

// Machine names (StatusCodeName is worded for people: "usage error").
const char* CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kUsage:
      return "usage";
    case StatusCode::kProject:
      return "project";
    case StatusCode::kMigration:
      return "migration";
    case StatusCode::kDatabase:
      return "database";
    case StatusCode::kLockTimeout:
      return "lock_timeout";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace

Json ErrorJson(const Status& s, int exit_code) {
  Json j;
  j["code"] = CodeName(s.code());
  j["exit_code"] = exit_code;
  j["message"] = s.message();
  j["revision"] = s.revision();
  j["file"] = s.file();
  j["line"] = s.line();
  j["sql"] = s.sql();
  j["sqlstate"] = s.sqlstate();
  j["revisions"] = s.revisions();
  j["hint"] = s.hint();
  return j;
}

}  // namespace luamig::cli
