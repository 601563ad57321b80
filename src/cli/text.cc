// SPDX-License-Identifier: MIT
#include "cli/text.h"

namespace luamig::cli {
namespace {

std::string Parents(const RevisionInfo& r) {
  return r.down_revisions.empty() ? "<base>" : Comma(r.down_revisions);
}

std::vector<std::string> AllLabels(const RevisionInfo& r) {
  std::vector<std::string> labels = r.branch_labels;
  labels.insert(labels.end(), r.inherited_labels.begin(), r.inherited_labels.end());
  return labels;
}

// The message without a leading "file:line: " that the file line repeats.
std::string MessageWithoutLocation(const Status& s) {
  const std::string& m = s.message();
  if (s.file().empty()) return m;
  std::string prefix = s.file() + ":";
  if (s.line() > 0) prefix += std::to_string(s.line()) + ":";
  if (m.size() > prefix.size() + 1 && m.compare(0, prefix.size(), prefix) == 0) {
    return m.substr(m[prefix.size()] == ' ' ? prefix.size() + 1 : prefix.size());
  }
  return m;
}

}  // namespace

LineStyle LineStyle::History() {
  LineStyle s;
  s.parents = true;
  return s;
}

LineStyle LineStyle::Heads() {
  LineStyle s;
  s.tree = false;
  s.doc = false;
  return s;
}

LineStyle LineStyle::Current() {
  LineStyle s;
  s.labels = false;
  return s;
}

std::string Comma(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string HeadsText(const std::vector<std::string>& ids) {
  return ids.empty() ? "<base>" : Comma(ids);
}

std::string RevisionLine(const RevisionInfo& r, const LineStyle& style) {
  std::string text = r.id;
  if (style.parents) {
    std::string deps = r.depends_on.empty() ? "" : " (" + Comma(r.depends_on) + ")";
    text = Parents(r) + deps + " -> " + text;
  }
  std::vector<std::string> labels = AllLabels(r);
  if (style.labels && !labels.empty()) text += " (" + Comma(labels) + ")";
  if (r.is_effective_head) {
    text += " (effective head)";  // a head that something depends on
  } else if (r.is_head) {
    text += " (head)";
  }
  if (r.is_current) text += " (current)";
  if (style.tree && r.is_branch_point) text += " (branchpoint)";
  if (style.tree && r.is_merge) text += " (mergepoint)";
  if (style.doc && !r.message.empty()) text += ", " + r.message;
  return text;
}

std::string RevisionBlock(const RevisionInfo& r) {
  std::string out = "Rev: " + r.id + (r.is_head ? " (head)" : "") +
                    (r.is_branch_point ? " (branchpoint)" : "") +
                    (r.is_merge ? " (mergepoint)" : "") +
                    (r.is_current ? " (current)" : "") + "\n";
  out += std::string(r.is_merge ? "Merges: " : "Parent: ") + Parents(r) + "\n";
  if (!r.depends_on.empty()) out += "Also depends on: " + Comma(r.depends_on) + "\n";
  if (r.is_branch_point) out += "Branches into: " + Comma(r.children) + "\n";
  std::vector<std::string> labels = AllLabels(r);
  if (!labels.empty()) out += "Branch names: " + Comma(labels) + "\n";
  out += "Path: " + r.file + "\n\n";
  std::vector<std::string> doc = r.doc;
  if (doc.empty()) {
    if (!r.message.empty()) doc.push_back(r.message);
    if (!r.create_date.empty()) {
      doc.push_back("");
      doc.push_back("Create Date: " + r.create_date);
    }
  }
  for (const auto& line : doc) out += line.empty() ? "\n" : "    " + line + "\n";
  return out + "\n";
}

void PrintError(std::ostream& err, const Terminal& t, const Status& s, bool verbose) {
  err << Paint(t.OnStderr(), "31;1", "error:") << " " << MessageWithoutLocation(s) << "\n";
  if (!s.revision().empty()) err << "  revision: " << s.revision() << "\n";
  if (!s.file().empty()) {
    err << "  file: " << s.file();
    if (s.line() > 0) err << ":" << s.line();
    err << "\n";
  }
  if (!s.sql().empty()) err << "  sql: " << s.sql() << "\n";
  if (!s.sqlstate().empty()) err << "  code: " << s.sqlstate() << "\n";
  // Revisions the message already names (an unknown id it quotes) are not
  // repeated on a line of their own.
  bool named = true;
  for (const auto& r : s.revisions())
    named = named && s.message().find("'" + r + "'") != std::string::npos;
  if (!s.revisions().empty() && !named)
    err << "  revisions: " << Comma(s.revisions()) << "\n";
  std::string hint = s.hint();
  size_t trace = hint.find("stack traceback:");
  if (!verbose && trace != std::string::npos) hint = hint.substr(0, trace);
  while (!hint.empty() && hint.back() == '\n') hint.pop_back();
  if (!hint.empty()) err << "  " << hint << "\n";
  err.flush();
}

}  // namespace luamig::cli
