// SPDX-License-Identifier: MIT
// Which database URL a run uses, and what to tell the user about it.
#include <cctype>
#include <cstdlib>

#include "luamig/config.h"

namespace luamig {
namespace {

const char* Variable(const Config& config) {
  if (config.url_env.empty()) return nullptr;
  const char* v = std::getenv(config.url_env.c_str());
  return v != nullptr && *v != '\0' ? v : nullptr;
}

std::string Chosen(const Config& config, const std::string& cli_url) {
  if (!cli_url.empty()) return cli_url;
  if (config.environment_sets_url && !config.database_url.empty())
    return config.database_url;
  if (const char* v = Variable(config)) return v;
  if (!config.database_url.empty()) return config.database_url;
  return "sqlite:///luamig.db";
}

// "postgresql+psycopg2" → "+psycopg2" when the base scheme is one luamig
// speaks; "" otherwise (unknown schemes keep their name for the error).
std::string DriverSuffix(const std::string& url) {
  size_t sep = url.find("://");
  size_t plus = url.find('+');
  if (sep == std::string::npos || plus == std::string::npos || plus > sep) return "";
  std::string base = url.substr(0, plus);
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (base != "postgresql" && base != "postgres" && base != "sqlite") return "";
  return url.substr(plus, sep - plus);
}

}  // namespace

std::string ResolveDatabaseUrl(const Config& config, const std::string& cli_url) {
  std::string url = Chosen(config, cli_url);
  std::string suffix = DriverSuffix(url);
  if (!suffix.empty()) url.erase(url.find(suffix), suffix.size());
  return url;
}

std::vector<std::string> DatabaseUrlNotes(const Config& config,
                                          const std::string& cli_url) {
  std::vector<std::string> notes;
  std::string suffix = DriverSuffix(Chosen(config, cli_url));
  if (!suffix.empty()) {
    notes.push_back("the driver suffix '" + suffix +
                    "' in the database URL is ignored: luamig uses its own driver");
  }
  if (cli_url.empty() && config.environment_sets_url && Variable(config)) {
    notes.push_back("$" + config.url_env + " is set but not used: environment '" +
                    config.environment + "' names its own database_url");
  }
  return notes;
}

}  // namespace luamig
