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

TEST_CASE("malformed URLs are masked wherever a password could be", "[util][url]") {
  for (const char* url : {
           "postgresql:/user:PW-s3cret@host/db",
           "postgres:PW-s3cret@host",
           "host=h dbname=d password=PW-s3cret",
           "host=h password='PW-s3cret and more'",
           "sqlite://user:PW-s3cret@file.db",
           "postgresql://u:PW-s3cret@h/db?password=PW-s3cret",
           "postgresql://u:x@PW-s3cret@127.0.0.1/db",
           "postgresql://u:PW-s3cret/x@127.0.0.1/db",
       }) {
    INFO(url);
    std::string masked = MaskPassword(url);
    CHECK(masked.find("PW-s3cret") == std::string::npos);
    CHECK(masked.find("s3cret") == std::string::npos);
    CHECK(masked.find("***") != std::string::npos);
    auto parsed = ParseDatabaseUrl(url);
    if (!parsed.ok())
      CHECK(parsed.status().ToString().find("s3cret") == std::string::npos);
  }
}

TEST_CASE("a password is masked where libpq ends it, not at the first '#' or '?'",
          "[util][url]") {
  CHECK(MaskPassword("postgresql://postgres:S3cr3t-pa55#x@127.0.0.1/db") ==
        "postgresql://postgres:***@127.0.0.1/db");
  CHECK(MaskPassword("postgresql://u:pa?ss@h/db?sslmode=require") ==
        "postgresql://u:***@h/db?sslmode=require");
  CHECK(UrlPassword("postgresql://postgres:S3cr3t-pa55#x@127.0.0.1/db") ==
        "S3cr3t-pa55#x");
  CHECK(MaskPassword("postgresql://h/db?sslpassword=k3y&sslmode=require") ==
        "postgresql://h/db?sslpassword=***&sslmode=require");
  CHECK(MaskPassword("sqlite:///data/app.db") == "sqlite:///data/app.db");
  CHECK(MaskPassword("postgresql://bob@h:5432/db") == "postgresql://bob@h:5432/db");
}

TEST_CASE("a URL libpq would split inside the password is refused before connecting",
          "[util][url]") {
  // libpq ends the password at the first '@': the rest would become the host
  // name, which its "could not translate host name" message prints.
  auto at = ParseDatabaseUrl("postgresql://postgres:pw@S3cr3t-pa55@127.0.0.1/db");
  REQUIRE_FALSE(at.ok());
  CHECK(at.status().message().find("%40") != std::string::npos);
  CHECK(at.status().message().find("S3cr3t") == std::string::npos);
  // A '/' ends libpq's look for credentials: the password's start becomes
  // the port.
  auto slash = ParseDatabaseUrl("postgresql://u:S3cr3t/x@h/db");
  REQUIRE_FALSE(slash.ok());
  CHECK(slash.status().message().find("%2F") != std::string::npos);
  CHECK(slash.status().message().find("S3cr3t") == std::string::npos);
  auto bad = ParseDatabaseUrl("postgresql://u:S3cr3t@h/db?nonsense=1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("S3cr3t") == std::string::npos);
  CHECK(ParseDatabaseUrl("postgresql://u:p%40ss@h:5432,h2:5433/db?sslmode=require").ok());
}

TEST_CASE("redaction spares longer words that contain the password", "[util][url]") {
  CHECK(Redact("postgresql://postgres:x@h/postgres", "postgres") ==
        "postgresql://***:x@h/***");
  CHECK(Redact("user postgres_admin and postgres.", "postgres") ==
        "user postgres_admin and ***.");
  CHECK(Redact("host name \"S3cr3t-pa55@127.0.0.1\"", "S3cr3t-pa55") ==
        "host name \"***@127.0.0.1\"");
  CHECK(Redact("a-b", "-") == "a***b");
}
