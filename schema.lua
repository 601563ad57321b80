-- SPDX-License-Identifier: MIT
-- The desired schema of the shipped example game (versions/), in the syntax
-- of op.create_table. `luamig check` compares it with the database;
-- `luamig revision --autogenerate -m "…"` writes a revision towards it.
-- See docs/autogenerate.md.

schema.create_table("players", {
  { "id",         "integer",    primary_key = true },
  { "name",       "string(64)", nullable = false, unique = true },
  { "score",      "integer",    nullable = false, default = 0 },
  { "created_at", "timestamp",  server_default = "CURRENT_TIMESTAMP" },
  { "rank",       "string(16)" },
})

schema.create_table("matches", {
  { "id",         "integer",   primary_key = true },
  { "winner_id",  "integer",   nullable = false, references = "players.id" },
  { "loser_id",   "integer",   nullable = false, references = "players.id" },
  { "started_at", "timestamp", nullable = false },
})

schema.create_index("ix_matches_started_at", "matches", { "started_at" })
