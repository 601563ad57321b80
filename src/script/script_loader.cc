// SPDX-License-Identifier: MIT
#include "script/script_loader.h"

#include "script/file_template.h"

#include "util/duration.h"
#include "util/strings.h"

namespace luamig::script {
namespace {

// A UTF-8 byte order mark (LuaJIT skips one at the start of a chunk).
std::string_view WithoutBom(std::string_view source) {
  if (util::StartsWith(source, "\xEF\xBB\xBF")) source.remove_prefix(3);
  return source;
}

// 1-based line of the first line that assigns `key` at the top level, or 0.
int LineOf(const std::string& source, const std::string& key) {
  int line = 1;
  for (const auto& text : util::Split(WithoutBom(source), '\n')) {
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
  for (const auto& text : util::Split(WithoutBom(source), '\n')) {
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

// The header value `key`, refusing what cannot be data (a function, say,
// which would otherwise read as nil).
Result<lua::Data> HeaderValue(lua::LuaState& lua, lua::ScriptId id,
                              const ScriptFile& file, const std::string& key) {
  std::string type = lua.GlobalType(id, key);
  if (type != "nil" && type != "boolean" && type != "number" && type != "string" &&
      type != "table")
    return HeaderError(file, key, "must be plain data, got a " + type);
  return lua.GetGlobal(id, key);
}

// `check` (CheckRevisionId, CheckBranchLabel) as a header error.
Status CheckEach(const std::vector<std::string>& values, const ScriptFile& file,
                 const std::string& key, Status (*check)(std::string_view)) {
  for (size_t i = 0; i < values.size(); ++i) {
    Status s = check(values[i]);
    if (!s.ok()) return HeaderError(file, key, "is not valid: " + s.message());
    for (size_t j = 0; j < i; ++j) {
      if (values[j] == values[i])
        return HeaderError(file, key, "names '" + values[i] + "' twice");
    }
  }
  return Status::Ok();
}

Status NoDuplicates(const std::vector<std::string>& values, const ScriptFile& file,
                    const std::string& key) {
  return CheckEach(values, file, key, [](std::string_view) { return Status::Ok(); });
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
  LUAMIG_ASSIGN_OR_RETURN(lua::Data d, HeaderValue(lua, id, file, key));
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
  LUAMIG_ASSIGN_OR_RETURN(lua::Data retries, HeaderValue(lua, id, file, "lock_retries"));
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
  LUAMIG_ASSIGN_OR_RETURN(lua::Data revision, HeaderValue(lua, id, file, "revision"));
  if (revision.is_nil()) {
    return Status::Project(file.name +
                           ": missing `revision = \"<id>\"` at the top of the script")
        .WithFile(file.name);
  }
  if (!revision.str())
    return HeaderError(file, "revision",
                       std::string("must be a string, got ") + revision.TypeName());
  // The rules of `revision --rev-id`: an id the target grammar can name.
  rev.id = *revision.str();
  LUAMIG_RETURN_IF_ERROR(CheckEach({rev.id}, file, "revision", CheckRevisionId));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data down, HeaderValue(lua, id, file, "down_revision"));
  LUAMIG_ASSIGN_OR_RETURN(rev.down_revisions, StringOrList(down, file, "down_revision"));
  LUAMIG_RETURN_IF_ERROR(
      CheckEach(rev.down_revisions, file, "down_revision", CheckRevisionId));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data labels, HeaderValue(lua, id, file, "branch_labels"));
  LUAMIG_ASSIGN_OR_RETURN(rev.branch_labels, StringOrList(labels, file, "branch_labels"));
  LUAMIG_RETURN_IF_ERROR(
      CheckEach(rev.branch_labels, file, "branch_labels", CheckBranchLabel));
  LUAMIG_ASSIGN_OR_RETURN(lua::Data deps, HeaderValue(lua, id, file, "depends_on"));
  LUAMIG_ASSIGN_OR_RETURN(rev.depends_on, StringOrList(deps, file, "depends_on"));
  LUAMIG_RETURN_IF_ERROR(NoDuplicates(rev.depends_on, file, "depends_on"));
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
    LUAMIG_ASSIGN_OR_RETURN(lua::Data tx, HeaderValue(lua, id, file, "transactional"));
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
