// SPDX-License-Identifier: MIT
#include "ops/sql_type.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "util/strings.h"

namespace luamig::ops {
namespace {

struct Named {
  const char* name;
  TypeKind kind;
};
constexpr Named kNames[] = {
    {"integer", TypeKind::kInteger},
    {"int", TypeKind::kInteger},
    {"bigint", TypeKind::kBigInt},
    {"serial", TypeKind::kSerial},
    {"bigserial", TypeKind::kBigSerial},
    {"text", TypeKind::kText},
    {"string", TypeKind::kString},
    {"boolean", TypeKind::kBoolean},
    {"bool", TypeKind::kBoolean},
    {"real", TypeKind::kReal},
    {"float", TypeKind::kReal},
    {"double", TypeKind::kDouble},
    {"numeric", TypeKind::kNumeric},
    {"decimal", TypeKind::kNumeric},
    {"date", TypeKind::kDate},
    {"timestamp", TypeKind::kTimestamp},
    {"timestamptz", TypeKind::kTimestampTz},
    {"json", TypeKind::kJson},
    {"uuid", TypeKind::kUuid},
    {"blob", TypeKind::kBlob},
};

bool ParseInt(std::string_view s, int* out) {
  s = util::Trim(s);
  if (s.empty() || s.size() > 6) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  *out = std::atoi(std::string(s).c_str());
  return true;
}

// Splits "name(args)" into name and the comma-separated args.
bool SplitCall(std::string_view text, std::string* name, std::vector<std::string>* args) {
  size_t open = text.find('(');
  if (open == std::string_view::npos) {
    *name = util::ToLower(util::Trim(text));
    return true;
  }
  if (text.back() != ')') return false;
  *name = util::ToLower(util::Trim(text.substr(0, open)));
  *args = util::Split(text.substr(open + 1, text.size() - open - 2), ',');
  return true;
}

}  // namespace

SqlType SqlType::Parse(std::string_view text) {
  SqlType t;
  t.raw = std::string(util::Trim(text));
  t.kind = TypeKind::kPassthrough;
  std::string name;
  std::vector<std::string> args;
  if (!SplitCall(t.raw, &name, &args)) return t;
  for (const Named& n : kNames) {
    if (name != n.name) continue;
    if (n.kind == TypeKind::kString && args.size() <= 1) {
      if (args.empty() || ParseInt(args[0], &t.length)) t.kind = n.kind;
    } else if (n.kind == TypeKind::kNumeric && args.size() <= 2) {
      bool ok = args.empty() || (ParseInt(args[0], &t.precision) &&
                                 (args.size() == 1 || ParseInt(args[1], &t.scale)));
      if (ok) t.kind = n.kind;
    } else if (args.empty()) {
      t.kind = n.kind;
    }
    break;
  }
  return t;
}

}  // namespace luamig::ops
