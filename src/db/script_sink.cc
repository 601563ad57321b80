// SPDX-License-Identifier: MIT
#include <cctype>

#include "db/sql_sink.h"

namespace luamig::db {
namespace {

bool IdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Copies `sql` to `out` while skipping over the lexical spans in which a `$N`
// is text, not a placeholder; substitutes placeholders elsewhere. One pass
// over the text, in the order of PostgreSQL's lexer (SQLite knows a subset).
class Splicer {
 public:
  Splicer(const std::string& sql, const std::vector<ops::Value>& params,
          const LiteralFn& literal)
      : s_(sql), params_(params), literal_(literal) {}

  Status Run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      in_line_comment_ = false;
      if (c == '\'') {
        Quoted('\'', EscapeString());
      } else if (c == '"') {
        Quoted('"', false);
      } else if (c == '-' && Next() == '-') {
        LineComment();
      } else if (c == '/' && Next() == '*') {
        Until("*/", 2);
      } else if (c == '$' && !AfterIdent()) {
        LUAMIG_RETURN_IF_ERROR(Dollar());
      } else {
        out_ += c;
        ++i_;
      }
    }
    return Status::Ok();
  }
  std::string& out() { return out_; }
  bool in_line_comment() const { return in_line_comment_; }

 private:
  char Next() const { return i_ + 1 < s_.size() ? s_[i_ + 1] : '\0'; }
  bool AfterIdent() const { return i_ > 0 && IdentChar(s_[i_ - 1]); }
  // E'…' (PostgreSQL): backslash escapes the next character.
  bool EscapeString() const {
    return i_ > 0 && (s_[i_ - 1] == 'E' || s_[i_ - 1] == 'e') &&
           (i_ < 2 || !IdentChar(s_[i_ - 2]));
  }

  // A span quoted by `q`, where a doubled `q` stands for itself.
  void Quoted(char q, bool backslash) {
    out_ += s_[i_++];
    while (i_ < s_.size()) {
      char c = s_[i_];
      out_ += c;
      ++i_;
      if (backslash && c == '\\' && i_ < s_.size()) {
        out_ += s_[i_++];
      } else if (c == q) {
        if (i_ < s_.size() && s_[i_] == q) {
          out_ += s_[i_++];
        } else {
          return;
        }
      }
    }
  }

  void LineComment() {
    size_t end = s_.find('\n', i_);
    in_line_comment_ = end == std::string::npos;
    if (end == std::string::npos) end = s_.size();
    out_.append(s_, i_, end - i_);
    i_ = end;
  }

  // Copies through the end of `close` (or of the text).
  void Until(const std::string& close, size_t skip) {
    size_t end = s_.find(close, i_ + skip);
    end = end == std::string::npos ? s_.size() : end + close.size();
    out_.append(s_, i_, end - i_);
    i_ = end;
  }

  // At a `$` not inside an identifier: $N placeholder, $tag$…$tag$, or text.
  Status Dollar() {
    size_t j = i_ + 1;
    if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) {
      while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) ++j;
      return Placeholder(j);
    }
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) ||
                             s_[j] == '_' || (static_cast<unsigned char>(s_[j]) & 0x80)))
      ++j;
    bool tag = j < s_.size() && s_[j] == '$' &&
               (j == i_ + 1 || !std::isdigit(static_cast<unsigned char>(s_[i_ + 1])));
    if (!tag) {
      out_ += s_[i_++];
      return Status::Ok();
    }
    const std::string delim = s_.substr(i_, j + 1 - i_);
    Until(delim, delim.size());
    return Status::Ok();
  }

  Status Placeholder(size_t end) {
    const std::string digits = s_.substr(i_ + 1, end - i_ - 1);
    size_t n = digits.size() > 9 ? 0 : std::stoul(digits);
    if (n == 0 || n > params_.size()) {
      return Status::Migration("placeholder $" + digits + " has no parameter (" +
                               std::to_string(params_.size()) + " given)");
    }
    out_ += literal_(params_[n - 1]);
    i_ = end;
    return Status::Ok();
  }

  const std::string& s_;
  const std::vector<ops::Value>& params_;
  const LiteralFn& literal_;
  std::string out_;
  size_t i_ = 0;
  bool in_line_comment_ = false;
};

std::string TrimRight(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

}  // namespace

Result<std::string> SpliceParams(const std::string& sql,
                                 const std::vector<ops::Value>& params,
                                 const LiteralFn& literal, bool* ends_in_line_comment) {
  Splicer splicer(sql, params, literal);
  LUAMIG_RETURN_IF_ERROR(splicer.Run());
  if (ends_in_line_comment) *ends_in_line_comment = splicer.in_line_comment();
  return std::move(splicer.out());
}

Status ScriptSink::Execute(const std::string& sql,
                           const std::vector<ops::Value>& params) {
  bool comment_at_end = false;
  auto spliced = SpliceParams(TrimRight(sql), params, literal_, &comment_at_end);
  if (!spliced.ok()) return std::move(spliced.status().WithSql(sql));
  std::string text = std::move(spliced).value();
  // psql and sqlite3 stop reading a statement at a NUL byte.
  if (text.find('\0') != std::string::npos)
    return Status::Database(
               "an SQL script cannot hold a NUL byte (in a text value or the SQL "
               "itself); store binary data in a blob column")
        .WithSql(sql.substr(0, sql.find('\0')));
  if (comment_at_end) {
    text += "\n;";
  } else if (text.empty() || text.back() != ';') {
    text += ";";
  }
  Write(text);
  return Status::Ok();
}

Result<ops::Rows> ScriptSink::Query(const std::string& sql,
                                    const std::vector<ops::Value>& params) {
  (void)params;
  return Status::Migration(
             "reading the database needs a live connection, and an offline (--sql) run "
             "has none")
      .WithSql(sql);
}

Status ScriptSink::Begin() {
  in_transaction_ = true;
  Write("BEGIN;");
  return Status::Ok();
}

Status ScriptSink::Commit() {
  in_transaction_ = false;
  Write("COMMIT;");
  return Status::Ok();
}

Status ScriptSink::Rollback() {
  in_transaction_ = false;
  Write("ROLLBACK;");
  return Status::Ok();
}

void ScriptSink::Comment(const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    text_ += "-- " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  text_ += "\n";
}

void ScriptSink::Write(const std::string& statement) { text_ += statement + "\n\n"; }

}  // namespace luamig::db
