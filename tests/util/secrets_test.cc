// SPDX-License-Identifier: MIT
#include "luamig/secrets.h"

#include <stdlib.h>

#include <catch2/catch.hpp>

using luamig::SecretSet;

TEST_CASE("a secret set learns passwords from URLs, argument lists and config text",
          "[util][secrets]") {
  SecretSet s;
  s.AddFrom("postgresql://app:p%40ss-w0rd@db.internal/prod");
  s.AddFrom("--lock-timeout postgres:Arg-s3cret@h");
  s.AddFrom("database_url = \"postgresql://u:C0nfig-pw@h/db   -- unterminated");
  s.AddFrom("host=h password='K3y word'");
  std::string text =
      "p%40ss-w0rd p@ss-w0rd Arg-s3cret C0nfig-pw 'K3y word' postgresql://app@host";
  CHECK(s.Scrub(text) == "*** *** *** *** '***' postgresql://app@host");
}

TEST_CASE("a secret set reads PGPASSWORD, secret-named variables and URL variables",
          "[util][secrets]") {
  setenv("PGPASSWORD", "Pg-env-pw", 1);
  setenv("LUAMIG_TEST_API_TOKEN", "T0ken-value", 1);
  setenv("LUAMIG_TEST_SOME_URL", "postgresql://u:Url-env-pw@h/db", 1);
  setenv("LUAMIG_TEST_PLAIN", "ordinary", 1);
  SecretSet s;
  s.AddFromEnvironment();
  CHECK(s.Scrub("Pg-env-pw T0ken-value Url-env-pw ordinary") == "*** *** *** ordinary");
  unsetenv("PGPASSWORD");
  unsetenv("LUAMIG_TEST_API_TOKEN");
  unsetenv("LUAMIG_TEST_SOME_URL");
  unsetenv("LUAMIG_TEST_PLAIN");
}

TEST_CASE("scrubbing a Status covers message, SQL, hint and file", "[util][secrets]") {
  SecretSet s;
  s.Add("hunter2");
  luamig::Status st = luamig::Status::Database("failed: hunter2")
                          .WithSql("SELECT 'hunter2'")
                          .WithHint("try hunter2")
                          .WithSqlState("28P01")
                          .WithRevision("abc");
  luamig::Status out = s.Scrub(st);
  CHECK(out.message() == "failed: ***");
  CHECK(out.sql() == "SELECT '***'");
  CHECK(out.hint() == "try ***");
  CHECK(out.sqlstate() == "28P01");
  CHECK(out.revision() == "abc");
  CHECK(out.code() == luamig::StatusCode::kDatabase);
}
