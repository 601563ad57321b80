// SPDX-License-Identifier: MIT
#include "script/script_loader.h"

#include "util/duration.h"
#include "util/strings.h"

namespace luamig::script {
namespace {

// 1-based line of the first line that assigns `key` at the top level, or 0.
int LineOf(const std::string& source, const std::string& key) {
  int line = 1;
  for (const auto& text : util::Split(source, '\n')) {
    std::string_view t = util::Trim(text);
    if (util::StartsWith(t, key)) {
      std::string_view rest = util::Trim(t.substr(key.size()));
      if (!rest.empty() && rest[0] == '=') return line;
    }
    ++line;
  }
  return 0;
}

// The doc comment: the first "-- " line at the top of the script.
std::string DocMessage(const std::string& source) {
  for (const auto& text : util::Split(source, '\n')) {
    std::string_view t = util::Trim(text);
    if (t.empty()) continue;
    if (!util::StartsWith(t, "--")) break;
    t = util::Trim(t.substr(2));
    if (!t.empty() && !util::StartsWith(t, "[[")) return std::string(t);
  }
  return "";
}

Status HeaderError(const ScriptFile& file, const std::string& key,
                   const std::string& what) {
  return Status::Project(file.name + ": " + key + " " + what)
      .WithFile(file.name, LineOf(file.source, key));
}

// nil → {}, "x" → {"x"}, {"x","y"} → {"x","y"}; anything else is an error.
Result<std::vector<std::string>> StringOrList(const lua::Data& d, const ScriptFile& file,
                                              const std::string& key) {
  std::vector<std::string> out;
  if (d.is_nil()) return out;
  if (d.str()) {
    if (d.str()->empty()) return HeaderError(file, key, "must not be \"\"");
    out.push_back(*d.str());
    return out;
  }
  const lua::Data::List* list = d.list();
  if (list == nullptr)
    return HeaderError(file, key, "must be a string or a list of strings");
  for (const auto& item : *list) {
    if (!item.str()) return HeaderError(file, key, "must contain only strings");
    if (item.str()->empty()) return HeaderError(file, key, "must not contain \"\"");
    out.push_back(*item.str());
  }
  return out;
}

// `lock_timeout = "5s"` and friends: a duration string or a number of ms.
Result<std::chrono::milliseconds> HeaderDuration(lua::LuaState& lua, lua::ScriptId id,
                                                 const ScriptFile& file,
                                                 const std::string& key) {
  LUAMIG_ASSIGN_OR_RETURN(lua::Data d, lua.GetGlobal(id, key));
  if (d.is_nil()) return std::chrono::milliseconds(-1);
  std::optional<std::chrono::milliseconds> ms;
  if (d.str()) ms = util::ParseDuration(*d.str());
  if (d.number() && *d.number() >= 0 && *d.number() <= 2147483647.0)
    ms = std::chrono::milliseconds(static_cast<long long>(*d.number()));
  if (!ms)
    return HeaderError(file, key, "must be a duration such as \"5s\" or \"250ms\"");
  return *ms;
}

// The per-revision settings that override luamig.lua's for this script.
Status ReadRunSettings(lua::LuaState& lua, lua::ScriptId id, const ScriptFile& file,
                       LoadedScript* out) {
  LUAMIG_ASSIGN_OR_RETURN(out->lock_timeout,
                          HeaderDuration(lua, id, file, "lock_timeout"));
  LUAMIG_ASSIGN_OR_RETURN(out->statement_timeout,
                          HeaderDuration(lua, id, file, "statement_timeout"));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data retries, lua.GetGlobal(id, "lock_retries"));
  if (retries.is_nil()) return Status::Ok();
  double n = retries.number() ? *retries.number() : -1;
  if (!(n >= 0 && n <= 1000) || n != static_cast<double>(static_cast<int>(n)))
    return HeaderError(file, "lock_retries", "must be a whole number from 0 to 1000");
  out->lock_retries = static_cast<int>(n);
  return Status::Ok();
}

}  // namespace

Result<graph::Revision> ReadHeader(lua::LuaState& lua, lua::ScriptId id,
                                   const ScriptFile& file) {
  graph::Revision rev;
  rev.source = file.name;
  rev.message = DocMessage(file.source);
  LUAMIG_ASSIGN_OR_RETURN(lua::Data revision, lua.GetGlobal(id, "revision"));
  if (revision.is_nil()) {
    return Status::Project(file.name +
                           ": missing `revision = \"<id>\"` at the top of the script")
        .WithFile(file.name);
  }
  if (!revision.str())
    return HeaderError(file, "revision",
                       std::string("must be a string, got ") + revision.TypeName());
  if (revision.str()->empty()) return HeaderError(file, "revision", "must not be empty");
  rev.id = *revision.str();
  if (rev.id.size() > 32)
    return HeaderError(file, "revision", "is longer than 32 characters");
  LUAMIG_ASSIGN_OR_RETURN(lua::Data down, lua.GetGlobal(id, "down_revision"));
  LUAMIG_ASSIGN_OR_RETURN(rev.down_revisions, StringOrList(down, file, "down_revision"));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data labels, lua.GetGlobal(id, "branch_labels"));
  LUAMIG_ASSIGN_OR_RETURN(rev.branch_labels, StringOrList(labels, file, "branch_labels"));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data deps, lua.GetGlobal(id, "depends_on"));
  LUAMIG_ASSIGN_OR_RETURN(rev.depends_on, StringOrList(deps, file, "depends_on"));
  if (!lua.HasFunction(id, "upgrade")) {
    return Status::Project(file.name + ": defines no upgrade(op) function")
        .WithFile(file.name)
        .WithRevision(rev.id);
  }
  return rev;
}

Result<LoadedScripts> LoadScripts(lua::LuaState& lua,
                                  const std::vector<ScriptFile>& files) {
  LoadedScripts out;
  out.revisions.reserve(files.size());
  for (const auto& file : files) {
    LUAMIG_ASSIGN_OR_RETURN(lua::ScriptId id, lua.LoadScript(file.name, file.source));
    LUAMIG_ASSIGN_OR_RETURN(graph::Revision rev, ReadHeader(lua, id, file));
    LUAMIG_ASSIGN_OR_RETURN(lua::Data tx, lua.GetGlobal(id, "transactional"));
    if (!tx.is_nil() && !tx.boolean())
      return HeaderError(file, "transactional", "must be a boolean");
    LoadedScript loaded;
    loaded.lua_id = id;
    loaded.file = file.name;
    loaded.checksum = util::Sha256Hex(file.source);
    loaded.transactional = !tx.boolean() || *tx.boolean();
    loaded.source = file.source;
    LUAMIG_RETURN_IF_ERROR(ReadRunSettings(lua, id, file, &loaded));
    if (!out.by_revision.emplace(rev.id, loaded).second) {
      const std::string& other = out.by_revision[rev.id].file;
      return Status::Project("duplicate revision id '" + rev.id + "' in " + other +
                             " and " + file.name)
          .WithRevisions({rev.id})
          .WithFile(file.name, LineOf(file.source, "revision"));
    }
    out.revisions.push_back(std::move(rev));
  }
  return out;
}

}  // namespace luamig::script
