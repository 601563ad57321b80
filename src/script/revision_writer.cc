// SPDX-License-Identifier: MIT
#include "script/revision_writer.h"

#include <cstdio>

#include "script/revision_template.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig::script {
namespace {

std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  std::string_view t = util::Trim(out);
  return t.empty() ? "empty message" : std::string(t);
}

// nil, "a" (when a scalar is allowed) or { "a", "b" }.
std::string LuaValue(const std::vector<std::string>& items, bool scalar_if_one) {
  if (items.empty()) return "nil";
  if (items.size() == 1 && scalar_if_one) return LuaString(items[0]);
  std::string out = "{ ";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + LuaString(items[i]);
  return out + " }";
}

std::string Value(std::string_view name, const RevisionHeader& h) {
  if (name == "message") return OneLine(h.message);
  if (name == "revision") return h.revision;
  if (name == "down_revision") return LuaValue(h.down_revisions, true);
  if (name == "branch_labels") return LuaValue(h.branch_labels, false);
  if (name == "depends_on") return LuaValue(h.depends_on, false);
  if (name == "revises")
    return h.down_revisions.empty() ? "<base>" : util::Join(h.down_revisions, ", ");
  if (name == "create_date") return h.create_date;
  if (name == "upgrades") return h.upgrades.empty() ? "  -- pass" : h.upgrades;
  return h.downgrades.empty() ? "  -- pass" : h.downgrades;  // "downgrades"
}

bool Known(std::string_view name) {
  for (const auto& p : RevisionTemplatePlaceholders())
    if (p == name) return true;
  return false;
}

}  // namespace

std::string_view BuiltinRevisionTemplate() { return kBuiltinRevisionTemplate; }

const std::vector<std::string>& RevisionTemplatePlaceholders() {
  static const std::vector<std::string> kNames = {
      "message", "revision",    "down_revision", "branch_labels", "depends_on",
      "revises", "create_date", "upgrades",      "downgrades"};
  return kNames;
}

Result<std::string> RenderRevision(std::string_view tmpl, const RevisionHeader& header,
                                   std::string_view template_name) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 == tmpl.size() ||
        (tmpl[i + 1] != '{' && tmpl[i + 1] != '$')) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos)
      return Status::Project(std::string(template_name) + ": '${' without '}'");
    std::string name(tmpl.substr(i + 2, close - i - 2));
    if (!Known(name))
      return Status::Project(std::string(template_name) + ": unknown placeholder ${" +
                             name + "}" +
                             util::DidYouMean(name, RevisionTemplatePlaceholders()))
          .WithHint("placeholders: ${" +
                    util::Join(RevisionTemplatePlaceholders(), "}, ${") + "}");
    out += Value(name, header);
    i = close;
  }
  return out;
}

std::string LuaString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03d", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace luamig::script
