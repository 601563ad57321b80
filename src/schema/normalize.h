// SPDX-License-Identifier: MIT
// Canonical forms, so that equal schemas compare equal whichever side they
// come from: a type or expression as schema.lua renders it, as PostgreSQL's
// catalog prints it, or as SQLite keeps the declared text.
#ifndef LUAMIG_SCHEMA_NORMALIZE_H_
#define LUAMIG_SCHEMA_NORMALIZE_H_

#include <string>
#include <string_view>

#include "schema/model.h"

namespace luamig::schema {

/// The canonical spelling of a column type: lower case, single spaces, no
/// spaces inside parentheses, synonyms folded — int = int4 = integer,
/// int8 = bigint, int2 = smallint, serial4 = serial, serial8 = bigserial,
/// character varying(n) = varchar(n), character(n) = bpchar(n) = char(n),
/// bool = boolean, float4 = real, float8 = double = double precision,
/// decimal = numeric, timestamp [without time zone] = timestamp,
/// timestamp with time zone = timestamptz, time with time zone = timetz.
/// Anything else is kept (lower-cased, spacing normalised).
std::string CanonicalType(std::string_view type);

/// Splits a trailing "generated always|by default as identity" off `type`
/// (how schema.lua writes a PostgreSQL identity column) and returns
/// "always", "by default" or "".
std::string SplitIdentity(std::string* type);

/// A comparison key for an SQL expression (a default, a check condition, a
/// partial-index predicate, an index expression): keywords and unquoted
/// identifiers lower-cased, needless identifier quotes, whitespace,
/// grouping parentheses and `::type` casts removed (`'a'::text` = `'a'`,
/// `'-1'::integer` = `-1`, `((a > 0))` = `a>0`). Two expressions with the
/// same key are treated as equal. String literals are kept byte for byte.
std::string CanonicalExpression(std::string_view sql);

/// Puts `model` in the form the diff expects: canonical types, primary-key
/// columns NOT NULL, foreign-key actions and deferrability at their
/// defaults spelled as unset, every list sorted by name (columns keep their
/// declaration order).
void Canonicalize(Model* model);

/// Names the connection's default schema "" throughout `model` (tables,
/// enums, referenced tables), as reflection does, so that `schema =
/// "public"` in schema.lua and an unqualified table are the same table.
void LocalizeSchemas(Model* model, const std::string& default_schema);

}  // namespace luamig::schema

#endif  // LUAMIG_SCHEMA_NORMALIZE_H_
