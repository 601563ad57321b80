// SPDX-License-Identifier: MIT
#include "luamig/suggest.h"

#include "util/edit_distance.h"

namespace luamig {

std::vector<std::string> SuggestSimilar(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        size_t limit) {
  return util::Suggest(word, candidates, limit);
}

}  // namespace luamig
