// SPDX-License-Identifier: MIT
// "Did you mean": the edit-distance suggestions luamig uses in its own
// messages, for hosts and the command line (unknown commands, options).
#ifndef LUAMIG_SUGGEST_H_
#define LUAMIG_SUGGEST_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace luamig {

/// The candidates closest to `word` by edit distance (at most a third of its
/// length, at least 1), best first, ties in candidate order; at most `limit`.
std::vector<std::string> SuggestSimilar(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        size_t limit = 3);

}  // namespace luamig

#endif  // LUAMIG_SUGGEST_H_
