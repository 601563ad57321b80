-- Create matches table
-- SPDX-License-Identifier: MIT
revision      = "2b3c4d5e6f7a"
down_revision = "1a2b3c4d5e6f"

function upgrade(op)
  op.create_table("matches", {
    { "id",         "integer",   primary_key = true },
    { "winner_id",  "integer",   nullable = false, references = "players.id" },
    { "loser_id",   "integer",   nullable = false, references = "players.id" },
    { "started_at", "timestamp", nullable = false },
  })
end

function downgrade(op)
  op.drop_table("matches")
end
