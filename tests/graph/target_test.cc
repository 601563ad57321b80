// SPDX-License-Identifier: MIT
#include "graph/target.h"

#include <catch2/catch.hpp>

namespace luamig::graph {
namespace {

Target Parsed(const std::string& text) {
  auto t = Target::Parse(text);
  INFO(text << ": " << t.status().ToString());
  REQUIRE(t.ok());
  CHECK(t->DebugString() == text);
  return *t;
}

TEST_CASE("symbolic targets parse as symbols", "[graph][target]") {
  for (const char* text : {"head", "heads", "base", "ae1027a6acf", "ae10", "my_label"}) {
    Target t = Parsed(text);
    CHECK(t.kind == Target::Kind::kSymbol);
    CHECK(t.symbol == text);
    CHECK(t.branch.empty());
  }
}

TEST_CASE("LABEL@ targets keep the label apart", "[graph][target]") {
  Target head = Parsed("ecs@head");
  CHECK(head.branch == "ecs");
  CHECK(head.symbol == "head");
  CHECK(Parsed("ecs@base").symbol == "base");
  CHECK(Parsed("ecs@ae10").symbol == "ae10");
}

TEST_CASE("relative targets carry a signed step count", "[graph][target]") {
  Target up = Parsed("+2");
  CHECK(up.relative());
  CHECK(up.symbol.empty());
  CHECK(up.steps == 2);
  CHECK(Parsed("-3").steps == -3);
  Target rev = Parsed("ae10+1");
  CHECK(rev.symbol == "ae10");
  CHECK(rev.steps == 1);
  CHECK(Parsed("ae10-12").steps == -12);
  Target label = Parsed("ecs@+1");
  CHECK(label.branch == "ecs");
  CHECK(label.symbol.empty());
  CHECK(Parsed("ecs@-2").steps == -2);
  CHECK(Parsed("ecs@ae10-1").symbol == "ae10");
}

TEST_CASE("malformed targets are usage errors", "[graph][target][errors]") {
  for (const char* text : {"", "a:b", ":", "@head", "ecs@", "a@b@c", "+", "-", "+x",
                           "a+1b", "a+-1", "a b", "a\tb", "ab$c", "1+9999999999"}) {
    INFO("'" << text << "'");
    auto t = Target::Parse(text);
    REQUIRE_FALSE(t.ok());
    CHECK(t.status().code() == StatusCode::kUsage);
    CHECK_FALSE(t.status().hint().empty());
  }
}

}  // namespace
}  // namespace luamig::graph
