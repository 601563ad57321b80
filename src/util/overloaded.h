// SPDX-License-Identifier: MIT
// The std::visit helper: Overloaded{[](const A&){…}, [](const B&){…}}.
#ifndef LUAMIG_UTIL_OVERLOADED_H_
#define LUAMIG_UTIL_OVERLOADED_H_

namespace luamig::util {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_OVERLOADED_H_
