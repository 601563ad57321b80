// SPDX-License-Identifier: MIT
#include "cli/completion.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>

#include "cli/session.h"
#include "luamig/luamig.h"

namespace luamig::cli {
namespace {

struct Kind {
  ValueKind value;
  std::vector<std::string> choices;
};

// What each option's value is. Names, descriptions and which options exist
// come from the app; only the kind of value is stated here.
Kind KindOf(const std::string& name) {
  static const auto* kinds = new std::map<std::string, Kind>{
      {"config", {ValueKind::kFile, {}}},
      {"env", {ValueKind::kEnvironment, {}}},
      {"format", {ValueKind::kChoice, {"text", "json"}}},
      {"color", {ValueKind::kChoice, {"auto", "always", "never"}}},
      {"head", {ValueKind::kRevision, {}}},
      {"depends-on", {ValueKind::kRevision, {}}},
      {"rev-range", {ValueKind::kRevision, {}}},
      {"version-path", {ValueKind::kDir, {}}},
      {"dialect", {ValueKind::kChoice, {"sqlite", "postgresql"}}},
      {"template", {ValueKind::kChoice, {"generic", "multidb"}}},
      {"target", {ValueKind::kRevision, {}}},
      {"targets", {ValueKind::kRevision, {}}},
      {"rev", {ValueKind::kRevision, {}}},
      {"revisions", {ValueKind::kRevision, {}}},
      {"dir", {ValueKind::kDir, {}}},
      {"shell", {ValueKind::kChoice, {"bash", "zsh", "fish"}}},
      {"range", {ValueKind::kRevision, {}}},
      {"alembic_dir", {ValueKind::kDir, {}}},
      {"luamig_dir", {ValueKind::kDir, {}}},
      {"output", {ValueKind::kDir, {}}},
  };
  auto it = kinds->find(name);
  return it == kinds->end() ? Kind{ValueKind::kText, {}} : it->second;
}

OptionModel Describe(const CLI::Option& o) {
  OptionModel m;
  for (const auto& s : o.get_snames()) m.names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) m.names.push_back("--" + l);
  m.description = o.get_description();
  if (o.get_positional()) {
    m.names = {o.get_name(true)};
    Kind k = KindOf(o.get_name(true));
    m.value = k.value;
    m.choices = k.choices;
  } else if (o.get_items_expected_max() != 0) {  // not a flag
    std::string key = o.get_lnames().empty() ? o.get_snames()[0] : o.get_lnames()[0];
    // --targets takes fleet target names, not revisions like stamp's
    // positional "targets".
    Kind k = key == "targets" ? Kind{ValueKind::kText, {}} : KindOf(key);
    m.value = k.value;
    m.choices = k.choices;
  }
  return m;
}

void DescribeOptions(const CLI::App& app, std::vector<OptionModel>* options,
                     std::vector<OptionModel>* positionals) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;  // hidden
    // A command's own -h/--help: the global one is offered everywhere already.
    if (app.get_parent() != nullptr && o == app.get_help_ptr()) continue;
    (o->get_positional() && !o->nonpositional() ? *positionals : *options)
        .push_back(Describe(*o));
  }
}

