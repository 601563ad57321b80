// SPDX-License-Identifier: MIT
#include "config/targets.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>

#include "util/conninfo.h"
#include "util/url.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

bool HasWildcard(const std::string& part) {
  return part.find_first_of("*?[") != std::string::npos;
}

// Extends each of `prefixes` (paths as the user wrote them) by `part`.
std::vector<std::string> Step(const std::vector<std::string>& prefixes,
                              const std::string& part, const fs::path& base) {
  std::vector<std::string> out;
  for (const auto& prefix : prefixes) {
    std::string joined_prefix =
        prefix.empty() || prefix.back() == '/' ? prefix : prefix + "/";
    fs::path dir = prefix.empty() ? base
                                  : (fs::path(prefix).is_absolute() ? fs::path(prefix)
                                                                    : base / prefix);
    if (!HasWildcard(part)) {
      std::error_code ec;
      if (part.empty() || part == "." || fs::exists(dir / part, ec))
        out.push_back(joined_prefix + part);
      continue;
    }
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name[0] == '.' && part[0] != '.') continue;  // as the shell does
      if (fnmatch(part.c_str(), name.c_str(), 0) == 0)
        out.push_back(joined_prefix + name);
    }
  }
  return out;
}

}  // namespace

std::string DefaultTargetName(const TargetConfig& target) {
  auto parsed = util::ParseDatabaseUrl(target.url);
  if (!parsed.ok()) return "";
  if (parsed->scheme == "sqlite") {
    if (parsed->memory) return "";
    return fs::path(parsed->target).stem().string();
  }
  auto info = util::ParseConninfo(parsed->target);
  if (!info.ok()) return "";
  const util::ConnOption* db = info->Find("dbname");
  std::string name = db != nullptr ? db->value : "";
  if (name.empty()) return "";
  if (!target.version_table_schema.empty()) name += "." + target.version_table_schema;
  return name;
}

std::vector<std::string> GlobFiles(const std::string& pattern,
                                   const std::string& base_dir) {
  std::vector<std::string> parts;
  size_t at = 0;
  while (at <= pattern.size()) {
    size_t slash = pattern.find('/', at);
    if (slash == std::string::npos) slash = pattern.size();
    parts.push_back(pattern.substr(at, slash - at));
    at = slash + 1;
  }
  std::vector<std::string> found = {""};
  size_t first = 0;
  if (!pattern.empty() && pattern[0] == '/') {
    found = {"/"};
    first = 1;
  }
  for (size_t i = first; i < parts.size() && !found.empty(); ++i) {
    if (parts[i].empty() && i + 1 < parts.size()) continue;  // "a//b"
    found = Step(found, parts[i], fs::path(base_dir.empty() ? "." : base_dir));
  }
  std::sort(found.begin(), found.end());
  return found;
}

lua::ConfigCalls TargetCalls(const std::string& project_dir) {
  lua::ConfigCalls calls;
  calls.paths = {{"targets"}, {"environments", "*", "targets"}};
  calls.helpers["glob"] =
      [project_dir](const std::vector<lua::Data>& args) -> Result<lua::Data> {
    if (args.empty() || !args[0].str())
      return Status::Project("glob(pattern) expects a string pattern");
    auto list = std::make_shared<lua::Data::List>();
    for (auto& path : GlobFiles(*args[0].str(), project_dir)) {
      lua::Data d;
      d.v = std::move(path);
      list->push_back(std::move(d));
    }
    lua::Data out;
    out.v = list;
    return out;
  };
  return calls;
}

}  // namespace luamig
