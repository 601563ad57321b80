// SPDX-License-Identifier: MIT
// Model vs model: what differs, and the ordered ops that turn one into the
// other (with the ops that undo them, for a downgrade).
//
// Order of the upgrade (the downgrade is its exact reverse, each step
// replaced by its inverse):
//   1. create schemas, create enums and add enum values;
//   2. drop foreign keys that go or change (so their tables can change);
//   3. create tables, a table before those whose foreign keys reference it
//      (keys inside a reference cycle are added in step 5), each followed by
//      its indexes;
//   4. per existing table: drop indexes, drop constraints, add columns,
//      alter columns, drop columns, add constraints, create indexes (with
//      `batch`, the ALTERs SQLite cannot do, foreign keys included, go into
//      one batch_alter_table per table);
//   5. add foreign keys;
//   6. drop tables, a table before those it references;
//   7. drop enums, drop schemas.
// Objects the model does not cover (OtherObject) are never dropped: listed
// as ignored, or compared by definition when `exact`.
#ifndef LUAMIG_SCHEMA_DIFF_H_
#define LUAMIG_SCHEMA_DIFF_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ops/op.h"
#include "schema/model.h"

namespace luamig::schema {

struct DiffOptions {
  /// SQLite: changes an ALTER cannot make go through batch_alter_table.
  /// Default false (PostgreSQL: plain ALTERs).
  bool batch = false;
  /// Compare names of constraints, table comments and the objects the model
  /// does not cover (views, triggers, …) too: two reflected schemas of the
  /// same backend (`luamig test`). Default false.
  bool exact = false;
  /// The database keeps comments (SQLite does not: comments are then
  /// ignored on both sides). Default true.
  bool comments = true;
  /// Compare column server defaults. Default true.
  bool compare_defaults = true;
  /// The type text generated ops carry for a canonical column type (e.g.
  /// "varchar(50)" → "string(50)"). Default: the canonical type.
  std::function<std::string(const std::string&)> type_spelling;
  /// The name the database gives an unnamed constraint of `table`
  /// (PostgreSQL: "players_pkey", "players_name_key"); "" = unknown. Used to
  /// name a constraint the upgrade adds, so that the downgrade can drop it.
  std::function<std::string(const Table&, const ops::ConstraintSpec&)> constraint_name;
};

/// One difference between the models.
struct Change {
  /// kAdded: only in `to` (the upgrade creates it); kRemoved: only in
  /// `from` (the upgrade drops it); kChanged: in both, differently.
  enum Kind { kAdded, kRemoved, kChanged };
  Kind kind = kAdded;
  /// "table players", "column players.nick (text)", "index ix_t_a on t (a)".
  std::string object;
  /// kChanged: what differs, "from → to" ("default 0 → none").
  std::string detail;
  /// The upgrade drops a table or a column, and the data in it.
  bool destructive = false;
  /// A drop and an add that may be a rename, with the op to use instead.
  std::string hint;
  /// False when no op expresses the change (a table comment, an enum value
  /// removed, an ignored object in exact mode): reported, not generated.
  bool generated = true;

  /// "add column players.rank (integer)", "drop table old (DESTRUCTIVE)",
  /// "alter column players.score: default 0 → none".
  std::string Describe() const;
};

/// One generated step: comment lines (without "--") and the op (none for a
/// comment on its own, e.g. a downgrade that cannot undo an enum value).
struct Step {
  std::vector<std::string> comments;
  std::optional<ops::Op> op;
};

struct Diff {
  std::vector<Change> changes;  ///< in upgrade order
  std::vector<Step> upgrade;
  std::vector<Step> downgrade;
  /// Objects of `from` the model does not cover, e.g. "view active_players"
  /// (not compared unless `exact`).
  std::vector<std::string> ignored;
  bool empty() const { return changes.empty(); }
};

/// What turns `from` (the database now) into `to` (the desired schema).
/// REQUIRES: both models canonicalised (Canonicalize, ModelBuilder::Finish,
/// reflection).
Diff Compare(const Model& from, const Model& to, const DiffOptions& options = {});

/// "add", "drop", "alter" as an upgrade would say it; "index ix on t (a)".
std::string DescribeObject(const Table& t, const Index& index);
std::string DescribeObject(const Table& t, const ops::ConstraintSpec& k);

}  // namespace luamig::schema

#endif  // LUAMIG_SCHEMA_DIFF_H_
