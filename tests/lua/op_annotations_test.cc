// SPDX-License-Identifier: MIT
// lua/luamig/op.d.lua (LuaLS annotations) stays in step with the bindings:
// every op and batch function of the op table (lua/op_table.h, the table the
// binding dispatches from) is annotated and every annotated one is bound, and
// every option an op accepts is a field of the options class its annotation
// names.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lua/op_table.h"

namespace luamig::lua {
namespace {

std::vector<std::string> AnnotationLines() {
  std::ifstream in(std::string(LUAMIG_SOURCE_DIR) + "/lua/luamig/op.d.lua");
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// "---@class luamig.X" → the names of its "---@field" lines.
std::map<std::string, std::set<std::string>> Classes(
    const std::vector<std::string>& lines) {
  std::map<std::string, std::set<std::string>> out;
  std::string current;
  for (const auto& l : lines) {
    if (StartsWith(l, "---@class ")) {
      current = l.substr(10, l.find(' ', 10) == std::string::npos ? std::string::npos
                                                                  : l.find(' ', 10) - 10);
      out[current];
    } else if (StartsWith(l, "---@field ") && !current.empty()) {
      std::string name = l.substr(10, l.find_first_of(" ?", 10) - 10);
      out[current].insert(name);
    } else if (!StartsWith(l, "---")) {
      current.clear();
    }
  }
  return out;
}

// The options class of `function <owner>.<fn>(`: its "---@param options?" type.
std::string OptionsClass(const std::vector<std::string>& lines, const std::string& owner,
                         const std::string& fn, bool* declared) {
  *declared = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!StartsWith(lines[i], "function " + owner + "." + fn + "(")) continue;
    *declared = true;
    for (size_t j = i; j-- > 0 && StartsWith(lines[j], "---");) {
      for (const char* p : {"---@param options? ", "---@param options "}) {
        if (StartsWith(lines[j], p)) {
          std::string rest = lines[j].substr(std::string(p).size());
          return rest.substr(0, rest.find(' '));
        }
      }
    }
  }
  return "";
}

// "function <owner>.<name>(" lines → the names.
std::set<std::string> Annotated(const std::vector<std::string>& lines,
                                const std::string& owner) {
  std::set<std::string> out;
  std::string prefix = "function " + owner + ".";
  for (const auto& l : lines) {
    if (StartsWith(l, prefix))
      out.insert(l.substr(prefix.size(), l.find('(') - prefix.size()));
  }
  return out;
}

std::set<std::string> Bound(bool batch) {
  std::set<std::string> out;
  for (const OpSpec& spec : OpTable()) {
    if (!batch || spec.batch != BatchUse::kNone) out.insert(spec.name);
  }
  return out;
}

TEST_CASE("the op table and the annotations name the same functions",
          "[lua][annotations]") {
  auto lines = AnnotationLines();
  CHECK(lines.at(0) == "---@meta");
  CHECK(Annotated(lines, "op") == Bound(false));
  CHECK(Annotated(lines, "batch") == Bound(true));
}

TEST_CASE("every option an op accepts is a field of its annotated options class",
          "[lua][annotations]") {
  auto lines = AnnotationLines();
  auto classes = Classes(lines);
  auto check = [&](const std::string& what, const std::string& cls,
                   const std::vector<std::string>& options) {
    for (const auto& option : options) {
      INFO(what << " option '" << option << "' in class '" << cls << "'");
      CHECK(classes[cls].count(option) == 1);
    }
  };
  for (const OpSpec& spec : OpTable()) {
    bool declared = false;
    std::string cls = OptionsClass(lines, "op", spec.name, &declared);
    INFO("op." << spec.name);
    REQUIRE(declared);
    if (spec.options.empty()) continue;
    CHECK_FALSE(cls.empty());
    check(spec.name, cls, spec.options);
  }
  for (const OptionShape& shape : OptionShapes()) {
    std::string cls =
        shape.name == std::string("column") ? "luamig.Column" : "luamig.Constraint";
    check(shape.name, cls, shape.options);
  }
}

TEST_CASE("batch functions insert the batch's table where their op takes it",
          "[lua][annotations]") {
  // batch.add_column(col) is op.add_column(table, col); batch.create_index(name,
  // cols) is op.create_index(name, table, cols); batch.drop_index(name) is
  // op.drop_index(name): the annotation drops the table parameter accordingly
  // (a batch function may leave out the options: the batch sets the schema).
  auto lines = AnnotationLines();
  auto params = [&](const std::string& owner, const std::string& fn) {
    std::string head = "function " + owner + "." + fn + "(";
    for (const auto& l : lines) {
      if (StartsWith(l, head)) return l.substr(head.size(), l.find(')') - head.size());
    }
    return std::string("?");
  };
  for (const OpSpec& spec : OpTable()) {
    if (spec.batch == BatchUse::kNone) continue;
    std::string op = params("op", spec.name), batch = params("batch", spec.name);
    INFO(spec.name << ": op(" << op << ") batch(" << batch << ")");
    std::vector<std::string> op_params, batch_params;
    for (auto* out : {&op_params, &batch_params}) {
      std::stringstream in(out == &op_params ? op : batch);
      for (std::string p; std::getline(in, p, ',');)
        out->push_back(p.substr(p.find_first_not_of(' ')));
    }
    for (auto* list : {&op_params, &batch_params}) {  // batch ones may omit options
      if (!list->empty() && list->back() == "options") list->pop_back();
    }
    int at = BatchTableArgument(spec.batch);
    if (at > 0) {
      REQUIRE(op_params.size() >= static_cast<size_t>(at));
      op_params.erase(op_params.begin() + (at - 1));
    }
    CHECK(op_params == batch_params);
  }
}

}  // namespace
}  // namespace luamig::lua
