// SPDX-License-Identifier: MIT
// lua/luamig/op.d.lua (LuaLS annotations) stays in step with the bindings:
// every bound op and batch function is annotated, and every option an op
// accepts is a field of the options class its annotation names.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lua/op_binding.h"

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

TEST_CASE("every bound op function has a LuaLS annotation", "[lua][annotations]") {
  auto lines = AnnotationLines();
  CHECK(lines.at(0) == "---@meta");
  for (const auto& fn : OpBinding::FunctionNames()) {
    bool declared = false;
    OptionsClass(lines, "op", fn, &declared);
    INFO("op." << fn);
    CHECK(declared);
  }
  for (const auto& fn : OpBinding::BatchFunctionNames()) {
    bool declared = false;
    OptionsClass(lines, "batch", fn, &declared);
    INFO("batch." << fn);
    CHECK(declared);
  }
}

TEST_CASE("every option an op accepts is a field of its annotated options class",
          "[lua][annotations]") {
  auto lines = AnnotationLines();
  auto classes = Classes(lines);
  for (const auto& [fn, options] : OpBinding::OptionNames()) {
    std::string cls;
    if (fn == "column") {
      cls = "luamig.Column";
    } else if (fn == "constraint") {
      cls = "luamig.Constraint";
    } else {
      bool declared = false;
      cls = OptionsClass(lines, "op", fn, &declared);
    }
    for (const auto& option : options) {
      INFO(fn << " option '" << option << "' in class '" << cls << "'");
      CHECK(classes[cls].count(option) == 1);
    }
  }
}

TEST_CASE("the batch object's functions are the batch-capable ops",
          "[lua][annotations]") {
  auto batch = OpBinding::BatchFunctionNames();
  auto all = OpBinding::FunctionNames();
  CHECK(batch.size() == 10);
  for (const auto& fn : batch) {
    INFO(fn);
    CHECK(std::find(all.begin(), all.end(), fn) != all.end());
  }
}

}  // namespace
}  // namespace luamig::lua
