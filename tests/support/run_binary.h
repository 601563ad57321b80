// SPDX-License-Identifier: MIT
// Runs the built luamig binary and captures its exit code and output.
#ifndef LUAMIG_TESTS_SUPPORT_RUN_BINARY_H_
#define LUAMIG_TESTS_SUPPORT_RUN_BINARY_H_

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace luamig::testing {

struct RunOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// Runs `luamig args…` in `cwd` with extra environment `env` ("K=V" entries).
inline RunOutput RunLuamig(const std::string& cwd, const std::vector<std::string>& args,
                           const std::vector<std::string>& env = {}) {
  static int counter = 0;
  std::string base = cwd + "/.run" + std::to_string(++counter);
  std::string cmd = "cd " + ShellQuote(cwd) + " && env -u DATABASE_URL";
  for (const auto& e : env) cmd += " " + ShellQuote(e);
  cmd += " " + ShellQuote(LUAMIG_BINARY);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += " >" + ShellQuote(base + ".out") + " 2>" + ShellQuote(base + ".err") +
         " </dev/null";
  int status = std::system(cmd.c_str());
  RunOutput r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    std::filesystem::remove(path);
    return s.str();
  };
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  return r;
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_RUN_BINARY_H_
