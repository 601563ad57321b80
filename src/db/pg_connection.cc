#include "db/pg_connection.h"

#include <optional>
#include <pqxx/pqxx>
#include <thread>

#include "util/overloaded.h"
#include "util/url.h"

namespace luamig::db {

struct PgConnection::Impl {
  std::string uri;
  std::string password;
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<pqxx::nontransaction> work;
};

namespace {

std::optional<std::string> ParamText(const ops::Value& v) {
  return std::visit(
      util::Overloaded{
          [](const ops::Null&) -> std::optional<std::string> { return std::nullopt; },
          [](bool b) -> std::optional<std::string> { return b ? "true" : "false"; },
          [](int64_t n) -> std::optional<std::string> { return std::to_string(n); },
          [](double d) -> std::optional<std::string> { return pqxx::to_string(d); },
          [](const std::string& s) -> std::optional<std::string> { return s; },
          [](const ops::Blob& b) -> std::optional<std::string> {
            static const char* kHex = "0123456789abcdef";
            std::string out = "\\x";
            for (unsigned char c : b.bytes) {
              out += kHex[c >> 4];
              out += kHex[c & 15];
            }
            return out;
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

#define LUAMIG_PG_GUARD(sql_text, body)                              \
  try {                                                              \
    body                                                             \
  } catch (const pqxx::sql_error& e) {                               \
    return Status::Database(util::Redact(e.what(), impl_->password)) \
        .WithSql(util::Redact(sql_text, impl_->password))            \
        .WithSqlState(e.sqlstate());                                 \
  } catch (const std::exception& e) {                                \
    return Status::Database(util::Redact(e.what(), impl_->password)) \
        .WithSql(util::Redact(sql_text, impl_->password));           \
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
  impl->password = util::UrlPassword(uri);
  try {
    impl->conn = std::make_unique<pqxx::connection>(uri);
    impl->work = std::make_unique<pqxx::nontransaction>(*impl->conn);
  } catch (const std::exception& e) {
    return Status::Database("cannot connect to " + util::MaskPassword(uri) + ": " +
                            util::Redact(e.what(), impl->password));
  }
  return std::unique_ptr<PgConnection>(new PgConnection(std::move(impl)));
}

Result<ops::Rows> PgConnection::Query(const std::string& sql,
                                      const std::vector<ops::Value>& params){
    LUAMIG_PG_GUARD(sql,
                    {
                      std::vector<std::optional<std::string>> text;
                      for (const auto& p : params) text.push_back(ParamText(p));
                      pqxx::result r =
                          params.empty()
                              ? impl_->work->exec(sql)
                              : impl_->work->exec_params(
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
  auto r = Query(sql, params);
  return r.ok() ? Status::Ok() : r.status();
}

Status PgConnection::Begin() {
  LUAMIG_RETURN_IF_ERROR(Execute("BEGIN", {}));
  in_tx_ = true;
  return Status::Ok();
}

Status PgConnection::Commit() {
  in_tx_ = false;
  return Execute("COMMIT", {});
}

Status PgConnection::Rollback() {
  if (!in_tx_) return Status::Ok();
  in_tx_ = false;
  return Execute("ROLLBACK", {});
}

Status PgConnection::AcquireRunLock(const std::string& key,
                                    std::chrono::milliseconds timeout,
                                    const std::function<void()>& on_wait) {
  const std::string sql = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
  auto start = std::chrono::steady_clock::now();
  bool told = false;
  while (true) {
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows r, Query(sql, {key}));
    if (!r.rows.empty() && r.rows[0][0] == ops::Value(true)) return Status::Ok();
    if (!told && on_wait) on_wait();
    told = true;
    auto waited = std::chrono::steady_clock::now() - start;
    if (timeout.count() >= 0 && waited >= timeout) {
      return Status(StatusCode::kLockTimeout,
                    "another luamig run holds the migration lock on " + key +
                        "; gave up after " + std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
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

}  // namespace luamig::db
