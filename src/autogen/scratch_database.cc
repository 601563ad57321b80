// SPDX-License-Identifier: MIT
#include "autogen/scratch_database.h"

#include <filesystem>
#include <random>

#include "db/open.h"
#include "util/url.h"

namespace luamig::autogen {
namespace {

std::string RandomHex(int digits) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  uint64_t n = rng();
  for (int i = 0; i < digits; ++i, n >>= 4) out += kHex[n & 15];
  return out;
}

Status Admin(const std::string& server_url, const std::string& sql) {
  LUAMIG_ASSIGN_OR_RETURN(util::DatabaseUrl parsed, util::ParseDatabaseUrl(server_url));
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn,
                          db::OpenConnection(parsed, std::chrono::milliseconds(5000)));
  return conn->Execute(sql);
}

}  // namespace

std::string WithDatabase(const std::string& url, const std::string& database) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  size_t end = query == std::string::npos ? url.size() : query;
  // The path starts at the first '/' after the host: a password may hold
  // one (unencoded), so look past the userinfo first.
  size_t at = url.rfind('@', end);
  size_t host = at == std::string::npos || at < start ? start : at + 1;
  size_t path = url.find('/', host);
  if (path == std::string::npos || path > end)
    return url.substr(0, end) + "/" + database + url.substr(end);
  return url.substr(0, path + 1) + database + url.substr(end);
}

Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::Create(
    const std::string& scratch_url) {
  std::unique_ptr<ScratchDatabase> s(new ScratchDatabase());
  if (scratch_url.empty()) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) return Status::Database("no temporary directory: " + ec.message());
    for (int i = 0; i < 100 && s->file_.empty(); ++i) {
      std::filesystem::path p = dir / ("luamig-test-" + RandomHex(12) + ".db");
      if (!std::filesystem::exists(p, ec)) s->file_ = p.string();
    }
    s->url_ = "sqlite:///" + s->file_;
    s->dialect_ = "sqlite";
    return s;
  }
  LUAMIG_ASSIGN_OR_RETURN(util::DatabaseUrl parsed, util::ParseDatabaseUrl(scratch_url));
  s->dialect_ = parsed.scheme;
  if (parsed.scheme == "sqlite") {
    std::error_code ec;
    if (parsed.memory)
      return Status::Usage("a scratch database must be a file or a server, not :memory:");
    if (std::filesystem::exists(parsed.target, ec))
      return Status::Usage("scratch database " + parsed.target +
                           " already exists; luamig test creates its own and removes it")
          .WithHint("name a file that does not exist, or leave --scratch-url out");
    s->file_ = parsed.target;
    s->url_ = scratch_url;
    return s;
  }
  s->server_url_ = scratch_url;
  s->name_ = "luamig_test_" + RandomHex(12);
  Status made = Admin(scratch_url, "CREATE DATABASE \"" + s->name_ + "\"");
  if (!made.ok())
    return Status::Database("cannot create the scratch database on " +
                            util::MaskPassword(scratch_url) + ": " + made.message())
        .WithHint(
            "the role needs CREATEDB (ALTER ROLE … CREATEDB), or give a server where "
            "it has it");
  s->url_ = WithDatabase(scratch_url, s->name_);
  return s;
}

std::string ScratchDatabase::Describe() const { return util::MaskPassword(url_); }

Status ScratchDatabase::Drop() {
  if (dropped_) return Status::Ok();
  dropped_ = true;
  if (!file_.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      std::filesystem::remove(file_ + suffix, ec);
    return Status::Ok();
  }
  if (name_.empty()) return Status::Ok();
  return Admin(server_url_, "DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
}

ScratchDatabase::~ScratchDatabase() {
  if (!keep_) (void)Drop();
}

}  // namespace luamig::autogen
