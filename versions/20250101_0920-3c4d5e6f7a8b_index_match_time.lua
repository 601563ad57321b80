-- Index matches by start time
-- SPDX-License-Identifier: MIT
revision      = "3c4d5e6f7a8b"
down_revision = "2b3c4d5e6f7a"

function upgrade(op)
  op.create_index("ix_matches_started_at", "matches", { "started_at" })
end

function downgrade(op)
  op.drop_index("ix_matches_started_at")
end
