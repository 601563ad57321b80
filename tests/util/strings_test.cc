// SPDX-License-Identifier: MIT
#include "util/strings.h"

#include <catch2/catch.hpp>

using namespace luamig::util;

TEST_CASE("slugify turns a message into a file-name slug", "[util]") {
  CHECK(Slugify("Add players table!") == "add_players_table");
  CHECK(Slugify("  --weird  $$ Name  ") == "weird_name");
  CHECK(Slugify("") == "");
}

TEST_CASE("sha256 matches the published test vectors", "[util]") {
  CHECK(Sha256Hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string million(1000000, 'a');
  CHECK(Sha256Hex(million) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("split and join are inverses", "[util]") {
  CHECK(Split("a,b,,c", ',') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(Join({"a", "b", "", "c"}, ",") == "a,b,,c");
  CHECK(Trim("  x y \n") == "x y");
}

TEST_CASE("hex encoding keeps zero bytes and high bytes", "[util]") {
  CHECK(HexEncode(std::string("\0\x01\xff", 3)) == "0001ff");
  CHECK(HexEncode("") == "");
}
