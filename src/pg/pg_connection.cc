// SPDX-License-Identifier: MIT
#include "pg/pg_connection.h"

#include <optional>
#include <pqxx/pqxx>

#include "db/one_statement.h"
#include "util/overloaded.h"
#include "util/strings.h"
#include "util/url.h"

namespace luamig::pg {

using db::SeveralStatements;
using db::StatementLimits;

struct PgConnection::Impl {
  std::string uri;
  std::vector<std::string> secrets;  ///< the password as written and decoded
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<pqxx::nontransaction> work;
  StatementLimits limits;
  bool limits_in_tx = false;       ///< SET LOCAL issued in the open transaction
  bool limits_in_session = false;  ///< session-level SET issued

  std::string Scrub(std::string text) const {
    for (const auto& s : secrets) text = util::Redact(std::move(text), s);
    return text;
  }
};

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX sequences decoded: libpq decodes the URI, so a server or library
// message could echo the decoded form of a password written as p%40ss.
std::string PercentDecoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> PasswordForms(const std::string& uri) {
  std::vector<std::string> out;
  std::string raw = util::UrlPassword(uri);
  if (raw.empty()) return out;
  out.push_back(raw);
  std::string decoded = PercentDecoded(raw);
  if (decoded != raw && !decoded.empty()) out.push_back(decoded);
  return out;
}

// "SET LOCAL lock_timeout = '5000ms'; …" for both settings (DEFAULT where unset).
std::string LimitsSql(const StatementLimits& l, bool local) {
  auto one = [&](const char* name, std::chrono::milliseconds v) {
    std::string sql = std::string(local ? "SET LOCAL " : "SET ") + name;
    return v.count() < 0 ? sql + " TO DEFAULT"
                         : sql + " = '" + std::to_string(v.count()) + "ms'";
  };
  return one("lock_timeout", l.lock_timeout) + "; " +
         one("statement_timeout", l.statement_timeout);
}

std::optional<std::string> ParamText(const ops::Value& v) {
  return std::visit(
      util::Overloaded{
          [](const ops::Null&) -> std::optional<std::string> { return std::nullopt; },
          [](bool b) -> std::optional<std::string> { return b ? "true" : "false"; },
          [](int64_t n) -> std::optional<std::string> { return std::to_string(n); },
          [](double d) -> std::optional<std::string> { return pqxx::to_string(d); },
          [](const std::string& s) -> std::optional<std::string> { return s; },
          [](const ops::Blob& b) -> std::optional<std::string> {
            return "\\x" + util::HexEncode(b.bytes);
          },
      },
      v);
}

// Result cells come back as text; integers and booleans are converted by OID.
ops::Value Cell(const pqxx::field& f) {
  if (f.is_null()) return ops::Null{};
  switch (f.type()) {
    case 16:
      return std::string(f.c_str()) == "t";  // bool
    case 20:
    case 21:
    case 23:
      return int64_t{f.as<long long>()};
    case 700:
    case 701:
      return f.as<double>();
    case 17:
      return ops::Blob{pqxx::binarystring(f).str()};
    default:
      return std::string(f.c_str(), f.size());
  }
}

}  // namespace

// "cannot insert multiple commands into a prepared statement": the server's
// words for what SQLite would silently cut short; both say it alike.
static Status Refined(Status s, const std::string& sql, bool with_params) {
  if (s.sqlstate() == "42601" &&
      s.message().find("cannot insert multiple commands") != std::string::npos)
    return SeveralStatements(sql, with_params).WithSqlState(s.sqlstate());
  return s;
}

#define LUAMIG_PG_GUARD(sql_text, body)                                              \
  try {                                                                              \
    body                                                                             \
  } catch (const pqxx::sql_error& e) {                                               \
    return Refined(Status::Database(impl_->Scrub(e.what()))                          \
                       .WithSql(impl_->Scrub(sql_text))                              \
                       .WithSqlState(e.sqlstate()),                                  \
                   sql_text, !params.empty());                                       \
  } catch (const std::exception& e) {                                                \
    return Status::Database(impl_->Scrub(e.what())).WithSql(impl_->Scrub(sql_text)); \
  }

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgConnection::~PgConnection() {
  try {
    impl_->work.reset();
    impl_->conn.reset();
  } catch (...) {
  }
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& uri) {
  auto impl = std::make_unique<Impl>();
  impl->uri = uri;
  impl->secrets = PasswordForms(uri);
  try {
    impl->conn = std::make_unique<pqxx::connection>(uri);
    impl->work = std::make_unique<pqxx::nontransaction>(*impl->conn);
  } catch (const std::exception& e) {
    return Status::Database("cannot connect to " + util::MaskPassword(uri) + ": " +
                            impl->Scrub(e.what()));
  }
  return std::unique_ptr<PgConnection>(new PgConnection(std::move(impl)));
}

