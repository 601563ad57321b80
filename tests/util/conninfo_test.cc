// SPDX-License-Identifier: MIT
// luamig's reading of connection strings against libpq's own
// (PQconninfoParse): the same strings accepted, the same values stored.
#include "util/conninfo.h"

#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

using luamig::util::ParseConninfo;

namespace {

using Values = std::map<std::string, std::string>;

// libpq's answer: the options it set, or nullopt when it refused the string.
std::optional<Values> Libpq(const std::string& text) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(text.c_str(), &err);
  if (err != nullptr) PQfreemem(err);
  if (opts == nullptr) return std::nullopt;
  Values out;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val != nullptr) out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  return out;
}

std::optional<Values> Ours(const std::string& text) {
  auto parsed = ParseConninfo(text);
  if (!parsed.ok()) return std::nullopt;
  Values out;
  for (const auto& o : parsed->options) out[o.keyword] = o.value;
  return out;
}

void Agree(const std::string& text) {
  INFO("connection string: [" << text << "]");
  std::optional<Values> theirs = Libpq(text), ours = Ours(text);
  REQUIRE(theirs.has_value() == ours.has_value());
  if (theirs) CHECK(*theirs == *ours);
}

}  // namespace

TEST_CASE("the keyword list is libpq's", "[util][conninfo]") {
  std::vector<std::string> libpq;
  PQconninfoOption* defaults = PQconndefaults();
  for (PQconninfoOption* o = defaults; o->keyword != nullptr; ++o) {
    libpq.push_back(o->keyword);
    CHECK(luamig::util::IsSecretKeyword(o->keyword) == (o->dispchar[0] == '*'));
  }
  PQconninfoFree(defaults);
  std::vector<std::string> ours(luamig::util::ConninfoKeywords().begin(),
                                luamig::util::ConninfoKeywords().end());
  CHECK(ours == libpq);
}

TEST_CASE("URIs and keyword strings read as libpq reads them", "[util][conninfo]") {
  for (const char* text : {
           "postgresql://",
           "postgresql://localhost",
           "postgresql://u:p@h:5432/db?sslmode=disable&connect_timeout=3",
           "postgres://u@h/db",
           "postgresql://u:p%40ss@h/db",
           "postgresql://u:pa@ss@h/db",
           "postgresql://u:pa/ss@h/db",
           "postgresql://postgres:S3cr3t-pa55#x@127.0.0.1/db",
           "postgresql://u:pa?ss@h/db",
           "postgresql://u:pa:ss@h/db",
           "postgresql://:p@h",
           "postgresql://u:@h?password=",
           "postgresql://h1:1,h2:2,[::1]:3/db",
           "postgresql://h1,h2/db",
           "postgresql://[::1]x/db",
           "postgresql://[]/db",
           "postgresql://[::1",
           "postgresql://h/db?ssl=true&requiressl=0",
           "postgresql://h/db?nope=1",
           "postgresql://h/db?a",
           "postgresql://h/db?password=a=b",
           "postgresql://h/db?password=x&",
           "postgresql://h/%zz",
           "postgresql://h/a%00b",
           "postgresql://u%3Ax:y@h",
           "postgresql:///db?host=/var/run/postgresql",
           "POSTGRESQL://h/db",
           "postgresql:/user:PW@h",
           "",
           "host=h dbname=d",
           "host = h   password = 'a b\\' c'",
           "password=a\\ b host=x",
           "host=h password='unterminated",
           "host=h x=1",
           "host",
           "host=",
           "requiressl=1",
           "  port=5432  ",
       }) {
    Agree(text);
  }
}

TEST_CASE("random connection strings read as libpq reads them", "[util][conninfo]") {
  const std::vector<std::string> pieces = {"postgresql://",
                                           "postgres://",
                                           "u",
                                           "pw",
                                           ":",
                                           "@",
                                           "/",
                                           "?",
                                           "#",
                                           "&",
                                           "=",
                                           "%40",
                                           "%2",
                                           "%00",
                                           "[",
                                           "]",
                                           ",",
                                           " ",
                                           "'",
                                           "\\",
                                           "host",
                                           "password",
                                           "port",
                                           "dbname",
                                           "5432",
                                           "ssl",
                                           "true",
                                           "requiressl",
                                           "1",
                                           "::1",
                                           "sslpassword"};
  std::mt19937 rng(20250101);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(1, 12);
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (size_t n = len(rng); n > 0; --n) text += pieces[pick(rng)];
    if (!seen.insert(text).second) continue;
    Agree(text);
  }
  CHECK(seen.size() > 10000);
}
