// SPDX-License-Identifier: MIT
#include <cstdlib>

#include "luamig/config.h"

namespace luamig {

std::string ResolveDatabaseUrl(const Config& config, const std::string& cli_url) {
  if (!cli_url.empty()) return cli_url;
  if (!config.url_env.empty()) {
    const char* env = std::getenv(config.url_env.c_str());
    if (env != nullptr && *env != '\0') return env;
  }
  if (!config.database_url.empty()) return config.database_url;
  return "sqlite:///luamig.db";
}

}  // namespace luamig
