-- Create players table
-- SPDX-License-Identifier: MIT
revision      = "1a2b3c4d5e6f"
down_revision = nil

function upgrade(op)
  op.create_table("players", {
    { "id",         "integer",    primary_key = true },
    { "name",       "string(64)", nullable = false, unique = true },
    { "score",      "integer",    nullable = false, default = 0 },
    { "created_at", "timestamp",  server_default = "CURRENT_TIMESTAMP" },
  })
end

function downgrade(op)
  op.drop_table("players")
end