std::string Words(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// Text safe inside single quotes and zsh's [description].
std::string Plain(std::string s) {
  for (char& c : s)
    if (c == '\'' || c == '[' || c == ']' || c == ':' || c == '`' || c == '\\') c = ' ';
  return s;
}

std::string Roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

// The bash words a value of `o` completes to.
std::string BashValues(const OptionModel& o) {
  switch (o.value) {
    case ValueKind::kFile:
      return "COMPREPLY=($(compgen -f -- \"$cur\"))";
    case ValueKind::kDir:
      return "COMPREPLY=($(compgen -d -- \"$cur\"))";
    case ValueKind::kEnvironment:
      return "COMPREPLY=($(compgen -W \"$(_luamig_list environments) all\" -- \"$cur\"))";
    case ValueKind::kRevision:
      return "COMPREPLY=($(compgen -W \"$(_luamig_list revisions)\" -- \"$cur\"))";
    case ValueKind::kChoice:
      return "COMPREPLY=($(compgen -W \"" + Words(o.choices) + "\" -- \"$cur\"))";
    default:
      return "COMPREPLY=()";
  }
}

std::string AllNames(const std::vector<OptionModel>& opts) {
  std::vector<std::string> names;
  for (const auto& o : opts) names.insert(names.end(), o.names.begin(), o.names.end());
  return Words(names);
}

std::string ZshSpec(const OptionModel& o) {
  std::string action;
  switch (o.value) {
    case ValueKind::kNone:
      break;
    case ValueKind::kFile:
      action = ":file:_files";
      break;
    case ValueKind::kDir:
      action = ":directory:_files -/";
      break;
    case ValueKind::kEnvironment:
      action = ":environment:_luamig_environments";
      break;
    case ValueKind::kRevision:
      action = ":revision:_luamig_revisions";
      break;
    case ValueKind::kChoice:
      action = ":value:(" + Words(o.choices) + ")";
      break;
    default:
      action = ":value: ";
  }
  std::string out;
  if (o.names.size() > 1) {
    out = "'(" + Words(o.names) + ")'{";
    for (size_t i = 0; i < o.names.size(); ++i) out += (i ? "," : "") + o.names[i];
    out += "}'[" + Plain(o.description) + "]" + action + "'";
  } else {
    out = "'" + o.names[0] + "[" + Plain(o.description) + "]" + action + "'";
  }
  return out;
}

std::string FishValue(const OptionModel& o) {
  switch (o.value) {
    case ValueKind::kNone:
      return "";
    case ValueKind::kFile:
      return " -r -F";
    case ValueKind::kDir:
      return " -r -a '(__fish_complete_directories)'";
    case ValueKind::kEnvironment:
      return " -x -a '(luamig __complete environments 2>/dev/null; echo all)'";
    case ValueKind::kRevision:
      return " -x -a '(luamig __complete revisions 2>/dev/null)'";
    case ValueKind::kChoice:
      return " -x -a '" + Words(o.choices) + "'";
    default:
      return " -x";
  }
}

std::string FishOption(const OptionModel& o, const std::string& condition) {
  std::string line = "complete -c luamig";
  if (!condition.empty()) line += " -n '" + condition + "'";
  for (const auto& n : o.names)
    line += n.size() == 2 ? " -s " + n.substr(1) : " -l " + n.substr(2);
  return line + FishValue(o) + " -d '" + Plain(o.description) + "'\n";
}

}  // namespace

