// SPDX-License-Identifier: MIT
#include "luamig/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "config/targets.h"
#include "lua/lua_state.h"
#include "luamig/secrets.h"
#include "util/duration.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kKeys = {
    // ConfigKeys()
    "database_url",
    "url_env",
    "version_locations",
    "version_table",
    "version_table_schema",
    "file_template",
    "transaction_per_migration",
    "busy_timeout_ms",
    "lock_timeout",
    "statement_timeout",
    "lock_retries",
    "schema_file",
    "autogenerate",
    "sqlite_trusted_scripts",
    "targets",
    "environments",
    "environment_order",
};

const std::vector<std::string> kTargetKeys = {"name", "url", "version_table_schema",
                                              "search_path"};

const std::vector<std::string> kAutogenerateKeys = {"exclude_tables", "schemas",
                                                    "compare_server_defaults"};

Status KeyError(const Config& c, const std::string& key, const std::string& what) {
  return Status::Project(c.config_file + ": '" + key + "' " + what)
      .WithFile(c.config_file);
}

Status ReadString(const Config& c, const lua::Data& d, const std::string& key,
                  std::string* out) {
  if (d.is_nil()) return Status::Ok();
  if (!d.str())
    return KeyError(c, key, std::string("must be a string, got ") + d.TypeName());
  *out = *d.str();
  return Status::Ok();
}

Status ReadLocations(const Config& c, const lua::Data& d, std::vector<std::string>* out) {
  if (d.is_nil()) return Status::Ok();
  if (d.str()) {
    *out = {*d.str()};
    return Status::Ok();
  }
  const lua::Data::List* list = d.list();
  if (list == nullptr || list->empty()) {
    return KeyError(c, "version_locations", "must be a non-empty list of directories");
  }
  out->clear();
  for (const auto& item : *list) {
    if (!item.str()) return KeyError(c, "version_locations", "must contain only strings");
    out->push_back(*item.str());
  }
  return Status::Ok();
}

// "5s", "250ms", "2min", … or a number of milliseconds.
Status ReadDuration(const Config& c, const lua::Data& d, const std::string& key,
                    std::chrono::milliseconds* out) {
  if (d.is_nil()) return Status::Ok();
  std::optional<std::chrono::milliseconds> ms;
  if (d.str()) ms = util::ParseDuration(*d.str());
  if (d.number() && *d.number() >= 0 && *d.number() <= 2147483647.0)
    ms = std::chrono::milliseconds(static_cast<long long>(*d.number()));
  if (!ms) {
    return KeyError(c, key,
                    "must be a duration such as \"5s\", \"250ms\" or \"2min\" "
                    "(a bare number means milliseconds)");
  }
  *out = *ms;
  return Status::Ok();
}

Status ReadCount(const Config& c, const lua::Data& d, const std::string& key, int* out) {
  if (d.is_nil()) return Status::Ok();
  double n = d.number() ? *d.number() : -1;
  if (!(n >= 0 && n <= 1000) || n != static_cast<double>(static_cast<int>(n)))
    return KeyError(c, key, "must be a whole number from 0 to 1000");
  *out = static_cast<int>(n);
  return Status::Ok();
}

Status ApplyKeys(Config& c, const lua::Data& table, bool allow_environments);

Status ReadTarget(const Config& c, const lua::Data& d, size_t n, TargetConfig* out) {
  std::string key = "targets[" + std::to_string(n) + "]";
  if (d.str()) {
    out->url = *d.str();
  } else if (const lua::Data::Map* fields = d.map()) {
    for (const auto& [field, _] : *fields) {
      if (std::find(kTargetKeys.begin(), kTargetKeys.end(), field) == kTargetKeys.end())
        return KeyError(c, key + "." + field,
                        "is not a target setting" + util::DidYouMean(field, kTargetKeys));
    }
    for (const auto& field : kTargetKeys) {
      std::string value;
      LUAMIG_RETURN_IF_ERROR(ReadString(c, d[field], key + "." + field, &value));
      if (field == "name") out->name = value;
      if (field == "url") out->url = value;
      if (field == "version_table_schema") out->version_table_schema = value;
      if (field == "search_path") out->search_path = value;
    }
  } else {
    return KeyError(
        c, key,
        std::string("must be a URL or a table {name=, url=}, got ") + d.TypeName());
  }
  if (out->url.empty()) return KeyError(c, key, "needs a url");
  if (out->name.empty()) out->name = DefaultTargetName(*out);
  if (out->name.empty() || out->name.find(',') != std::string::npos)
    return KeyError(c, key + ".name", "must be a non-empty name without commas");
  return Status::Ok();
}

// `targets`: a list (or what a function returned; EvalConfig called it).
Status ReadTargets(const Config& c, const lua::Data& d, std::vector<TargetConfig>* out) {
  if (d.is_nil()) return Status::Ok();
  const lua::Data::List* list = d.list();
  if (list == nullptr)
    return KeyError(c, "targets",
                    std::string("must be a list of targets (or a function returning "
                                "one), got ") +
                        d.TypeName());
  out->clear();
  for (size_t i = 0; i < list->size(); ++i) {
    TargetConfig t;
    LUAMIG_RETURN_IF_ERROR(ReadTarget(c, (*list)[i], i + 1, &t));
    for (const auto& other : *out) {
      if (other.name == t.name)
        return KeyError(
            c, "targets",
            "names two targets '" + t.name + "' (give each a distinct `name`)");
    }
    out->push_back(std::move(t));
  }
  return Status::Ok();
}

