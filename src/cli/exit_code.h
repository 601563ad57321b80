// SPDX-License-Identifier: MIT
// The one mapping from StatusCode to the process exit code.
#ifndef LUAMIG_CLI_EXIT_CODE_H_
#define LUAMIG_CLI_EXIT_CODE_H_

#include "luamig/status.h"

namespace luamig::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  ///< migration or database error
constexpr int kExitUsage = 2;    ///< usage or project error

inline int ExitCode(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kUsage:
    case StatusCode::kProject:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_EXIT_CODE_H_
