// SPDX-License-Identifier: MIT
// The one mapping from StatusCode to the process exit code.
#ifndef LUAMIG_CLI_EXIT_CODE_H_
#define LUAMIG_CLI_EXIT_CODE_H_

#include "luamig/status.h"

namespace luamig::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  ///< migration or database error
constexpr int kExitUsage = 2;    ///< usage or project error
/// `status --exit-code`: revisions are pending.
constexpr int kExitPending = 3;
/// `status --exit-code`: the database has revisions no script defines (it is
/// ahead of this checkout).
constexpr int kExitUnknownRevisions = 4;

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

/// A code that reports a finding, not a failure: a run over several
/// environments goes on after it.
inline bool IsFinding(int code) {
  return code == kExitPending || code == kExitUnknownRevisions;
}

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_EXIT_CODE_H_