// libpq takes SQL and text values as C strings: a NUL byte would end them
// early, and the rest would be lost without a word.
static Status CheckNoNul(const std::string& sql, const std::vector<ops::Value>& params) {
  if (sql.find('\0') != std::string::npos)
    return Status::Database(
        "the SQL text holds a NUL byte, which PostgreSQL cannot take");
  for (size_t i = 0; i < params.size(); ++i) {
    const auto* text = std::get_if<std::string>(&params[i]);
    if (text && text->find('\0') != std::string::npos)
      return Status::Database("parameter $" + std::to_string(i + 1) +
                              " holds a NUL byte, which PostgreSQL text cannot store; "
                              "store binary data in a blob column")
          .WithSql(sql);
  }
  return Status::Ok();
}

Result<ops::Rows> PgConnection::Query(const std::string& sql,
                                      const std::vector<ops::Value>& params) {
  LUAMIG_RETURN_IF_ERROR(CheckNoNul(sql, params));
  return QueryChecked(sql, params);
}

Result<ops::Rows> PgConnection::QueryChecked(const std::string& sql,
                                             const std::vector<ops::Value>& params){
    LUAMIG_PG_GUARD(sql,
                    {
                      std::vector<std::optional<std::string>> text;
                      for (const auto& p : params) text.push_back(ParamText(p));
                      // The extended protocol, even without parameters: one
                      // statement, whose rows are returned.
                      pqxx::result r = impl_->work->exec_params(
                          sql, pqxx::prepare::make_dynamic_params(text));
                      ops::Rows out;
                      for (pqxx::row::size_type c = 0; c < r.columns(); ++c)
                        out.columns.push_back(r.column_name(c));
                      for (const auto& row : r) {
                        std::vector<ops::Value> cells;
                        for (const auto& f : row) cells.push_back(Cell(f));
                        out.rows.push_back(std::move(cells));
                      }
                      return out;
                    })}

Status PgConnection::Execute(const std::string& sql,
                             const std::vector<ops::Value>& params) {
  if (!params.empty()) {
    auto r = Query(sql, params);
    return r.ok() ? Status::Ok() : r.status();
  }
  // Without parameters: the simple protocol, which runs every statement.
  LUAMIG_RETURN_IF_ERROR(CheckNoNul(sql, params));
  LUAMIG_PG_GUARD(sql, {
    impl_->work->exec(sql);
    return Status::Ok();
  })
}

Status PgConnection::Begin() {
  LUAMIG_RETURN_IF_ERROR(Execute("BEGIN", {}));
  in_tx_ = true;
  impl_->limits_in_tx = false;
  if (impl_->limits.empty()) return Status::Ok();
  impl_->limits_in_tx = true;
  return Execute(LimitsSql(impl_->limits, true), {});
}

Status PgConnection::Commit() {
  in_tx_ = false;
  impl_->limits_in_tx = false;
  LUAMIG_RETURN_IF_ERROR(Execute("COMMIT", {}));
  // Work between this commit and the next Begin() (op.autocommit) runs under
  // the same limits, as a session setting.
  if (impl_->limits.empty() || impl_->limits_in_session) return Status::Ok();
  impl_->limits_in_session = true;
  return Execute(LimitsSql(impl_->limits, false), {});
}

Status PgConnection::Rollback() {
  if (!in_tx_) return Status::Ok();
  in_tx_ = false;
  impl_->limits_in_tx = false;
  return Execute("ROLLBACK", {});
}

Status PgConnection::SetLimits(const StatementLimits& limits) {
  impl_->limits = limits;
  bool& applied = in_tx_ ? impl_->limits_in_tx : impl_->limits_in_session;
  if (limits.empty() && !applied) return Status::Ok();  // nothing to set or undo
  applied = !limits.empty();
  return Execute(LimitsSql(limits, in_tx_), {});
}

bool PgConnection::IsLockNotAvailable(const Status& s) const {
  return s.sqlstate() == "55P03";
}

std::string PgConnection::CurrentUser() {
  auto r = Query("SELECT current_user", {});
  if (!r.ok() || r->rows.empty()) return "";
  const auto* s = std::get_if<std::string>(&r->rows[0][0]);
  return s ? *s : "";
}

Status PgConnection::AcquireRunLock(const std::string& key, db::LockWaiter& waiter) {
  const std::string sql = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
  for (;;) {
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows r, Query(sql, {key}));
    if (!r.rows.empty() && r.rows[0][0] == ops::Value(true)) {
      waiter.Acquired();
      return Status::Ok();
    }
    Status wait = waiter.Wait();
    if (!wait.ok())
      return Status(wait.code(), "another luamig run holds the migration lock on " + key +
                                     "; " + wait.message());
  }
}

Status PgConnection::ReleaseRunLock(const std::string& key) {
  return Execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", {key});
}

std::string PgConnection::DefaultSchema() {
  auto r = Query("SELECT current_schema()", {});
  if (!r.ok() || r->rows.empty()) return "public";
  const auto* s = std::get_if<std::string>(&r->rows[0][0]);
  return s ? *s : "public";
}

std::string PgConnection::Describe() const { return util::MaskPassword(impl_->uri); }

}  // namespace luamig::pg
