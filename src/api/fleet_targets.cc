// SPDX-License-Identifier: MIT
// SelectTargets: a config's `targets`, chosen by --targets and
// --target-filter, as FleetTargets.
#include <fnmatch.h>

#include <algorithm>

#include "luamig/fleet.h"
#include "util/edit_distance.h"
#include "util/strings.h"
#include "util/url.h"

namespace luamig {
namespace {

// "%XX" for everything but unreserved URL characters.
std::string PercentEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The URL with `options=-c search_path=…` added, which libpq sends at
// connection start: every statement of the session, the version table's
// included, resolves unqualified names there. Spaces are escaped for
// libpq's options syntax.
std::string WithSearchPath(const std::string& url, const std::string& search_path) {
  std::string value;
  for (char c : search_path) {
    if (c == ' ' || c == '\\') value += '\\';
    value += c;
  }
  std::string option = "options=" + PercentEncode("-c search_path=" + value);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + option;
}

Result<FleetTarget> MakeTarget(const TargetConfig& t, const MigratorOptions& base) {
  FleetTarget target;
  target.name = t.name;
  target.options = base;
  target.options.url = t.url;
  auto parsed = util::ParseDatabaseUrl(t.url, base.config.project_dir);
  if (!parsed.ok())
    return Status::Usage("target '" + t.name + "': " + parsed.status().message());
  bool pg = parsed->scheme == "postgresql";
  if (!pg && (!t.search_path.empty() || !t.version_table_schema.empty()))
    return Status::Usage("target '" + t.name +
                         "': search_path and version_table_schema need a PostgreSQL "
                         "database");
  if (!t.version_table_schema.empty())
    target.options.config.version_table_schema = t.version_table_schema;
  if (!t.search_path.empty()) target.options.url = WithSearchPath(t.url, t.search_path);
  return target;
}

std::vector<std::string> Names(const std::vector<TargetConfig>& targets) {
  std::vector<std::string> names;
  for (const auto& t : targets) names.push_back(t.name);
  return names;
}

// The targets `names` selects ("all" or a comma list), in config order.
Result<std::vector<const TargetConfig*>> Chosen(const Config& config,
                                                const std::string& names) {
  std::vector<const TargetConfig*> out;
  if (names == "all") {
    for (const auto& t : config.targets) out.push_back(&t);
    return out;
  }
  std::vector<std::string> wanted = util::Split(names, ',');
  std::vector<std::string> known = Names(config.targets);
  for (auto& w : wanted) {
    w = std::string(util::Trim(w));
    if (w.empty()) return Status::Usage("--targets " + names + " has an empty name");
    if (std::find(known.begin(), known.end(), w) == known.end())
      return Status::Usage("unknown target '" + w + "'" + util::DidYouMean(w, known));
  }
  for (const auto& t : config.targets) {
    if (std::find(wanted.begin(), wanted.end(), t.name) != wanted.end())
      out.push_back(&t);
  }
  return out;
}

}  // namespace

Result<std::vector<FleetTarget>> SelectTargets(const Config& config,
                                               const std::string& names,
                                               const std::string& filter,
                                               const MigratorOptions& base) {
  if (config.targets.empty()) {
    std::string where =
        config.config_file.empty() ? "there is no luamig.lua" : config.config_file;
    if (!config.environment.empty()) where += " (environment " + config.environment + ")";
    return Status::Usage(where + " defines no targets")
        .WithHint(
            "list them in luamig.lua: targets = { \"sqlite:///a.db\", { name = "
            "\"eu\", url = \"postgresql://…\" } } (docs/fleet.md)");
  }
  LUAMIG_ASSIGN_OR_RETURN(auto chosen, Chosen(config, names));
  std::vector<FleetTarget> out;
  for (const TargetConfig* t : chosen) {
    if (!filter.empty() && fnmatch(filter.c_str(), t->name.c_str(), 0) != 0) continue;
    LUAMIG_ASSIGN_OR_RETURN(FleetTarget target, MakeTarget(*t, base));
    out.push_back(std::move(target));
  }
  if (out.empty())
    return Status::Usage("--target-filter " + filter + " matches none of the " +
                         std::to_string(chosen.size()) + " targets");
  return out;
}

}  // namespace luamig
