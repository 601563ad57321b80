// SPDX-License-Identifier: MIT
// The explicit table of dialects: URL scheme or dialect name → factory.
#ifndef LUAMIG_DIALECT_REGISTRY_H_
#define LUAMIG_DIALECT_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/dialect.h"
#include "luamig/status.h"

namespace luamig::dialect {

/// The dialect for `name` ("sqlite", "postgresql", "postgres").
/// Error (kUsage) for an unknown name, with a suggestion.
Result<std::shared_ptr<const Dialect>> DialectByName(std::string_view name);

/// Names DialectByName accepts, for help texts.
std::vector<std::string> DialectNames();

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_REGISTRY_H_
