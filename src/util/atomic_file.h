// SPDX-License-Identifier: MIT
// Writing a file so that a crash, a full disk or a kill never leaves it
// half-written.
#ifndef LUAMIG_UTIL_ATOMIC_FILE_H_
#define LUAMIG_UTIL_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "luamig/status.h"

namespace luamig::util {

/// Writes `contents` to `path` so that `path` either stays as it was or holds
/// all of `contents`: the text goes to a temporary file in the same directory
/// (".<name>.luamig-tmp-…", which directory sources skip), is flushed to disk
/// with fsync, and is then renamed into place — with `overwrite` false it is
/// linked instead, so that an existing `path` is never replaced — and the
/// directory is fsync'd. The temporary file is removed on every failure.
/// The new file gets the usual permissions (0666 less the umask).
/// Errors: kUsage "refusing to overwrite" when `path` exists and `overwrite`
/// is false; kProject naming `path` and the system's reason otherwise.
Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           bool overwrite);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_ATOMIC_FILE_H_
