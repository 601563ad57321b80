// SPDX-License-Identifier: MIT
#include "graph/target.h"

#include <algorithm>
#include <cctype>

namespace luamig::graph {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool IsSymbolChar(char c) { return IsWordChar(c) || c == '.'; }

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}

Status Malformed(std::string_view text, const std::string& why) {
  return Status::Usage("malformed revision target '" + std::string(text) + "': " + why)
      .WithHint(
          "targets look like head, heads, base, REV, REV+N, REV-N, +N, -N, LABEL@head, "
          "LABEL@REV, LABEL@+N, LABEL@-N or LABEL@base");
}

Status CheckCharacters(std::string_view text) {
  if (text.empty()) return Malformed(text, "it is empty");
  for (char c : text) {
    if (c == ':') return Malformed(text, "ranges (A:B) are only accepted by history");
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return Malformed(text, "it contains whitespace or control characters");
    }
  }
  if (std::count(text.begin(), text.end(), '@') > 1) {
    return Malformed(text, "it contains more than one '@'");
  }
  return Status::Ok();
}

// "SYMBOL+N" / "+N" / "SYMBOL-N": the sign is the first '+' or '-'.
Result<Target> ParseRelative(std::string_view text, std::string_view rest, size_t sign) {
  Target t;
  t.kind = Target::Kind::kRelative;
  t.symbol = std::string(rest.substr(0, sign));
  std::string_view digits = rest.substr(sign + 1);
  if (!AllOf(t.symbol, IsSymbolChar))
    return Malformed(text, "bad revision before the sign");
  if (digits.empty() || digits.size() > 9 || !AllOf(digits, [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return Malformed(text, "expected digits after '" + std::string(1, rest[sign]) + "'");
  }
  t.steps = std::stoi(std::string(digits));
  if (rest[sign] == '-') t.steps = -t.steps;
  return t;
}

}  // namespace

Result<Target> Target::Parse(std::string_view text) {
  LUAMIG_RETURN_IF_ERROR(CheckCharacters(text));
  std::string_view rest = text;
  std::string branch;
  if (size_t at = text.find('@'); at != std::string_view::npos) {
    branch = std::string(text.substr(0, at));
    rest = text.substr(at + 1);
    if (branch.empty()) return Malformed(text, "no branch label before '@'");
    if (rest.empty()) return Malformed(text, "nothing after '@'");
  }
  Target t;
  if (size_t sign = rest.find_first_of("+-"); sign != std::string_view::npos) {
    LUAMIG_ASSIGN_OR_RETURN(t, ParseRelative(text, rest, sign));
  } else if (!AllOf(rest, IsSymbolChar)) {
    return Malformed(text, "unexpected character in revision");
  } else {
    t.symbol = std::string(rest);
  }
  t.branch = std::move(branch);
  return t;
}

std::string Target::DebugString() const {
  std::string out = branch.empty() ? "" : branch + "@";
  out += symbol;
  if (relative())
    out += (steps >= 0 ? "+" : "-") + std::to_string(steps >= 0 ? steps : -steps);
  return out;
}

}  // namespace luamig::graph