namespace {

// The visible subcommands of `app`, with theirs (`depth` levels).
std::vector<CommandModel> DescribeCommands(const CLI::App& app, int depth) {
  std::vector<CommandModel> out;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty()) continue;  // hidden
    CommandModel c;
    c.name = sub->get_name();
    c.description = sub->get_description();
    DescribeOptions(*sub, &c.options, &c.positionals);
    if (depth > 1) c.subcommands = DescribeCommands(*sub, depth - 1);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

AppModel DescribeApp(const CLI::App& app) {
  AppModel m;
  m.description = app.get_description();
  std::vector<OptionModel> unused;
  DescribeOptions(app, &m.global, &unused);
  m.commands = DescribeCommands(app, 2);
  return m;
}

std::string BashCompletion(const AppModel& m) {
  std::vector<std::string> names;
  for (const auto& c : m.commands) names.push_back(c.name);
  std::string s =
      "# bash completion for luamig, generated by `luamig completion bash`.\n"
      "_luamig_list() {\n"
      "  local args=() i\n"
      "  for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do\n"
      "    case ${COMP_WORDS[i]} in\n"
      "      -c|--config|--url) args+=(\"${COMP_WORDS[i]}\" \"${COMP_WORDS[i+1]}\") ;;\n"
      "      --env) [[ $1 == revisions ]] && args+=(--env \"${COMP_WORDS[i+1]}\") ;;\n"
      "    esac\n"
      "  done\n"
      "  luamig \"${args[@]}\" __complete \"$1\" 2>/dev/null\n"
      "}\n\n"
      "_luamig() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  local cmd= i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in\n"
      "      " +
      [&] {
        std::string alt;
        for (const auto& n : names) alt += (alt.empty() ? "" : "|") + n;
        return alt;
      }() +
      ") cmd=${COMP_WORDS[i]}; break ;;\n"
      "    esac\n"
      "  done\n";
  // A command with subcommands: the word after it names one ("convert alembic").
  std::string nested;
  for (const auto& c : m.commands) {
    if (c.subcommands.empty()) continue;
    std::string alt;
    for (const auto& sub : c.subcommands) alt += (alt.empty() ? "" : "|") + sub.name;
    nested += "    " + c.name + ")\n      for ((i++; i < COMP_CWORD; i++)); do\n" +
              "        case ${COMP_WORDS[i]} in\n          " + alt + ") cmd=\"" + c.name +
              " ${COMP_WORDS[i]}\"; break ;;\n        esac\n      done ;;\n";
  }
  if (!nested.empty()) s += "  case $cmd in\n" + nested + "  esac\n";
  s += "  case $prev in\n";
  auto value_cases = [&](const std::vector<OptionModel>& opts,
                         const std::string& indent) {
    std::string out;
    for (const auto& o : opts) {
      if (o.value == ValueKind::kNone) continue;
      std::string alt;
      for (const auto& n : o.names) alt += (alt.empty() ? "" : "|") + n;
      out += indent + alt + ") " + BashValues(o) + "; return ;;\n";
    }
    return out;
  };
  // The case arm for `label`: its options' values, its options, then its
  // subcommands or its first positional.
  auto command_case = [&](const std::string& label, const CommandModel& c) {
    std::string out = "    " + label + ")\n      case $prev in\n" +
                      value_cases(c.options, "        ") + "      esac\n";
    out += "      if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W \"" +
           AllNames(c.options) + " $globals\" -- \"$cur\"))\n      else\n        ";
    if (!c.subcommands.empty()) {
      std::vector<std::string> subs;
      for (const auto& sub : c.subcommands) subs.push_back(sub.name);
      out += "COMPREPLY=($(compgen -W \"" + Words(subs) + "\" -- \"$cur\"))";
    } else {
      out += c.positionals.empty() ? "COMPREPLY=()" : BashValues(c.positionals[0]);
    }
    return out + "\n      fi ;;\n";
  };
  s += value_cases(m.global, "    ");
  s += "  esac\n  local globals=\"" + AllNames(m.global) + "\"\n  case $cmd in\n";
  s += "    \"\") COMPREPLY=($(compgen -W \"" + Words(names) +
       " $globals\" -- \"$cur\")); return ;;\n";
  for (const auto& c : m.commands) {
    s += command_case(c.name, c);
    for (const auto& sub : c.subcommands)
      s += command_case("\"" + c.name + " " + sub.name + "\"", sub);
  }
  s += "  esac\n}\ncomplete -F _luamig luamig\n";
  return s;
}

std::string ZshCompletion(const AppModel& m) {
  std::string s =
      "#compdef luamig\n"
      "# zsh completion for luamig, generated by `luamig completion zsh`.\n"
      "_luamig_environments() {\n"
      "  local -a envs; envs=(${(f)\"$(luamig __complete environments 2>/dev/null)\"} "
      "all)\n"
      "  compadd -a envs\n}\n"
      "_luamig_revisions() {\n"
      "  local -a revs; revs=(${(f)\"$(luamig __complete revisions 2>/dev/null)\"})\n"
      "  compadd -a revs\n}\n"
      "_luamig() {\n  local curcontext=$curcontext state line\n  local -a globals\n"
      "  globals=(\n";
  for (const auto& o : m.global) s += "    " + ZshSpec(o) + "\n";
  s += "  )\n  _arguments -C $globals '1:command:->command' '*::argument:->argument'\n";
  s += "  case $state in\n    command)\n      local -a commands; commands=(\n";
  for (const auto& c : m.commands)
    s += "        '" + c.name + ":" + Plain(c.description) + "'\n";
  s += "      )\n      _describe command commands ;;\n    argument)\n      case $line[1] "
       "in\n";
  // `_arguments $globals` with the command's own options and positionals.
  auto arguments = [](const CommandModel& c) {
    std::string out = "_arguments $globals";
    for (const auto& o : c.options) out += " " + ZshSpec(o);
    // One positional may repeat (targets); several are each their own word.
    for (size_t i = 0; i < c.positionals.size(); ++i) {
      std::string spec = ZshSpec(c.positionals[i]);  // 'name[desc]:kind:action'
      std::string n = c.positionals.size() == 1 ? "*" : std::to_string(i + 1);
      out += " '" + n + spec.substr(spec.find(']') + 1);
    }
    return out;
  };
  for (const auto& c : m.commands) {
    if (c.subcommands.empty()) {
      s += "        " + c.name + ") " + arguments(c) + " ;;\n";
      continue;
    }
    // convert alembic|verify: the subcommand, then its own arguments.
    s += "        " + c.name + ")\n          _arguments -C $globals";
    for (const auto& o : c.options) s += " " + ZshSpec(o);
    s += " '1:subcommand:->subcommand' '*::argument:->subargument'\n";
    s += "          case $state in\n            subcommand)\n"
         "              local -a subcommands; subcommands=(\n";
    for (const auto& sub : c.subcommands)
      s += "                '" + sub.name + ":" + Plain(sub.description) + "'\n";
    s += "              )\n              _describe subcommand subcommands ;;\n"
         "            subargument)\n              case $line[1] in\n";
    for (const auto& sub : c.subcommands)
      s += "                " + sub.name + ") " + arguments(sub) + " ;;\n";
    s += "              esac ;;\n          esac ;;\n";
  }
  s += "      esac ;;\n  esac\n}\n_luamig \"$@\"\n";
  return s;
}

std::string FishCompletion(const AppModel& m) {
  std::string s =
      "# fish completion for luamig, generated by `luamig completion fish`.\n"
      "complete -c luamig -f\n";
  for (const auto& o : m.global) s += FishOption(o, "");
  for (const auto& c : m.commands)
    s += "complete -c luamig -n __fish_use_subcommand -a " + c.name + " -d '" +
         Plain(c.description) + "'\n";
  // Options and the first positional of `c` where `cond` holds.
  auto command = [&s](const CommandModel& c, const std::string& cond) {
    for (const auto& o : c.options) s += FishOption(o, cond);
    if (!c.positionals.empty()) {
      OptionModel p = c.positionals[0];
      std::string v = FishValue(p);
      if (!v.empty())
        s += "complete -c luamig -n '" + cond + "'" + v + " -d '" + Plain(p.description) +
             "'\n";
    }
  };
  for (const auto& c : m.commands) {
    std::string cond = "__fish_seen_subcommand_from " + c.name;
    command(c, cond);
    if (c.subcommands.empty()) continue;
    std::vector<std::string> subs;
    for (const auto& sub : c.subcommands) subs.push_back(sub.name);
    for (const auto& sub : c.subcommands) {
      s += "complete -c luamig -n '" + cond + "; and not __fish_seen_subcommand_from " +
           Words(subs) + "' -a " + sub.name + " -d '" + Plain(sub.description) + "'\n";
    }
    for (const auto& sub : c.subcommands)
      command(sub, cond + "; and __fish_seen_subcommand_from " + sub.name);
  }
  return s;
}

std::string ManPage(const AppModel& m, const std::string& version) {
  auto options = [](const std::vector<OptionModel>& opts) {
    std::string out;
    for (const auto& o : opts) {
      out += ".TP\n";
      for (size_t i = 0; i < o.names.size(); ++i)
        out += std::string(i ? ", " : "") + "\\fB" + Roff(o.names[i]) + "\\fR";
      if (o.value != ValueKind::kNone) out += " \\fIVALUE\\fR";
      out += "\n" + Roff(o.description) + "\n";
    }
    return out;
  };
  std::string s = ".TH LUAMIG 1 \"\" \"luamig " + version + "\" \"User Commands\"\n";
  s += ".SH NAME\nluamig \\- " +
       Roff(m.description.substr(m.description.find("— ") == std::string::npos
                                     ? 0
                                     : m.description.find("— ") + 4)) +
       "\n";
  s += ".SH SYNOPSIS\n.B luamig\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n";
  s += ".SH DESCRIPTION\nluamig migrates a database (SQLite or PostgreSQL) along a graph "
       "of "
       "revision scripts written in Lua, with Alembic's commands and target grammar. "
       "Options are accepted before or after the command.\n";
  s += ".SH OPTIONS\n" + options(m.global);
  s += ".SH COMMANDS\n";
  auto command = [&](const std::string& name, const CommandModel& c) {
    std::string args;
    for (const auto& p : c.positionals) args += " \\fI" + Roff(p.names[0]) + "\\fR";
    if (!c.subcommands.empty()) args += " \\fISUBCOMMAND\\fR";
    s += ".SS \"" + name + "\"\n.B luamig " + name + "\\fR" + args + "\n.PP\n" +
         Roff(c.description) + "\n";
    if (!c.options.empty()) s += options(c.options);
  };
  for (const auto& c : m.commands) {
    command(c.name, c);
    for (const auto& sub : c.subcommands) command(c.name + " " + sub.name, sub);
  }
  s += ".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\na migration or database error\n"
       ".TP\n2\na usage or project error (arguments, config, scripts, revision graph)\n"
       ".TP\n3\n\\fBstatus \\-\\-exit\\-code\\fR: revisions are pending\n.TP\n4\n"
       "\\fBstatus \\-\\-exit\\-code\\fR: the database has revisions no script defines\n";
  s += ".SH ENVIRONMENT\n.TP\n\\fBDATABASE_URL\\fR\nthe database URL (or the variable "
       "named by url_env); an environment's own database_url and \\fB\\-\\-url\\fR beat "
       "it\n"
       ".TP\n\\fBLUAMIG_FORMAT\\fR\n\\fBjson\\fR: as \\fB\\-\\-format json\\fR\n"
       ".TP\n\\fBNO_COLOR\\fR\nset: no colour\n.TP\n\\fBTERM\\fR\n\\fBdumb\\fR: no "
       "colour, no live redraws\n";
  s += ".SH FILES\n.TP\n\\fIluamig.lua\\fR\nthe project configuration\n.TP\n"
       "\\fIversions/\\fR\nrevision scripts (the default version location)\n";
  s += ".SH SEE ALSO\nThe user guide, docs/guide.md, and docs/json.md in the luamig "
       "sources.\n";
  return s;
}

namespace {

// One word per line: environment names, or what a revision argument takes.
int CompleteWords(const Session& s, const std::string& what) {
  if (what == "environments") {
    auto config = LoadProjectConfig(s.g, "");
    if (!config.ok()) return 1;
    for (const auto& e : config->environments) std::cout << e << "\n";
    return 0;
  }
  if (what != "revisions") return 2;
  auto config = LoadProjectConfig(
      s.g, s.g.env.find(',') == std::string::npos && s.g.env != "all" ? s.g.env : "");
  if (!config.ok()) return 1;
  MigratorOptions options;
  options.config = *config;
  options.url = s.g.url;
  options.secrets = s.g.secrets;
  auto m = Migrator::Open(std::move(options));
  if (!m.ok()) return 1;
  auto revs = (*m)->History("");
  if (!revs.ok()) return 1;
  std::vector<std::string> labels;
  for (const char* k : {"head", "heads", "base"}) std::cout << k << "\n";
  for (const auto& r : *revs) {
    std::cout << r.id << "\n";
    labels.insert(labels.end(), r.branch_labels.begin(), r.branch_labels.end());
  }
  for (const auto& l : labels) std::cout << l << "\n" << l << "@head\n";
  return 0;
}

}  // namespace

void AddCompletionCommands(CLI::App& app, Session& s) {
  auto shell = std::make_shared<std::string>();
  auto* completion = app.add_subcommand(
      "completion", "print the shell completion script for bash, zsh or fish");
  completion->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&s, &app, shell] {
    s.command = [&app, shell] {
      AppModel m = DescribeApp(app);
      std::cout << (*shell == "bash"  ? BashCompletion(m)
                    : *shell == "zsh" ? ZshCompletion(m)
                                      : FishCompletion(m));
      return 0;
    };
  });
  auto* man = app.add_subcommand("man", "print the man page (roff)");
  man->group("");
  man->callback([&s, &app] {
    s.command = [&app] {
      std::cout << ManPage(DescribeApp(app), LUAMIG_VERSION_STRING);
      return 0;
    };
  });
  auto what = std::make_shared<std::string>();
  auto* complete = app.add_subcommand("__complete", "words for the completion scripts");
  complete->group("");
  complete->add_option("what", *what, "environments or revisions")->required();
  complete->callback(
      [&s, what] { s.command = [&s, what] { return CompleteWords(s, *what); }; });
}

}  // namespace luamig::cli
