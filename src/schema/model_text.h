// SPDX-License-Identifier: MIT
// A Model as stable, line-per-object text: for `--verbose` output, debugging
// and tests that state a whole schema in one string.
#ifndef LUAMIG_SCHEMA_MODEL_TEXT_H_
#define LUAMIG_SCHEMA_MODEL_TEXT_H_

#include <string>

#include "schema/model.h"

namespace luamig::schema {

/// One line per object, nested lines indented by two spaces, e.g.
///   table players
///     column id serial NOT NULL
///     column name varchar(50) NOT NULL default 'x'
///     primary key players_pkey (id)
///     unique constraint players_name_key (name)
///     index ix_players_score (score) WHERE score > 0
///   enum mood ('happy', 'sad')
///   view active_players
/// Objects appear in the model's (canonical, sorted) order.
std::string ToText(const Model& model);

}  // namespace luamig::schema

#endif  // LUAMIG_SCHEMA_MODEL_TEXT_H_
