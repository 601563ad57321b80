// SPDX-License-Identifier: MIT
// ConvertAlembic and VerifyAlembic: run the Alembic reader (helper_process.h)
// and turn its records into results; during a verification, answer its
// requests by running the converted project with a Migrator.
#include "luamig/convert.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "api/helper_process.h"
#include "luamig/luamig.h"
#include "luamig/schema.h"
#include "runtime/history_table.h"
#include "util/url.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;
using api::HelperProcess;
using api::Record;

Translation ParseTranslation(const std::string& s) {
  if (s == "exact") return Translation::kExact;
  if (s == "sql") return Translation::kSql;
  return Translation::kHuman;
}

ConvertedRevision ParseRevision(const Record& r) {
  ConvertedRevision rev;
  rev.id = r.at(0);
  rev.alembic_file = r.at(1);
  rev.file = r.at(2);
  rev.message = r.at(3);
  rev.upgrade = {ParseTranslation(r.at(4)), r.at(5)};
  rev.downgrade = {ParseTranslation(r.at(6)), r.at(7)};
  return rev;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The helper's own error record, or its exit code and last output.
Status HelperFailure(const Record* error, HelperProcess& helper, const std::string& what,
                     const std::string& secret = "") {
  int code = helper.Wait();
  if (error != nullptr) {
    return Status(
        error->at(0) == "project" ? StatusCode::kProject : StatusCode::kDatabase,
        util::Redact(error->at(1), secret));
  }
  return Status::Internal(what + ": the Alembic reader exited with " +
                          std::to_string(code))
      .WithHint(helper.ErrorTail());
}

std::string Absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return ec ? p : a.lexically_normal().string();
}

Status CheckDialects(const std::vector<std::string>& dialects) {
  for (const auto& d : dialects) {
    if (d != "sqlite" && d != "postgresql")
      return Status::Usage("unknown dialect '" + d + "' (sqlite or postgresql)");
  }
  return Status::Ok();
}

// ---- verification: the luamig side ------------------------------------------

// Remembers the revision of the step that starts.
class StepCatcher : public EventSink {
 public:
  void OnStepStarted(const StepInfo& step, size_t, size_t) override {
    revision = step.revision;
  }
  std::string revision;
};

class LuamigSide {
 public:
  std::vector<std::string> Handle(const Record& r) {
    if (r.at(0) == "open") return Open(r.at(1), r.at(2));
    if (r.at(0) == "compare-schemas")
      return CompareSchemasOf(r.at(1), r.at(2), r.at(3), r.at(4));
    if (!migrator_) return {"error", "the luamig project is not open"};
    if (r.at(0) == "upgrade") return Upgrade(r.at(1));
    if (r.at(0) == "downgrade-step") return DowngradeStep();
    return {"error", "unknown request " + r.at(0)};
  }

 private:
  std::vector<std::string> Open(const std::string& dir, const std::string& url) {
    auto config = LoadConfigFile((fs::path(dir) / "luamig.lua").string());
    if (!config.ok()) return {"error", config.status().ToString()};
    // One migration per step, committed: verification compares after each.
    config->transaction_per_migration = true;
    MigratorOptions options;
    options.config = *config;
    options.url = url;
    options.events = &catcher_;
    std::string table = config->version_table, schema = config->version_table_schema;
    auto m = Migrator::Open(std::move(options));
    if (!m.ok()) return {"error", m.status().ToString()};
    migrator_ = std::move(m).value();
    return {"ok", table, schema, runtime::HistoryTableName(table)};
  }

  std::vector<std::string> Upgrade(const std::string& rev) {
    auto run = migrator_->Upgrade(rev);
    if (!run.ok()) return {"error", run.status().ToString()};
    std::string ran;
    for (const auto& s : run->steps) ran += (ran.empty() ? "" : ",") + s.step.revision;
    return {"ok", ran};
  }

  std::vector<std::string> DowngradeStep() {
    auto run = migrator_->BeginDowngrade("base");
    if (!run.ok()) return {"error", run.status().ToString()};
    catcher_.revision.clear();
    if ((*run)->progress().total == 0) {
      (*run)->Abort();
      return {"done"};
    }
    auto more = (*run)->Step();
    if (!more.ok()) return {"error", more.status().ToString()};
    Status s = (*run)->Abort();  // the step is committed; the rest is not run
    if (!s.ok()) return {"error", s.ToString()};
    return {"ok", catcher_.revision};
  }