Status ReadStrings(const Config& c, const lua::Data& d, const std::string& key,
                   std::vector<std::string>* out) {
  if (d.is_nil()) return Status::Ok();
  const lua::Data::List* list = d.list();
  if (list == nullptr) return KeyError(c, key, "must be a list of strings");
  out->clear();
  for (const auto& item : *list) {
    if (!item.str()) return KeyError(c, key, "must contain only strings");
    out->push_back(*item.str());
  }
  return Status::Ok();
}

// c.environments: `environment_order` (each a defined environment, once),
// then the environments it leaves out, sorted by name.
Status ReadEnvironmentOrder(Config& c, const lua::Data& globals) {
  std::vector<std::string> defined;
  if (const lua::Data::Map* envs = globals["environments"].map())
    for (const auto& [name, _] : *envs) defined.push_back(name);
  const lua::Data& order = globals["environment_order"];
  c.environments.clear();
  if (!order.is_nil()) {
    const lua::Data::List* list = order.list();
    if (list == nullptr)
      return KeyError(c, "environment_order", "must be a list of environment names");
    for (const auto& item : *list) {
      const std::string* name = item.str();
      if (name == nullptr)
        return KeyError(c, "environment_order", "must contain only strings");
      if (std::find(defined.begin(), defined.end(), *name) == defined.end())
        return KeyError(c, "environment_order",
                        "names '" + *name + "', which is not an environment" +
                            util::DidYouMean(*name, defined));
      if (std::find(c.environments.begin(), c.environments.end(), *name) !=
          c.environments.end())
        return KeyError(c, "environment_order", "names '" + *name + "' twice");
      c.environments.push_back(*name);
    }
  }
  for (const auto& name : defined) {
    if (std::find(c.environments.begin(), c.environments.end(), name) ==
        c.environments.end())
      c.environments.push_back(name);
  }
  return Status::Ok();
}

// autogenerate = { exclude_tables = { … }, schemas = { … },
// compare_server_defaults = true }
Status ReadAutogenerate(const Config& c, const lua::Data& d, AutogenerateSettings* out) {
  if (d.is_nil()) return Status::Ok();
  if (!d.map())
    return KeyError(c, "autogenerate",
                    std::string("must be a table, got ") + d.TypeName());
  for (const auto& [key, value] : *d.map()) {
    bool known = false;
    for (const auto& k : kAutogenerateKeys) known = known || k == key;
    if (!known)
      return KeyError(
          c, "autogenerate." + key,
          "is not an autogenerate setting" + util::DidYouMean(key, kAutogenerateKeys));
  }
  LUAMIG_RETURN_IF_ERROR(ReadStrings(
      c, d["exclude_tables"], "autogenerate.exclude_tables", &out->exclude_tables));
  LUAMIG_RETURN_IF_ERROR(
      ReadStrings(c, d["schemas"], "autogenerate.schemas", &out->schemas));
  const lua::Data& defaults = d["compare_server_defaults"];
  if (!defaults.is_nil() && !defaults.boolean())
    return KeyError(c, "autogenerate.compare_server_defaults", "must be true or false");
  if (defaults.boolean()) out->compare_server_defaults = *defaults.boolean();
  return Status::Ok();
}

// Every environment must be a table of valid settings, checked even when it
// is not selected, so a typo in one shows on every run.
Status CheckEnvironments(const Config& c, const lua::Data& envs) {
  if (envs.is_nil()) return Status::Ok();
  if (!envs.map()) {
    return KeyError(
        c, "environments",
        std::string("must be a table of named settings, got ") + envs.TypeName());
  }
  for (const auto& [name, env] : *envs.map()) {
    if (!env.map()) {
      return KeyError(c, "environments." + name,
                      std::string("must be a table of settings, got ") + env.TypeName());
    }
    Config scratch = c;
    Status s = ApplyKeys(scratch, env, false);
    if (!s.ok()) {
      return Status::Project(c.config_file + ": in environment '" + name +
                             "': " + s.message().substr(c.config_file.size() + 2))
          .WithFile(c.config_file);
    }
  }
  return Status::Ok();
}

