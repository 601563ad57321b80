// SPDX-License-Identifier: MIT
#include "util/url.h"

#include <catch2/catch.hpp>

using namespace luamig::util;

TEST_CASE("sqlite URLs resolve relative paths against the project directory",
          "[util][url]") {
  auto rel = ParseDatabaseUrl("sqlite:///luamig.db", "/proj");
  REQUIRE(rel.ok());
  CHECK(rel->scheme == "sqlite");
  CHECK(rel->target == "/proj/luamig.db");
  auto abs = ParseDatabaseUrl("sqlite:////var/data/x.db", "/proj");
  REQUIRE(abs.ok());
  CHECK(abs->target == "/var/data/x.db");
  auto mem = ParseDatabaseUrl("sqlite://:memory:");
  REQUIRE(mem.ok());
  CHECK(mem->memory);
}

TEST_CASE("postgres and postgresql URLs are both accepted", "[util][url]") {
  auto a = ParseDatabaseUrl("postgres://u:p@h:5432/db?sslmode=disable");
  REQUIRE(a.ok());
  CHECK(a->scheme == "postgresql");
  CHECK(a->target == "postgresql://u:p@h:5432/db?sslmode=disable");
}

TEST_CASE("unknown schemes are usage errors with a suggestion and no password",
          "[util][url]") {
  auto r = ParseDatabaseUrl("postgresq://bob:s3cret@h/db");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == luamig::StatusCode::kUsage);
  CHECK(r.status().message().find("did you mean 'postgresql'") != std::string::npos);
  CHECK(r.status().message().find("s3cret") == std::string::npos);
}

TEST_CASE("passwords are masked in userinfo and query forms", "[util][url]") {
  CHECK(MaskPassword("postgresql://bob:s3cret@host/db") ==
        "postgresql://bob:***@host/db");
  CHECK(MaskPassword("postgresql://bob@host/db") == "postgresql://bob@host/db");
  CHECK(MaskPassword("postgresql://host/db?user=bob&password=s3cret&sslmode=require") ==
        "postgresql://host/db?user=bob&password=***&sslmode=require");
  CHECK(MaskPassword("postgresql://bob:p%40ss@host/db") ==
        "postgresql://bob:***@host/db");
  CHECK(UrlPassword("postgresql://bob:s3cret@host/db") == "s3cret");
  CHECK(Redact("failed for s3cret at s3cret", "s3cret") == "failed for *** at ***");
}
