// SPDX-License-Identifier: MIT
// Internal: the Python helper that reads Alembic projects for `convert`
// (share/convert/alembic_convert.py), as a child process speaking the line
// protocol of share/convert/luamig_convert/protocol.py.
#ifndef LUAMIG_API_HELPER_PROCESS_H_
#define LUAMIG_API_HELPER_PROCESS_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "luamig/convert.h"
#include "luamig/status.h"

namespace luamig::api {

/// One protocol record: the kind, then its fields (unescaped).
struct Record {
  std::string kind;
  std::vector<std::string> fields;
  /// fields[i], or "" when the record is shorter.
  const std::string& at(size_t i) const;
};

/// Splits a record line at tabs and undoes \\, \t, \n, \r.
Record ParseRecord(const std::string& line);
/// Escapes one field for a reply line.
std::string EscapeField(const std::string& field);

/// A running helper. Its records are read from its stdout; replies go to its
/// stdin; its stderr (Alembic's logging, Python tracebacks) is passed line by
/// line to the options' on_output and its tail kept for error messages.
/// Not copyable; the destructor kills a helper that is still running.
class HelperProcess {
 public:
  /// Starts `python helper args…` with the first Python that can import
  /// Alembic (see AlembicHelperOptions). Errors: kUsage when no Python with
  /// Alembic or no helper file is found, saying what to install.
  /// `env` adds "NAME=value" entries to the helper's environment (secrets go
  /// there, not into argv, which other users can read).
  static Result<std::unique_ptr<HelperProcess>> Start(const AlembicHelperOptions& options,
                                                      const std::vector<std::string>& args,
                                                      const std::vector<std::string>& env = {});
  ~HelperProcess();
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;

  /// The next record, or nullopt at the end of the helper's output.
  std::optional<Record> Next();
  /// Sends a reply line (fields joined by tabs, escaped).
  Status Reply(const std::vector<std::string>& fields);
  /// Waits for the exit and returns the exit code (-1 when killed).
  int Wait();
  /// The last lines the helper wrote to stderr.
  std::string ErrorTail() const;
  /// Removes `secret` (a database password) from output lines and the error
  /// tail from now on (records are left alone: requests carry URLs).
  void set_secret(std::string secret) { secret_ = std::move(secret); }

 private:
  HelperProcess(pid_t pid, int in, int out, int err,
                std::function<void(const std::string&)> on_output);
  static Result<std::unique_ptr<HelperProcess>> Spawn(
      const std::string& python, const std::string& helper,
      const std::vector<std::string>& args, const std::vector<std::string>& env,
      const AlembicHelperOptions& options);
  bool Pump();  // reads what is available; false at EOF of stdout
  void TakeStderr(const char* data, size_t n);

  pid_t pid_;
  int in_, out_, err_;
  std::function<void(const std::string&)> on_output_;
  std::string out_buf_, err_line_, err_tail_, secret_;
  bool waited_ = false;
  int code_ = -1;
};

/// The helper script to run: options.helper, else $LUAMIG_CONVERT_HELPER,
/// else share/luamig/convert/alembic_convert.py next to the running
/// executable or one directory up (a build tree, an installed prefix), else
/// under the data directory luamig was installed with. "" when none exists.
std::string FindHelper(const AlembicHelperOptions& options);

}  // namespace luamig::api

#endif  // LUAMIG_API_HELPER_PROCESS_H_
