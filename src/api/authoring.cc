// SPDX-License-Identifier: MIT
// init, revision and merge: the commands that write files. Scripts go through
// ScriptSource::Write; a script is checked before it is written.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/migrator_impl.h"
#include "luamig/migrator.h"
#include "script/file_template.h"
#include "script/revision_writer.h"
#include "util/atomic_file.h"
#include "util/strings.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

// What a new script will say about itself, plus where it goes.
struct NewScript {
  script::RevisionHeader header;
  std::string location;  // "" = the source's first location
};

std::string Names(const std::vector<std::string>& ids) { return util::Join(ids, ", "); }

std::string Normal(const fs::path& p, const std::string& base) {
  fs::path abs = p.is_absolute() ? p : fs::path(base) / p;
  return abs.lexically_normal().string();
}

std::string LocalDate(std::time_t when) {
  std::tm local{};
  localtime_r(&when, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

Result<std::string> ReadTemplate(const Config& config) {
  fs::path p = fs::path(config.project_dir) / "templates" / "revision.lua.tmpl";
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::string(script::BuiltinRevisionTemplate());
  std::ifstream f(p, std::ios::binary);
  if (!f) return Status::Project("cannot read " + p.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string TemplateName(const Config& config) {
  fs::path p = fs::path(config.project_dir) / "templates" / "revision.lua.tmpl";
  std::error_code ec;
  return fs::exists(p, ec) ? p.string() : "built-in template";
}

// The rendered script must say what was asked: a template that drops a field
// would otherwise write a revision that means something else.
Status CheckHeader(const graph::Revision& got, const script::RevisionHeader& want,
                   const std::string& tmpl) {
  auto mismatch = [&](const char* key, const std::vector<std::string>& g,
                      const std::vector<std::string>& w) {
    return Status::Project(tmpl + " renders " + key + " as {" + Names(g) +
                           "}, expected {" + Names(w) + "}")
        .WithRevision(want.revision)
        .WithHint(
            "a template needs ${revision}, ${down_revision}, ${branch_labels} "
            "and ${depends_on}");
  };
  if (got.id != want.revision) return mismatch("revision", {got.id}, {want.revision});
  if (got.down_revisions != want.down_revisions)
    return mismatch("down_revision", got.down_revisions, want.down_revisions);
  if (got.branch_labels != want.branch_labels)
    return mismatch("branch_labels", got.branch_labels, want.branch_labels);
  if (got.depends_on != want.depends_on)
    return mismatch("depends_on", got.depends_on, want.depends_on);
  return Status::Ok();
}

Status CheckNotHeads(const graph::RevisionMap& g,
                     const std::vector<const graph::Revision*>& revs) {
  for (const graph::Revision* r : revs) {
    if (!g.Children(r->id).empty())
      return Status::Usage("revision " + r->id + " is not a head revision")
          .WithRevisions({r->id})
          .WithHint("children: " + Names(g.Children(r->id)) +
                    "; use --splice to start a new branch from it");
  }
  return Status::Ok();
}

std::vector<std::string> Ids(const std::vector<const graph::Revision*>& revs) {
  std::vector<std::string> ids;
  for (const graph::Revision* r : revs) ids.push_back(r->id);
  return ids;
}

Status CheckDistinct(const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (std::find(ids.begin() + static_cast<long>(i) + 1, ids.end(), ids[i]) != ids.end())
      return Status::Usage("revision " + ids[i] + " is named more than once")
          .WithRevisions({ids[i]});
  }
  return Status::Ok();
}

}  // namespace

// --- helpers on Impl --------------------------------------------------------

Result<std::vector<const graph::Revision*>> Migrator::Impl::BuildOn(
    std::string_view head) const {
  if (head == "base") return std::vector<const graph::Revision*>{};
  if (head == "head" && graph.Heads().size() > 1) {
    return Status::Usage("several heads are present (" + Names(graph.Heads()) +
                         "); say which one to build on, or merge them first")
        .WithRevisions(graph.Heads())
        .WithHint("luamig revision --head REV (or LABEL@head), or luamig merge heads");
  }
  if ((head == "head" || head == "heads") && graph.Heads().empty())
    return std::vector<const graph::Revision*>{};
  return Named(head);
}

// The version location a new script goes to ("" = the source's first).
Result<std::string> Migrator::Impl::LocationFor(
    const std::string& version_path,
    const std::vector<const graph::Revision*>& on) const {
  const Config& c = options.config;
  std::vector<std::string> locations = LocationsUnder(c);
  std::vector<std::string> normal;
  for (const auto& l : locations) normal.push_back(Normal(l, c.project_dir));
  auto index_of = [&](const std::string& n) {
    return static_cast<size_t>(std::find(normal.begin(), normal.end(), n) -
                               normal.begin());
  };
  if (!version_path.empty()) {
    size_t i = index_of(Normal(version_path, c.project_dir));
    if (i == normal.size())
      return Status::Usage("version path '" + version_path +
                           "' is not one of the version locations (" +
                           Names(c.version_locations) + ")")
          .WithHint("add it to version_locations in luamig.lua first");
    return i == 0 ? std::string() : locations[i];
  }
  if (locations.size() <= 1) return std::string();
  if (on.empty())
    return Status::Usage("several version locations are configured (" +
                         Names(c.version_locations) + "); pick one with --version-path");
  size_t i = index_of(Normal(fs::path(on.front()->source).parent_path(), c.project_dir));
  return (i == 0 || i == normal.size()) ? std::string() : locations[i];
}

Result<std::string> Migrator::Impl::NewId(const std::string& wanted) const {
  if (wanted.empty()) {
    std::string id;
    do id = script::NewRevisionId();
    while (graph.Find(id) != nullptr);
    return id;
  }
  LUAMIG_RETURN_IF_ERROR(script::CheckRevisionId(wanted));
  if (const graph::Revision* r = graph.Find(wanted))
    return Status::Usage("revision id '" + wanted + "' is already used by " + r->source)
        .WithRevisions({wanted});
  return wanted;
}

// Labels kept as written, anything else becomes the full id (as Alembic).
Result<std::vector<std::string>> Migrator::Impl::Dependencies(
    const std::vector<std::string>& deps) const {
  std::vector<std::string> out;
  for (const auto& d : deps) {
    LUAMIG_ASSIGN_OR_RETURN(const graph::Revision* r, graph.Lookup(d));
    bool label = std::find(r->branch_labels.begin(), r->branch_labels.end(), d) !=
                 r->branch_labels.end();
    out.push_back(label ? d : r->id);
  }
  return out;
}

Result<std::string> Migrator::Impl::RenderChecked(const script::RevisionHeader& h,
                                                  const std::string& file_name) const {
  for (const auto& l : h.branch_labels)
    LUAMIG_RETURN_IF_ERROR(script::CheckBranchLabel(l));
  LUAMIG_ASSIGN_OR_RETURN(std::string tmpl, ReadTemplate(options.config));
  std::string tmpl_name = TemplateName(options.config);
  LUAMIG_ASSIGN_OR_RETURN(std::string source, script::RenderRevision(tmpl, h, tmpl_name));
  lua::LuaState scratch;
  auto loaded = script::LoadScripts(scratch, {{file_name, source}});
  if (!loaded.ok())
    return Status::Project(tmpl_name + " renders a script that does not load: " +
                           loaded.status().message())
        .WithRevision(h.revision);
  const graph::Revision& rev = loaded->revisions.front();
  LUAMIG_RETURN_IF_ERROR(CheckHeader(rev, h, tmpl_name));
  std::vector<graph::Revision> all = graph.revisions();
  all.push_back(rev);
  LUAMIG_RETURN_IF_ERROR(graph::RevisionMap::Build(std::move(all)).status());
  return source;
}

Result<WrittenRevision> Migrator::Impl::Store(script::RevisionHeader header,
                                              const std::string& location) {
  std::time_t now = std::time(nullptr);
  header.create_date = LocalDate(now);
  LUAMIG_ASSIGN_OR_RETURN(std::string file_name,
                          script::RevisionFileName(options.config.file_template,
                                                   header.revision, header.message, now));
  LUAMIG_ASSIGN_OR_RETURN(std::string source, RenderChecked(header, file_name));
  WrittenRevision out;
  LUAMIG_ASSIGN_OR_RETURN(out.revision.file, scripts->Write(location, file_name, source));
  out.revision.id = header.revision;
  out.source = std::move(source);
  return out;
}

Result<WrittenRevision> Migrator::Reloaded(WrittenRevision written) {
  Status s = Reload();
  if (!s.ok())
    return Status(s.code(), "wrote " + written.revision.file +
                                ", but the project no longer loads: " + s.message())
        .WithFile(written.revision.file);
  written.revision = impl_->Info(*impl_->graph.Find(written.revision.id));
  return written;
}

Status Migrator::Reload() {
  MigratorOptions options = impl_->options;
  options.scripts = impl_->scripts;
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<Migrator> fresh, Open(std::move(options)));
  impl_ = std::move(fresh->impl_);
  return Status::Ok();
}

// --- the commands -------------------------------------------------------------

Result<WrittenRevision> Migrator::Impl::WriteRevision(const RevisionOptions& o,
                                                      std::string upgrades,
                                                      std::string downgrades) {
  script::RevisionHeader h;
  LUAMIG_ASSIGN_OR_RETURN(h.revision, NewId(o.rev_id));
  LUAMIG_ASSIGN_OR_RETURN(auto on, BuildOn(o.head));
  h.down_revisions = Ids(on);
  LUAMIG_RETURN_IF_ERROR(CheckDistinct(h.down_revisions));
  if (!o.splice) LUAMIG_RETURN_IF_ERROR(CheckNotHeads(graph, on));
  LUAMIG_ASSIGN_OR_RETURN(h.depends_on, Dependencies(o.depends_on));
  h.branch_labels = o.branch_labels;
  h.message = o.message;
  h.upgrades = std::move(upgrades);
  h.downgrades = std::move(downgrades);
  LUAMIG_ASSIGN_OR_RETURN(std::string location, LocationFor(o.version_path, on));
  return Store(std::move(h), location);
}

Result<WrittenRevision> Migrator::CreateRevision(const RevisionOptions& o) {
  LUAMIG_ASSIGN_OR_RETURN(WrittenRevision written, impl_->WriteRevision(o, "", ""));
  return Reloaded(std::move(written));
}

Result<WrittenRevision> Migrator::Merge(const MergeOptions& o) {
  Impl& m = *impl_;
  if (o.revisions.empty())
    return Status::Usage("merge needs the revisions to merge, or heads");
  std::vector<const graph::Revision*> on;
  for (const auto& r : o.revisions) {
    LUAMIG_ASSIGN_OR_RETURN(auto revs, r == "heads" ? m.BuildOn("heads") : m.Named(r));
    on.insert(on.end(), revs.begin(), revs.end());
  }
  script::RevisionHeader h;
  h.down_revisions = Ids(on);
  LUAMIG_RETURN_IF_ERROR(CheckDistinct(h.down_revisions));
  if (on.size() < 2)
    return Status::Usage("merge needs at least two revisions; got " +
                         (on.empty() ? std::string("none") : Names(h.down_revisions)))
        .WithRevisions(h.down_revisions)
        .WithHint("there is nothing to merge while the graph has one head");
  for (const graph::Revision* r : on) {
    if (!m.graph.Children(r->id).empty())
      return Status::Usage("revision " + r->id + " is not a head revision")
          .WithRevisions({r->id})
          .WithHint("merge joins heads; children of " + r->id + ": " +
                    Names(m.graph.Children(r->id)));
  }
  LUAMIG_ASSIGN_OR_RETURN(h.revision, m.NewId(o.rev_id));
  h.branch_labels = o.branch_labels;
  h.message = o.message;
  LUAMIG_ASSIGN_OR_RETURN(std::string location, m.LocationFor("", on));
  LUAMIG_ASSIGN_OR_RETURN(WrittenRevision written, m.Store(std::move(h), location));
  return Reloaded(std::move(written));
}

}  // namespace luamig
