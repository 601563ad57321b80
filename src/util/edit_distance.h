// SPDX-License-Identifier: MIT
// "Did you mean": one helper for unknown revisions, labels, commands, ops and options.
#ifndef LUAMIG_UTIL_EDIT_DISTANCE_H_
#define LUAMIG_UTIL_EDIT_DISTANCE_H_

#include <string>
#include <string_view>
#include <vector>

namespace luamig::util {

/// Levenshtein distance between `a` and `b`.
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidates closest to `word` (distance at most a third of its length,
/// at least 1), best first, ties in candidate order; at most `limit`.
std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string>& candidates,
                                 size_t limit = 3);

/// " (did you mean 'x'?)" or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_EDIT_DISTANCE_H_
