// SPDX-License-Identifier: MIT
// Converting an Alembic project into a luamig project, and proving the two
// histories build the same databases. docs/from-alembic.md is the user guide.
#ifndef LUAMIG_CONVERT_H_
#define LUAMIG_CONVERT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "luamig/events.h"
#include "luamig/status.h"

namespace luamig {

/// How a revision function was converted.
enum class Translation {
  kExact,  ///< every statement became luamig `op` calls that do the same
  kSql,    ///< some or all of it is the SQL Alembic renders offline, in op.execute
  kHuman,  ///< not converted: the Lua function raises an error until someone writes it
};

/// "translated exactly", "rendered as SQL", "needs a human".
const char* TranslationName(Translation t);

/// Reading Alembic projects needs Alembic itself: a Python helper that the
/// library runs (share/luamig/convert/alembic_convert.py) on the machine's
/// Python 3 with Alembic and SQLAlchemy (Debian: `apt-get install alembic`;
/// `python3-psycopg2` to verify on PostgreSQL). The converted project never
/// needs Python.
struct AlembicHelperOptions {
  /// The Python to run. "" (default): $LUAMIG_PYTHON if set, else the first
  /// of /usr/bin/python3 and `python3` on PATH that can import alembic.
  std::string python;
  /// The helper script. "" (default): $LUAMIG_CONVERT_HELPER if set, else
  /// share/luamig/convert/alembic_convert.py next to the running executable
  /// or one directory above it, else under luamig's installed data directory.
  std::string helper;
  /// Receives each line the helper and Alembic print (Alembic's own log,
  /// warnings). Default: dropped. Called on the calling thread.
  std::function<void(const std::string&)> on_output;
};

struct ConvertOptions {
  /// The Alembic project: a directory holding alembic.ini, the .ini file, or
  /// the script_location directory (the one with env.py).
  std::string alembic;
  /// The section of the .ini to read (Alembic's -n/--name). Default "alembic".
  std::string ini_section = "alembic";
  /// Where the luamig project is written. Must be empty or absent unless
  /// `force`.
  std::string output_dir;
  /// Dialects whose SQL the converted revisions must reproduce: "sqlite",
  /// "postgresql". Empty (default): the dialect of the .ini's sqlalchemy.url,
  /// or both when it names neither.
  std::vector<std::string> dialects;
  /// Write into a non-empty output_dir, replacing files of the same names.
  bool force = false;
  AlembicHelperOptions helper;
};

/// One converted function (upgrade or downgrade).
struct ConvertedFunction {
  Translation translation = Translation::kExact;
  /// Why it is not exact: "line 23: a for loop; …" ("" when exact).
  std::string reason;
};

/// One Alembic revision and the luamig script written for it.
struct ConvertedRevision {
  std::string id;
  std::string alembic_file;  ///< relative to the Alembic project directory
  std::string file;          ///< relative to the luamig project directory
  std::string message;
  ConvertedFunction upgrade;
  ConvertedFunction downgrade;
  /// The worse of the two.
  Translation translation() const;
};

struct ConvertReport {
  std::string output_dir;
  std::string config_file;            ///< the luamig.lua written
  std::vector<std::string> dialects;  ///< as used
  /// In Alembic's load order (version locations in order, then file names).
  std::vector<ConvertedRevision> revisions;
  /// How many revisions have `t` as their translation().
  size_t Count(Translation t) const;
};

/// Writes a luamig project for an Alembic project: luamig.lua (the version
/// locations mirrored, version_table as env.py sets it — alembic_version by
/// default — so databases Alembic migrated continue where they are, the
/// file_template translated, the URL left to the user) and one .lua per
/// revision with the same id, down_revision, branch_labels, depends_on,
/// message and file name. Errors: kUsage (no Python with Alembic, no helper,
/// an unknown dialect), kProject (the Alembic project cannot be read, env.py
/// fails, the output directory is not empty), kInternal (the helper failed;
/// the message carries its last output).
Result<ConvertReport> ConvertAlembic(const ConvertOptions& options);

/// One verified step.
struct VerifyStep {
  size_t index = 0;  ///< 1-based
  Direction direction = Direction::kUpgrade;
  std::string revision;
};

struct VerifyOptions {
  std::string alembic;  ///< as ConvertOptions::alembic
  std::string ini_section = "alembic";
  /// The luamig project (the directory holding luamig.lua).
  std::string project_dir;
  /// Where to make the two scratch databases: `sqlite:///path.db` (the
  /// files path.alembic.db and path.luamig.db are created next to it) or a
  /// PostgreSQL URL (the schemas luamig_verify_alembic and
  /// luamig_verify_luamig are created in that database and reached through
  /// search_path). Either is recreated if it exists.
  std::string url;
  /// Keep the scratch databases afterwards. Default false: removed.
  bool keep_scratch = false;
  AlembicHelperOptions helper;
  /// Called after each step that matched. Default: none.
  std::function<void(const VerifyStep&)> on_step;
};

struct VerifyReport {
  /// True when the databases agreed after every step.
  bool ok = false;
  size_t steps = 0;     ///< steps run by each tool
  std::string scratch;  ///< where the scratch databases were (password masked)
  /// Where they first differed (when !ok): the step's direction and revision
  /// ("" when before the first step) and what differs.
  Direction direction = Direction::kUpgrade;
  std::string revision;
  std::string difference;
};

/// Applies the Alembic history with Alembic (through its env.py, with
/// sqlalchemy.url and DATABASE_URL pointed at the first scratch database)
/// and the converted history with luamig to the second, one migration at a
/// time: up in the order of Alembic's `upgrade heads` (luamig applies the
/// revision Alembic just applied), then down in the order of Alembic's
/// `downgrade base` (luamig takes one step of its own `downgrade base`). After
/// each step it compares the schemas (tables, columns with types,
/// nullability and defaults, keys, constraints, indexes, views, enum types),
/// every table's rows and the version rows; the first difference ends the
/// run (report.ok false). Errors: as ConvertAlembic, plus kProject when the
/// luamig project does not open and kDatabase when a scratch database cannot
/// be made.
Result<VerifyReport> VerifyAlembic(const VerifyOptions& options);

}  // namespace luamig

#endif  // LUAMIG_CONVERT_H_
