// SPDX-License-Identifier: MIT
#include "luamig/secrets.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "util/strings.h"
#include "util/url.h"

extern char** environ;

namespace luamig {
namespace {

// Whether a variable's value looks like a connection string worth reading.
bool MayHoldUrl(std::string_view value) {
  return value.find("://") != std::string_view::npos ||
         value.find("password") != std::string_view::npos ||
         util::StartsWith(util::ToLower(value.substr(0, 8)), "postgres");
}

}  // namespace

bool IsSecretVariableName(std::string_view name) {
  std::string upper;
  for (char c : name)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* word : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return upper == "PGPASSWORD" || upper == "PGSSLPASSWORD";
}

void SecretSet::Add(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  // Longest first: a secret that contains another is replaced whole.
  std::stable_sort(
      secrets_.begin(), secrets_.end(),
      [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void SecretSet::AddFrom(std::string_view text) {
  for (const auto& s : util::SecretsIn(text)) Add(s);
}

void SecretSet::AddFromEnvironment() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = entry.substr(0, eq), value = entry.substr(eq + 1);
    if (IsSecretVariableName(name)) Add(value);
    if (MayHoldUrl(value)) AddFrom(value);
  }
}

std::string SecretSet::Scrub(std::string_view text) const {
  std::string out(text);
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& s : secrets_) out = util::Redact(std::move(out), s);
  return out;
}

Status SecretSet::Scrub(Status s) const {
  if (s.ok() || empty()) return s;
  Status out(s.code(), Scrub(s.message()));
  if (!s.revision().empty()) out.WithRevision(s.revision());
  if (!s.file().empty()) out.WithFile(Scrub(s.file()), s.line());
  if (!s.sql().empty()) out.WithSql(Scrub(s.sql()));
  if (!s.sqlstate().empty()) out.WithSqlState(s.sqlstate());
  if (!s.revisions().empty()) out.WithRevisions(s.revisions());
  if (!s.hint().empty()) out.WithHint(Scrub(s.hint()));
  return out;
}

bool SecretSet::empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return secrets_.empty();
}

}  // namespace luamig
