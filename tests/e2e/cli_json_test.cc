// SPDX-License-Identifier: MIT
// `--format json` against its contract, docs/json.md: the tables there are
// parsed, and every document the commands print is checked against them
// (documented fields present unless optional, no undocumented field, types).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using nlohmann::json;
using testing::RunLuamig;
using testing::TempProject;

struct Field {
  std::string type;  // "string", "array of Revision", …
  bool optional = false;
};
using Table = std::map<std::string, Field>;

// "### name" headings followed by "| `field` | type | meaning |" rows.
std::map<std::string, Table> ParseDoc() {
  std::ifstream f(std::string(LUAMIG_SOURCE_DIR) + "/docs/json.md");
  std::map<std::string, Table> tables;
  std::string line, current;
  std::regex heading(R"(^###? (.+)$)");
  std::regex row(R"(^\| `([a-z_]+)` \| ([^|]+?) \| .*\|$)");
  std::smatch m;
  while (std::getline(f, line)) {
    if (std::regex_match(line, m, heading)) {
      current = m[1];
      tables[current];  // a command with no fields of its own has a heading
    } else if (std::regex_match(line, m, row)) {
      Field field;
      field.type = m[2];
      const std::string opt = " (optional)";
      if (field.type.size() > opt.size() &&
          field.type.compare(field.type.size() - opt.size(), opt.size(), opt) == 0) {
        field.optional = true;
        field.type.erase(field.type.size() - opt.size());
      }
      tables[current][m[1]] = field;
    }
  }
  return tables;
}

const std::map<std::string, Table>& Doc() {
  static const auto* doc = new std::map<std::string, Table>(ParseDoc());
  return *doc;
}

void CheckValue(const json& v, const std::string& type, const std::string& where,
                const std::string& command);

// An object against table `name`; `extra` (the command's table) joins the
// Document table.
void CheckObject(const json& obj, const std::string& name, const std::string& where,
                 const std::string& command) {
  INFO(where);
  REQUIRE(obj.is_object());
  Table table;
  bool failed = false;
  if (name == "Document") {
    // Commands that share a table, as docs/json.md says.
    std::string section = command == "downgrade" ? "upgrade"
                          : command == "merge"   ? "revision"
                                                 : command;
    if (obj.contains("sql")) section += " --sql";
    if (command == "revision" && obj.contains("written")) section += " --autogenerate";
    REQUIRE(Doc().count("Document"));
    REQUIRE(Doc().count(section));
    table = Doc().at("Document");
    failed = obj.contains("error");
    for (auto [k, f] : Doc().at(section)) {
      f.optional = f.optional || failed;  // a failed command got only so far
      table[k] = f;
    }
  } else {
    REQUIRE(Doc().count(name));
    table = Doc().at(name);
  }
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    INFO("field " << it.key() << " of " << name << " (" << command << ")");
    CHECK(table.count(it.key()) == 1);
  }
  for (const auto& [key, field] : table) {
    INFO("field " << key << " of " << name << " (" << command << ")");
    if (!obj.contains(key)) {
      CHECK(field.optional);
      continue;
    }
    CheckValue(obj[key], field.type, where + "." + key, command);
  }
}

void CheckValue(const json& v, const std::string& type, const std::string& where,
                const std::string& command) {
  INFO(where << " should be " << type << ": " << v.dump());
  const std::string array = "array of ";
  if (type.rfind(array, 0) == 0) {
    REQUIRE(v.is_array());
    for (size_t i = 0; i < v.size(); ++i)
      CheckValue(v[i], type.substr(array.size()), where + "[" + std::to_string(i) + "]",
                 command);
  } else if (type == "string") {
    CHECK(v.is_string());
  } else if (type == "number") {
    CHECK(v.is_number());
  } else if (type == "boolean") {
    CHECK(v.is_boolean());
  } else {
    CheckObject(v, type, where, command);
  }
}

// Runs luamig with --format json; stdout must be one JSON document.
json RunJson(const TempProject& p, std::vector<std::string> args, int expected_code) {
  args.insert(args.begin(), {"--format", "json"});
  auto r = RunLuamig(p.Path(), args);
  INFO(r.out << r.err);
  CHECK(r.exit_code == expected_code);
  json doc = json::parse(r.out);  // throws on anything but one document
  CHECK(doc["exit_code"] == expected_code);
  CHECK(doc["ok"] == (expected_code == 0));
  std::string command = doc["command"];
  if (doc.contains("targets") && doc.contains("counts")) {
    CheckObject(doc, "fleet", "document", command);
  } else if (doc.contains("environments")) {
    CheckObject(doc, "environments", "document", command);
    for (const auto& rec : doc["environments"])
      if (rec.contains("result"))
        CheckObject(rec["result"], "Document", "result", command);
  } else {
    CheckObject(doc, "Document", "document", command.empty() ? "Document" : command);
  }
  return doc;
}

