// SPDX-License-Identifier: MIT
// The secrets luamig must never print or store, and the one function that
// takes them out of text.
#ifndef LUAMIG_SECRETS_H_
#define LUAMIG_SECRETS_H_

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "luamig/status.h"

namespace luamig {

/// A set of secrets (database passwords, and whatever else the host adds)
/// and Scrub(), which replaces each of them by "***" in a piece of text.
///
/// The luamig command line scrubs every line it prints with one SecretSet;
/// a Migrator scrubs what it reports (events, errors) and what it stores
/// (luamig_history rows) with the set in MigratorOptions::secrets.
///
/// Thread-safe: Add* and Scrub may be called from any thread.
class SecretSet {
 public:
  SecretSet() = default;
  SecretSet(const SecretSet&) = delete;
  SecretSet& operator=(const SecretSet&) = delete;

  /// Adds `secret` as it is (ignored when empty).
  void Add(std::string_view secret);
  /// Adds every password `text` holds or may hold: the password libpq reads
  /// from a PostgreSQL URL or keyword/value string, or, for any other text
  /// (a malformed URL, an argument list, a config file's source), every
  /// user:PASSWORD@ and password=… it contains, as written and
  /// percent-decoded.
  void AddFrom(std::string_view text);
  /// Adds PGPASSWORD, PGSSLPASSWORD and the value of every variable whose name
  /// says it is a secret (PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL), plus
  /// the passwords in every variable that holds a database URL.
  void AddFromEnvironment();

  /// `text` with every secret replaced by "***". An occurrence that is only
  /// part of a longer word (letters, digits, '_') is kept, so a password
  /// "postgres" leaves "postgresql://" readable.
  std::string Scrub(std::string_view text) const;
  /// A Status with every text field scrubbed.
  Status Scrub(Status status) const;

  bool empty() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> secrets_;  // longest first
};

/// Whether an environment variable's name says it holds a secret.
bool IsSecretVariableName(std::string_view name);

}  // namespace luamig

#endif  // LUAMIG_SECRETS_H_
