// SPDX-License-Identifier: MIT
// What the diff needs to know about the target database, from its dialect.
#ifndef LUAMIG_AUTOGEN_RULES_H_
#define LUAMIG_AUTOGEN_RULES_H_

#include <string>

#include "dialect/dialect.h"
#include "schema/diff.h"

namespace luamig::autogen {

/// Diff options for `dialect`: batch_alter_table where the database
/// recreates tables (SQLite), comments where it keeps them (PostgreSQL),
/// types spelled with the portable vocabulary where that names the same
/// type ("string(50)" for varchar(50), "double" for double precision),
/// and unnamed constraints named as PostgreSQL names them.
/// REQUIRES: `dialect` outlives the options.
schema::DiffOptions DiffOptionsFor(const dialect::Dialect& dialect);

/// The portable type name (integer, string(50), numeric(10,2), json, …)
/// `dialect` renders as `canonical`, or `canonical` itself when none does.
std::string PortableSpelling(const dialect::Dialect& dialect, const std::string& canonical);

/// PostgreSQL's name for an unnamed constraint: players_pkey,
/// players_name_key, matches_player_id_fkey, players_check (at most 63
/// bytes, as PostgreSQL truncates).
std::string ConventionalName(const schema::Table& table, const ops::ConstraintSpec& k);

}  // namespace luamig::autogen

#endif  // LUAMIG_AUTOGEN_RULES_H_