  // Reflects both databases with luamig's schema model (luamig/schema.h):
  // `expected` built by Alembic, `actual` by luamig, each without the tables
  // named in its comma-separated exclude list.
  std::vector<std::string> CompareSchemasOf(const std::string& expected_url,
                                            const std::string& expected_skip,
                                            const std::string& actual_url,
                                            const std::string& actual_skip) {
    ReflectOptions eo, ao;
    eo.exclude_tables = SplitComma(expected_skip);
    ao.exclude_tables = SplitComma(actual_skip);
    auto expected = ReflectSchema(expected_url, eo);
    if (!expected.ok()) return {"error", expected.status().ToString()};
    auto actual = ReflectSchema(actual_url, ao);
    if (!actual.ok()) return {"error", actual.status().ToString()};
    std::vector<SchemaDifference> diffs = CompareSchemas(*expected, *actual);
    if (diffs.empty()) return {"same"};
    std::string text;
    for (size_t i = 0; i < diffs.size() && i < 5; ++i)
      text += (i ? "; " : "") + diffs[i].Describe();
    if (diffs.size() > 5) text += "; and " + std::to_string(diffs.size() - 5) + " more";
    return {"differ", text};
  }

  StepCatcher catcher_;
  std::unique_ptr<Migrator> migrator_;
};

Direction ParseDirection(const std::string& s) {
  return s == "downgrade" ? Direction::kDowngrade : Direction::kUpgrade;
}

}  // namespace

const char* TranslationName(Translation t) {
  switch (t) {
    case Translation::kExact:
      return "translated exactly";
    case Translation::kSql:
      return "rendered as SQL";
    case Translation::kHuman:
      return "needs a human";
  }
  return "";
}

Translation ConvertedRevision::translation() const {
  return std::max(upgrade.translation, downgrade.translation);
}

size_t ConvertReport::Count(Translation t) const {
  return static_cast<size_t>(
      std::count_if(revisions.begin(), revisions.end(),
                    [&](const auto& r) { return r.translation() == t; }));
}

Result<ConvertReport> ConvertAlembic(const ConvertOptions& o) {
  if (o.alembic.empty())
    return Status::Usage("convert needs the Alembic project directory");
  if (o.output_dir.empty()) return Status::Usage("convert needs an output directory");
  LUAMIG_RETURN_IF_ERROR(CheckDialects(o.dialects));
  ConvertReport report;
  report.output_dir = Absolute(o.output_dir);
  std::vector<std::string> args = {"convert",  Absolute(o.alembic),
                                   "--output", report.output_dir,
                                   "--name",   o.ini_section};
  for (const auto& d : o.dialects) args.insert(args.end(), {"--dialect", d});
  if (o.force) args.push_back("--force");
  LUAMIG_ASSIGN_OR_RETURN(auto helper, HelperProcess::Start(o.helper, args));
  while (auto r = helper->Next()) {
    if (r->kind == "revision") {
      report.revisions.push_back(ParseRevision(*r));
    } else if (r->kind == "config") {
      report.config_file = r->at(0);
    } else if (r->kind == "dialects") {
      report.dialects = SplitComma(r->at(0));
    } else if (r->kind == "error") {
      return HelperFailure(&*r, *helper, "convert");
    } else if (r->kind == "log" && o.helper.on_output) {
      o.helper.on_output(r->at(0));
    }
  }
  if (helper->Wait() != 0) return HelperFailure(nullptr, *helper, "convert");
  return report;
}

Result<VerifyReport> VerifyAlembic(const VerifyOptions& o) {
  if (o.alembic.empty() || o.project_dir.empty() || o.url.empty())
    return Status::Usage(
        "verify needs the Alembic project, the luamig project and a URL");
  std::vector<std::string> args = {"verify",    Absolute(o.alembic),
                                   "--project", Absolute(o.project_dir),
                                   "--name",    o.ini_section};
  if (o.keep_scratch) args.push_back("--keep");
  LUAMIG_ASSIGN_OR_RETURN(
      auto helper, HelperProcess::Start(o.helper, args, {"LUAMIG_VERIFY_URL=" + o.url}));
  const std::string secret = util::UrlPassword(o.url);
  helper->set_secret(secret);
  auto clean = [&](const std::string& s) { return util::Redact(s, secret); };
  VerifyReport report;
  LuamigSide luamig;
  bool done = false;
  while (auto r = helper->Next()) {
    if (r->kind == "luamig") {
      LUAMIG_RETURN_IF_ERROR(helper->Reply(luamig.Handle(*r)));
    } else if (r->kind == "verify-scratch") {
      report.scratch = clean(r->at(0));
    } else if (r->kind == "verify-step") {
      report.steps = std::stoul(r->at(0));
      if (o.on_step) o.on_step({report.steps, ParseDirection(r->at(1)), r->at(2)});
    } else if (r->kind == "verify-diff") {
      report.direction = ParseDirection(r->at(0));
      report.revision = r->at(1);
      report.steps = std::stoul(r->at(2));
      report.difference = clean(r->at(3));
      done = true;
    } else if (r->kind == "verify-done") {
      report.steps = std::stoul(r->at(0));
      report.ok = done = true;
    } else if (r->kind == "error") {
      return HelperFailure(&*r, *helper, "verify", secret);
    } else if (r->kind == "log" && o.helper.on_output) {
      o.helper.on_output(clean(r->at(0)));
    }
  }
  int code = helper->Wait();
  if (!done || (code != 0 && code != 1))
    return HelperFailure(nullptr, *helper, "verify", secret);
  return report;
}

}  // namespace luamig
