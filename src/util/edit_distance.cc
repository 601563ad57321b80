#include "util/edit_distance.h"

#include <algorithm>
#include <numeric>

namespace luamig::util {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string>& candidates,
                                 size_t limit) {
  const size_t cutoff = std::max<size_t>(1, word.size() / 3);
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    size_t d = EditDistance(word, candidates[i]);
    if (d <= cutoff && d > 0) scored.emplace_back(d, i);
  }
  std::stable_sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < limit; ++i) {
    out.push_back(candidates[scored[i].second]);
  }
  return out;
}

std::string DidYouMean(std::string_view word,
                       const std::vector<std::string>& candidates) {
  auto best = Suggest(word, candidates, 1);
  if (best.empty()) return "";
  return " (did you mean '" + best[0] + "'?)";
}

}  // namespace luamig::util
