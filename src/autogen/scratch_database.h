// SPDX-License-Identifier: MIT
// The throwaway database `luamig test` upgrades and downgrades: a temporary
// SQLite file, or a PostgreSQL database created on a given server and
// dropped afterwards.
#ifndef LUAMIG_AUTOGEN_SCRATCH_DATABASE_H_
#define LUAMIG_AUTOGEN_SCRATCH_DATABASE_H_

#include <memory>
#include <string>

#include "luamig/status.h"

namespace luamig::autogen {

class ScratchDatabase {
 public:
  /// `scratch_url`:
  ///  - "": a new temporary SQLite file (in the system's temp directory);
  ///  - sqlite:///path: that file, which must not exist yet;
  ///  - postgresql://…: a server on which a database luamig_test_<hex> is
  ///    created (CREATE DATABASE, so the role needs CREATEDB); the URL's own
  ///    database is only used to create and drop it.
  /// Errors: kUsage (a malformed URL, an existing SQLite file), kDatabase.
  static Result<std::unique_ptr<ScratchDatabase>> Create(const std::string& scratch_url);
  /// Drops the database (or removes the file) unless Keep() was called.
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  /// The scratch database's URL (password included: never print it).
  const std::string& url() const { return url_; }
  /// "sqlite" or "postgresql".
  const std::string& dialect() const { return dialect_; }
  /// The URL with its password masked.
  std::string Describe() const;
  /// Leaves the database in place when this object goes.
  void Keep() { keep_ = true; }
  /// Drops it now (PostgreSQL: DROP DATABASE … WITH (FORCE)); idempotent.
  Status Drop();

 private:
  ScratchDatabase() = default;
  std::string url_, dialect_;
  std::string server_url_;  // PostgreSQL: where the database was created
  std::string name_;        // PostgreSQL: its name
  std::string file_;        // SQLite: the file
  bool keep_ = false, dropped_ = false;
};

/// `url` (postgresql://…) with its database replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database);

}  // namespace luamig::autogen

#endif  // LUAMIG_AUTOGEN_SCRATCH_DATABASE_H_
