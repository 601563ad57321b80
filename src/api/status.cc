// SPDX-License-Identifier: MIT
// `status`: where the database stands, read without writing anything.
#include <filesystem>

#include "api/migrator_impl.h"
#include "runtime/check.h"

namespace luamig {

bool Migrator::Impl::MissingSqliteFile() const {
  const util::DatabaseUrl& u = parsed_url;
  if (options.sqlite_handle || conn || u.scheme != "sqlite" || u.memory) return false;
  std::error_code ec;
  return !std::filesystem::exists(u.target, ec);
}

Status Migrator::Impl::RequireDatabaseFile() const {
  if (!options.require_existing_database || !MissingSqliteFile()) return Status::Ok();
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(parsed_url.target, ec);
  return Status::Database("SQLite database file " +
                          (ec ? parsed_url.target : abs.lexically_normal().string()) +
                          " does not exist")
      .WithHint(
          "read-only commands do not create it; check the URL, or create it with "
          "`luamig upgrade head`");
}

Result<StatusReport> Migrator::GetStatus() {
  StatusReport report;
  report.database = DatabaseDescription();
  LUAMIG_ASSIGN_OR_RETURN(report.heads, Heads());
  report.database_exists = !impl_->MissingSqliteFile();
  if (report.database_exists) {
    LUAMIG_ASSIGN_OR_RETURN(report.current, Current());
    LUAMIG_ASSIGN_OR_RETURN(CheckReport check, Check());
    report.unknown = std::move(check.unknown);
    report.changed = std::move(check.changed);
  }
  if (report.unknown.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(report.pending, Pending("heads"));
  }
  return report;
}

}  // namespace luamig
