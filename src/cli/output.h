// SPDX-License-Identifier: MIT
// Where one command's results go: text on stdout (notes and errors on
// stderr), or one JSON document on stdout and nothing else there.
#ifndef LUAMIG_CLI_OUTPUT_H_
#define LUAMIG_CLI_OUTPUT_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/json.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "cli/terminal.h"
#include "luamig/luamig.h"

namespace luamig::cli {

/// What the summary table of a several-environment run shows for one.
struct Summary {
  std::vector<std::string> from;  ///< version rows before ("" = not known)
  std::vector<std::string> to;    ///< after
  bool known = false;             ///< from/to were set
  std::string result;             ///< "2 applied", "up to date", …
};

class Output {
 public:
  Output(const GlobalOptions& g, const Terminal& terminal);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  const GlobalOptions& options() const { return g_; }
  const Terminal& terminal() const { return terminal_; }
  bool json() const { return g_.json(); }
  /// Results as text (stdout). Not used with --format json.
  std::ostream& out();
  /// Notes, warnings, errors (stderr).
  std::ostream& err();
  /// The command's JSON document (with --format json).
  Json& doc() { return doc_; }
  /// A line for people on stderr ("Database: …"), unless -q or JSON.
  void Note(const std::string& line);
  /// Reports `s` (text: on stderr; JSON: the document's `error`) and returns
  /// its exit code. REQUIRES: !s.ok().
  int Fail(const Status& s);
  /// Renders the run's events (step lines; a live line on a terminal).
  ProgressPrinter& progress() { return *progress_; }
  Summary& summary() { return summary_; }
  /// The configuration the command's Migrator was opened with.
  Config& config() { return config_; }
  const Status& error() const { return error_; }

 private:
  const GlobalOptions& g_;
  Terminal terminal_;
  Json doc_ = Json::object();
  std::unique_ptr<ProgressPrinter> progress_;
  Summary summary_;
  Status error_;
  Config config_;
};

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_OUTPUT_H_
