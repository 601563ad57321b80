// SPDX-License-Identifier: MIT
#include "util/duration.h"

#include <catch2/catch.hpp>

namespace luamig::util {
namespace {

using std::chrono::milliseconds;

TEST_CASE("durations use PostgreSQL's units; a bare number is milliseconds",
          "[util][duration]") {
  CHECK(ParseDuration("250") == milliseconds(250));
  CHECK(ParseDuration("250ms") == milliseconds(250));
  CHECK(ParseDuration("5s") == milliseconds(5000));
  CHECK(ParseDuration("1.5s") == milliseconds(1500));
  CHECK(ParseDuration(" 2min ") == milliseconds(120000));
  CHECK(ParseDuration("1h") == milliseconds(3600000));
  CHECK(ParseDuration("1 d") == milliseconds(86400000));
  CHECK(ParseDuration("0") == milliseconds(0));
}

TEST_CASE("anything else is not a duration", "[util][duration]") {
  for (const char* bad : {"", "s", "-1s", "5 parsecs", "1.2.3s", "30d", "5S"}) {
    INFO(bad);
    CHECK_FALSE(ParseDuration(bad).has_value());
  }
}

}  // namespace
}  // namespace luamig::util
