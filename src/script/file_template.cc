// SPDX-License-Identifier: MIT
#include "script/file_template.h"

#include <cctype>
#include <cstdio>
#include <random>
#include <vector>

#include "util/edit_distance.h"

namespace luamig::script {
namespace {

bool IsWordChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x80 && (std::isalnum(u) || c == '_');
}

bool IsKeyword(std::string_view s) {
  return s == "head" || s == "heads" || s == "base" || s == "current";
}

// strftime over the literal parts only, so '%' inside {…} cannot appear.
std::string Strftime(const std::string& pattern, std::time_t when) {
  if (pattern.empty()) return "";
  std::tm local{};
  localtime_r(&when, &local);
  std::vector<char> buf(pattern.size() * 8 + 64);
  // 0 means empty output or no room; the buffer is generous, so empty.
  size_t n = std::strftime(buf.data(), buf.size(), pattern.c_str(), &local);
  return std::string(buf.data(), n);
}

Result<std::string> Placeholder(std::string_view name, std::string_view rev,
                                std::string_view message, std::time_t when) {
  if (name == "rev") return std::string(rev);
  if (name == "slug") return Slug(message);
  if (name == "epoch") return std::to_string(static_cast<long long>(when));
  std::string n(name);
  return Status::Project("file_template: unknown placeholder {" + n + "}" +
                         util::DidYouMean(n, {"rev", "slug", "epoch"}))
      .WithHint("placeholders: {rev}, {slug}, {epoch}, and strftime codes such as %Y");
}

Status CheckName(const std::string& name, std::string_view file_template) {
  std::string t(file_template);
  if (name.empty() || name == ".lua")
    return Status::Project("file_template '" + t + "' renders an empty file name");
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    return Status::Project("file_template '" + t + "' renders '" + name +
                           "', a name with a directory in it")
        .WithHint("use --version-path or version_locations to pick a directory");
  if (name[0] == '.' || name[0] == '_')
    return Status::Project("file_template '" + t + "' renders '" + name +
                           "', which would not be loaded (names starting with '.' "
                           "or '_' are skipped)");
  return Status::Ok();
}

// `s` quoted for a message, control characters and quotes escaped, so an id
// holding a newline still reads as one line.
std::string Quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f || c == '\'' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "'";
}

Status CheckWord(std::string_view what, std::string_view s, size_t max) {
  std::string v = Quoted(s);
  if (s.empty()) return Status::Usage(std::string(what) + " must not be empty");
  if (s.size() > max)
    return Status::Usage(std::string(what) + " " + v + " is longer than " +
                         std::to_string(max) + " characters");
  for (char c : s) {
    if (!IsWordChar(c))
      return Status::Usage(std::string(what) + " " + v +
                           " may contain only letters, digits and '_'");
  }
  if (IsKeyword(s))
    return Status::Usage(std::string(what) + " " + v +
                         " is a target keyword (head, heads, base, current)");
  return Status::Ok();
}

}  // namespace

std::string Slug(std::string_view message, size_t max_length) {
  std::string slug;
  for (size_t i = 0; i < message.size();) {
    if (!IsWordChar(message[i])) {
      ++i;
      continue;
    }
    if (!slug.empty()) slug += '_';
    for (; i < message.size() && IsWordChar(message[i]); ++i)
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(message[i])));
  }
  if (slug.size() > max_length) {
    slug.resize(max_length);
    size_t cut = slug.rfind('_');
    if (cut != std::string::npos) slug.resize(cut);
    slug += '_';
  }
  return slug;
}

Result<std::string> RevisionFileName(std::string_view file_template, std::string_view rev,
                                     std::string_view message, std::time_t when) {
  std::string name, literal;
  for (size_t i = 0; i < file_template.size(); ++i) {
    if (file_template[i] != '{') {
      literal += file_template[i];
      continue;
    }
    size_t close = file_template.find('}', i);
    if (close == std::string_view::npos)
      return Status::Project("file_template '" + std::string(file_template) +
                             "' has a '{' without '}'");
    std::string lit = Strftime(literal, when);
    LUAMIG_ASSIGN_OR_RETURN(
        std::string value,
        Placeholder(file_template.substr(i + 1, close - i - 1), rev, message, when));
    name += lit + value;
    literal.clear();
    i = close;
  }
  name += Strftime(literal, when) + ".lua";
  LUAMIG_RETURN_IF_ERROR(CheckName(name, file_template));
  return name;
}

std::string NewRevisionId() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  std::string id;
  for (int i = 0; i < 12; ++i) id += kHex[gen() & 0xf];
  return id;
}

Status CheckRevisionId(std::string_view id) { return CheckWord("revision id", id, 32); }

Status CheckBranchLabel(std::string_view label) {
  return CheckWord("branch label", label, 64);
}

}  // namespace luamig::script