TEST_CASE("docs/json.md describes every document the commands print", "[e2e][json]") {
  REQUIRE(Doc().size() > 15);
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto up = RunJson(p, {"upgrade", "b2"}, 0);
  CHECK(up["steps"].size() == 2);
  CHECK(up["steps"][1]["revision"] == "b2");
  CHECK(up["heads_after"] == json::array({"b2"}));
  auto status = RunJson(p, {"status", "--exit-code"}, 3);
  CHECK(status["pending"][0]["id"] == "c3");
  CHECK(status["current"][0]["id"] == "b2");
  RunJson(p, {"current"}, 0);
  RunJson(p, {"heads"}, 0);
  RunJson(p, {"branches"}, 0);
  RunJson(p, {"history"}, 0);
  auto show = RunJson(p, {"show", "a1"}, 0);
  CHECK(show["revisions"][0].contains("doc"));
  RunJson(p, {"check"}, 0);
  RunJson(p, {"upgrade", "b2:head", "--sql"}, 0);
  RunJson(p, {"downgrade", "-1"}, 0);
  RunJson(p, {"stamp", "head"}, 0);
  RunJson(p, {"revision", "-m", "more", "--rev-id", "d4"}, 0);
  RunJson(p, {"init", "sub"}, 0);
  p.Write("luamig.lua",
          "environments = { a = {}, b = { database_url = 'sqlite:///b.db' } }\n");
  auto envs = RunJson(p, {"--env", "all", "status"}, 0);
  CHECK(envs["environments"].size() == 2);
  CHECK(envs["environments"][1]["environment"] == "b");
  p.Write("luamig.lua", "targets = { 'sqlite:///t1.db', 'sqlite:///t2.db' }\n");
  auto fleet = RunJson(p, {"upgrade", "b2", "--targets", "all"}, 0);
  CHECK(fleet["targets"][1]["name"] == "t2");
  RunJson(p, {"status", "--targets", "all", "--exit-code"}, 3);
  RunJson(p, {"check", "--targets", "t1"}, 0);
  RunJson(p, {"upgrade", "b2:c3", "--sql", "--targets", "all"}, 0);
  auto bad = RunJson(p, {"upgrade", "zz", "--targets", "all", "--fail-fast"}, 2);
  CHECK(bad["targets"][0]["error"]["code"] == "usage");
  CHECK(bad["targets"][1]["state"] == "not started");
}

TEST_CASE("drift, revision --autogenerate and test as JSON", "[e2e][json][autogen]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  RunJson(p, {"upgrade", "head"}, 0);
  auto clean = RunJson(p, {"check"}, 0);
  CHECK(clean["drift"]["schema_file"] == "");  // no schema.lua: nothing compared
  p.Write("schema.lua", R"lua(
schema.create_table("users", { { "id", "integer", primary_key = true }, { "name", "text" } })
schema.create_table("posts", { { "id", "integer", primary_key = true }, { "body", "text" } })
schema.create_table("tags", { { "label", "text" }, { "colour", "text" } })
)lua");
  auto drift = RunJson(p, {"check"}, 1);
  REQUIRE(drift["drift"]["differences"].size() == 1);
  CHECK(drift["drift"]["differences"][0]["description"] ==
        "add column tags.colour (text)");
  CHECK(drift["drift"]["up_to_date"] == true);
  auto gen =
      RunJson(p, {"revision", "--autogenerate", "-m", "colour", "--rev-id", "d4"}, 0);
  CHECK(gen["written"] == true);
  CHECK(gen["baseline"] == false);
  CHECK(gen["revision"]["id"] == "d4");
  CHECK(gen["changes"][0]["destructive"] == false);
  RunJson(p, {"upgrade", "head"}, 0);
  auto none = RunJson(p, {"revision", "--autogenerate", "-m", "nothing"}, 0);
  CHECK(none["written"] == false);
  CHECK_FALSE(none.contains("revision"));
  // A downgrade that forgets a table: `test` reports it, and exits 1.
  p.Write(
      "versions/005_e5_lost.lua",
      testing::Script("e5", "d4", "op.create_table(\"lost\", { { \"x\", \"text\" } })",
                      "", "Create lost"));
  auto test = RunJson(p, {"test"}, 1);
  REQUIRE(test["revisions"].size() == 5);
  CHECK(test["reversible"] == 4);
  CHECK(test["revisions"][4]["revision"]["id"] == "e5");
  CHECK(test["revisions"][4]["reversible"] == false);
  CHECK(test["revisions"][4]["has_downgrade"] == false);
  CHECK(test["revisions"][4]["left_behind"][0] == "extra table lost");
}

TEST_CASE("convert refuses --format json with a usage error in a document",
          "[e2e][json]") {
  TempProject p;
  auto doc = RunJson(p, {"convert", "alembic", "nowhere", "--output", "out"}, 2);
  CHECK(doc["command"] == "convert");
  CHECK(doc["error"]["code"] == "usage");
  CHECK_FALSE(p.Exists("out"));
}

TEST_CASE("errors in JSON carry code, message, revision, file and line", "[e2e][json]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("versions/004_d4_fails.lua",
          testing::Script("d4", "c3", "op.execute(\"SELECT nope FROM nowhere\")", ""));
  auto failed = RunJson(p, {"upgrade", "head"}, 1);
  const json& e = failed["error"];
  CHECK(e["code"] == "database");
  CHECK(e["revision"] == "d4");
  CHECK(e["file"].get<std::string>().find("004_d4_fails.lua") != std::string::npos);
  CHECK(e["line"].get<int>() > 0);
  CHECK(e["sql"] == "SELECT nope FROM nowhere");
  CHECK(failed["steps"].size() == 3);  // what ran before the failure
  auto usage = RunJson(p, {"upgrde"}, 2);
  CHECK(usage["error"]["code"] == "usage");
  CHECK(usage["error"]["hint"].get<std::string>().find("upgrade") != std::string::npos);
  auto unknown = RunJson(p, {"show", "zzzz"}, 2);
  CHECK(unknown["error"]["code"] == "usage");
}

TEST_CASE("LUAMIG_FORMAT=json selects JSON without the option", "[e2e][json]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"heads"}, {"LUAMIG_FORMAT=json"});
  CHECK(r.exit_code == 0);
  auto doc = json::parse(r.out);
  CHECK(doc["heads"][0]["id"] == "c3");
}

}  // namespace
}  // namespace luamig
