// SPDX-License-Identifier: MIT
// The options every command shares. They are accepted anywhere on the line
// (`luamig upgrade head -v` = `luamig -v upgrade head`).
#ifndef LUAMIG_CLI_OPTIONS_H_
#define LUAMIG_CLI_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "luamig/secrets.h"

namespace luamig::cli {

enum class Format { kText, kJson };

struct GlobalOptions {
  std::string config_path;  ///< -c; "" = ./luamig.lua when present
  std::string url;          ///< --url
  std::string env;          ///< --env: "", NAME, "a,b,c" or "all"
  std::vector<std::string> x;
  double lock_timeout_s = -1;
  bool quiet = false;
  bool verbose = false;
  bool keep_going = false;  ///< --keep-going: with several environments
  /// Fleet options (docs/fleet.md): --targets ("" = no fleet), …
  struct Fleet {
    std::string targets;  ///< NAME, a,b,c or all
    std::string filter;   ///< --target-filter PATTERN
    size_t jobs = 1;      ///< -j
    size_t per_server = 0;
    bool fail_fast = false;
    long max_failures = -1;
    size_t canary = 0;
    size_t wave_size = 0;
    double wave_pause_s = 0;
  } fleet;
  Format format = Format::kText;
  std::string color = "auto";  ///< --color auto|always|never
  /// Every secret known to this run; all output is scrubbed with it, and the
  /// Migrator adds what it learns (the config's URL).
  std::shared_ptr<SecretSet> secrets = std::make_shared<SecretSet>();

  /// -q = 0, default = 1, -v = 2.
  int verbosity() const { return quiet ? 0 : (verbose ? 2 : 1); }
  bool json() const { return format == Format::kJson; }
};

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_OPTIONS_H_
