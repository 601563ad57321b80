// SPDX-License-Identifier: MIT
// Result values as JSON (`--format json`). Every field is listed in
// docs/json.md, which a test checks the output against.
#ifndef LUAMIG_CLI_JSON_H_
#define LUAMIG_CLI_JSON_H_

#include <nlohmann/json.hpp>

#include "luamig/luamig.h"

namespace luamig::cli {

using Json = nlohmann::ordered_json;

Json ToJson(const RevisionInfo& r);
Json ToJson(const std::vector<RevisionInfo>& revs);
Json ToJson(const StepInfo& s, std::chrono::microseconds duration);
Json ToJson(const ChangedScript& c);
Json ToJson(const UnknownRevision& u);
Json ToJson(const BranchPoint& b);
/// The error object: code, exit_code, message and every known detail.
Json ErrorJson(const Status& s, int exit_code);
/// Milliseconds as a number with microsecond precision.
double Ms(std::chrono::microseconds d);

template <typename T>
Json ToJsonList(const std::vector<T>& items) {
  Json a = Json::array();
  for (const auto& i : items) a.push_back(ToJson(i));
  return a;
}

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_JSON_H_