// Applies the keys of one table (the file's globals or an environment's).
Status ApplyKeys(Config& c, const lua::Data& table, bool allow_environments) {
  for (const auto& [key, value] : *table.map()) {
    bool known = false;
    for (const auto& k : kKeys) known = known || k == key;
    if (!known || (key == "environments" && !allow_environments)) {
      return KeyError(c, key, "is not a luamig setting" + util::DidYouMean(key, kKeys));
    }
  }
  LUAMIG_RETURN_IF_ERROR(
      ReadString(c, table["database_url"], "database_url", &c.database_url));
  LUAMIG_RETURN_IF_ERROR(ReadString(c, table["url_env"], "url_env", &c.url_env));
  LUAMIG_RETURN_IF_ERROR(
      ReadLocations(c, table["version_locations"], &c.version_locations));
  LUAMIG_RETURN_IF_ERROR(
      ReadString(c, table["version_table"], "version_table", &c.version_table));
  LUAMIG_RETURN_IF_ERROR(ReadString(c, table["version_table_schema"],
                                    "version_table_schema", &c.version_table_schema));
  LUAMIG_RETURN_IF_ERROR(
      ReadString(c, table["file_template"], "file_template", &c.file_template));
  const lua::Data& tpm = table["transaction_per_migration"];
  if (!tpm.is_nil() && !tpm.boolean()) {
    return KeyError(c, "transaction_per_migration", "must be true or false");
  }
  if (tpm.boolean()) c.transaction_per_migration = *tpm.boolean();
  const lua::Data& trusted = table["sqlite_trusted_scripts"];
  if (!trusted.is_nil() && !trusted.boolean())
    return KeyError(c, "sqlite_trusted_scripts", "must be true or false");
  if (trusted.boolean()) c.sqlite_trusted_scripts = *trusted.boolean();
  const lua::Data& busy = table["busy_timeout_ms"];
  if (!busy.is_nil() && !busy.number())
    return KeyError(c, "busy_timeout_ms", "must be a number");
  if (busy.number()) {
    double ms = *busy.number();
    if (!(ms >= 0 && ms <= 2147483647.0) ||
        ms != static_cast<double>(static_cast<int>(ms)))
      return KeyError(c, "busy_timeout_ms",
                      "must be a whole number of milliseconds >= 0");
    c.busy_timeout_ms = static_cast<int>(ms);
  }
  LUAMIG_RETURN_IF_ERROR(
      ReadDuration(c, table["lock_timeout"], "lock_timeout", &c.lock_timeout));
  LUAMIG_RETURN_IF_ERROR(ReadDuration(c, table["statement_timeout"], "statement_timeout",
                                      &c.statement_timeout));
  LUAMIG_RETURN_IF_ERROR(
      ReadCount(c, table["lock_retries"], "lock_retries", &c.lock_retries));
  LUAMIG_RETURN_IF_ERROR(
      ReadString(c, table["schema_file"], "schema_file", &c.schema_file));
  LUAMIG_RETURN_IF_ERROR(ReadAutogenerate(c, table["autogenerate"], &c.autogenerate));
  LUAMIG_RETURN_IF_ERROR(ReadTargets(c, table["targets"], &c.targets));
  if (!allow_environments) {
    if (!table["environment_order"].is_nil())
      return KeyError(c, "environment_order", "belongs at the top of the file");
    return Status::Ok();
  }
  LUAMIG_RETURN_IF_ERROR(CheckEnvironments(c, table["environments"]));
  return ReadEnvironmentOrder(c, table);
}

Status ApplyEnvironment(Config& c, const lua::Data& globals, const std::string& env) {
  const lua::Data& envs = globals["environments"];
  std::vector<std::string> names;
  if (envs.map()) {
    for (const auto& [name, _] : *envs.map()) names.push_back(name);
  }
  const lua::Data& chosen = envs[env];
  if (!chosen.map()) {
    std::string known = names.empty() ? c.config_file + " defines no environments"
                                      : "known: " + util::Join(names, ", ");
    return Status::Usage("unknown environment '" + env + "'" +
                         util::DidYouMean(env, names) + "; " + known);
  }
  c.environment = env;
  c.environment_sets_url = !chosen["database_url"].is_nil();
  return ApplyKeys(c, chosen, false);
}

// Evaluates the config's text (`path` names it in errors).
Result<Config> EvalConfigText(const std::string& path, const std::string& text,
                              const std::string& environment) {
  Config c;
  c.config_file = path;
  fs::path dir = fs::path(path).parent_path();
  c.project_dir = dir.empty() ? "." : dir.string();
  lua::LuaState lua;
  LUAMIG_ASSIGN_OR_RETURN(lua::Data globals,
                          lua.EvalConfig(path, text, TargetCalls(c.project_dir)));
  LUAMIG_RETURN_IF_ERROR(ApplyKeys(c, globals, true));
  if (!environment.empty())
    LUAMIG_RETURN_IF_ERROR(ApplyEnvironment(c, globals, environment));
  return c;
}

}  // namespace

const std::vector<std::string>& ConfigKeys() { return kKeys; }

Result<Config> LoadConfigFile(const std::string& path, const std::string& environment) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Project("cannot read config file " + path).WithFile(path);
  std::ostringstream text;
  text << f.rdbuf();
  Result<Config> c = EvalConfigText(path, text.str(), environment);
  if (c.ok()) return c;
  // A Lua error quotes the source near it (an unterminated database_url
  // string, say), and a script error may print what os.getenv returned.
  SecretSet secrets;
  secrets.AddFrom(text.str());
  secrets.AddFromEnvironment();
  return secrets.Scrub(c.status());
}

}  // namespace luamig
