// SPDX-License-Identifier: MIT
// Project configuration: the keys of luamig.lua as a value.
#ifndef LUAMIG_CONFIG_H_
#define LUAMIG_CONFIG_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "luamig/status.h"

namespace luamig {

/// The `autogenerate = { … }` table of luamig.lua: what `revision
/// --autogenerate`, `check` and the schema comparison look at.
struct AutogenerateSettings {
  /// Tables neither side's comparison sees (names, or patterns with `*`),
  /// like Alembic's include_object. Default none.
  std::vector<std::string> exclude_tables;
  /// PostgreSQL schemas compared besides the default one (schemas that
  /// schema.lua declares tables in are always compared). Default none.
  std::vector<std::string> schemas;
  /// Compare column server defaults. Default true.
  bool compare_server_defaults = true;
};

/// One database of a fleet: an entry of the `targets` list of luamig.lua
/// (see docs/fleet.md). Every other setting comes from the Config it is in.
struct TargetConfig {
  /// How the target is named in --targets, reports and events; unique in its
  /// list. Default: derived from the URL (a SQLite file's name without its
  /// extension; a PostgreSQL database's name, ".schema" appended when
  /// version_table_schema is set).
  std::string name;
  /// The target's database URL (required).
  std::string url;
  /// Schema of this target's version and history tables ("" = the Config's
  /// version_table_schema). PostgreSQL only.
  std::string version_table_schema;
  /// The session's search_path on this target (e.g. "tenant_7" or
  /// "tenant_7, public"), so unqualified names in the scripts land in the
  /// tenant's schema ("" = the server's default). PostgreSQL only.
  std::string search_path;
};

struct Config {
  /// Directory relative paths (version locations, sqlite:/// files) are
  /// resolved against. Default: the directory of luamig.lua, or the current
  /// directory when there is no config file.
  std::string project_dir = ".";
  /// Database URL from the config file ("" = not set). See ResolveDatabaseUrl
  /// for precedence.
  std::string database_url;
  /// Environment variable that holds the URL. Default "DATABASE_URL".
  std::string url_env = "DATABASE_URL";
  /// Version locations, relative to project_dir. Default {"versions"}.
  std::vector<std::string> version_locations = {"versions"};
  /// Table holding one row per applied head. Default "luamig_version".
  std::string version_table = "luamig_version";
  /// Schema of the version table ("" = the connection's default schema).
  std::string version_table_schema;
  /// File name pattern for new revisions. Default "%Y%m%d_%H%M-{rev}_{slug}".
  std::string file_template = "%Y%m%d_%H%M-{rev}_{slug}";
  /// Commit after each migration (true, default) or once per run (false).
  bool transaction_per_migration = true;
  /// SQLite busy timeout, milliseconds. Default 5000.
  int busy_timeout_ms = 5000;
  /// How long one statement of a migration may wait for a lock on a table or
  /// row before it fails (PostgreSQL `lock_timeout`, set with SET LOCAL in
  /// each migration's transaction). Written "5s", "250ms", "2min" or a number
  /// of milliseconds in luamig.lua; a revision may override it. Negative
  /// (default): the server's setting. Ignored by SQLite. Not to be confused
  /// with `--lock-timeout`, the wait for another luamig run.
  std::chrono::milliseconds lock_timeout{-1};
  /// How long one statement of a migration may run (PostgreSQL
  /// `statement_timeout`), same forms and rules as lock_timeout.
  std::chrono::milliseconds statement_timeout{-1};
  /// How often a migration that failed because a lock was not available
  /// within lock_timeout is retried from the start of its transaction, with
  /// exponential backoff. Default 0; a revision may override it.
  int lock_retries = 0;
  /// The declarative schema (`schema_file`), relative to project_dir, that
  /// `revision --autogenerate` writes revisions towards and `check` compares
  /// with the database. Default "": schema.lua in project_dir, when it
  /// exists (a file named here must exist).
  std::string schema_file;
  AutogenerateSettings autogenerate;
  /// SQLite only: let revision scripts ATTACH other database files, VACUUM
  /// INTO a file and set PRAGMA writable_schema (and temp_store_directory,
  /// data_store_directory); also turns off SQLite's defensive mode. Default
  /// false: such statements fail with an error saying why. See
  /// docs/security.md. A host's own sqlite3 handle keeps the host's settings.
  bool sqlite_trusted_scripts = false;
  /// The fleet this project migrates (`targets`; an environment's own
  /// `targets` replace the file's). In the file, a list of URLs or tables
  /// {name=, url=, version_table_schema=, search_path=}, or a function that
  /// returns one (called with a table of helpers, see docs/fleet.md). Empty
  /// by default: the project has one database.
  std::vector<TargetConfig> targets;
  /// The `--env` name applied, if any.
  std::string environment;
  /// Whether that environment sets its own database_url, which then beats
  /// the URL environment variable (see ResolveDatabaseUrl). Default false.
  bool environment_sets_url = false;
  /// Every environment the file defines, in the order `--env all` runs them:
  /// the `environment_order` list first, then the others sorted by name.
  std::vector<std::string> environments;
  /// Path of the config file read ("" when none).
  std::string config_file;
};

/// Every key luamig.lua may set, in the order the documentation lists them.
const std::vector<std::string>& ConfigKeys();

/// Reads `path` (luamig.lua) and applies `environment` (a key of its
/// `environments` table; "" for none). Errors (kProject) name the file and
/// line, unknown keys (with suggestions), wrong value types, and unknown
/// environments (listing the known ones).
Result<Config> LoadConfigFile(const std::string& path,
                              const std::string& environment = "");

/// The URL a run uses: `cli_url` if non-empty; else the selected
/// environment's own database_url (config.environment_sets_url), so an
/// explicitly chosen environment is never redirected by an ambient variable;
/// else the variable `config.url_env` if set; else `config.database_url`;
/// else sqlite:///luamig.db in project_dir. A SQLAlchemy driver suffix on a
/// scheme luamig supports (`postgresql+psycopg2://`, `sqlite+pysqlite://`)
/// is dropped: luamig uses its own driver.
std::string ResolveDatabaseUrl(const Config& config, const std::string& cli_url);

/// What a person should know about the URL ResolveDatabaseUrl picks: a
/// dropped driver suffix, an environment variable that is set but overridden
/// by the selected environment. One sentence each; empty when nothing.
std::vector<std::string> DatabaseUrlNotes(const Config& config,
                                          const std::string& cli_url);

}  // namespace luamig

#endif  // LUAMIG_CONFIG_H_
