// SPDX-License-Identifier: MIT
// Shell completion (bash, zsh, fish) and the man page, generated from the
// CLI11 app itself: the commands, options and help texts users see in
// --help are the ones completed and documented.
#ifndef LUAMIG_CLI_COMPLETION_H_
#define LUAMIG_CLI_COMPLETION_H_

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace luamig::cli {

struct Session;

/// What an option's value (or a positional) is, for completion.
enum class ValueKind { kNone, kText, kFile, kDir, kEnvironment, kRevision, kChoice };

struct OptionModel {
  std::vector<std::string> names;  ///< "-c", "--config"
  std::string description;
  ValueKind value = ValueKind::kNone;
  std::vector<std::string> choices;  ///< for kChoice
};

struct CommandModel {
  std::string name;
  std::string description;
  std::vector<OptionModel> options;
  std::vector<OptionModel> positionals;  ///< names[0] is the positional's name
  /// Its own subcommands (`convert alembic`, `convert verify`), one level.
  std::vector<CommandModel> subcommands;
};

struct AppModel {
  std::string description;
  std::vector<OptionModel> global;
  std::vector<CommandModel> commands;  ///< visible subcommands, in help order
};

/// Walks `app` (after every command is registered).
AppModel DescribeApp(const CLI::App& app);
std::string BashCompletion(const AppModel& m);
std::string ZshCompletion(const AppModel& m);
std::string FishCompletion(const AppModel& m);
/// roff for `man 1 luamig`.
std::string ManPage(const AppModel& m, const std::string& version);

/// Registers `completion SHELL`, the hidden `man` (the man page) and the
/// hidden `__complete environments|revisions` the scripts call.
void AddCompletionCommands(CLI::App& app, Session& s);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_COMPLETION_H_
