-- Add player rank and compute it from score
-- SPDX-License-Identifier: MIT
revision      = "4d5e6f7a8b9c"
down_revision = "3c4d5e6f7a8b"

local RANKS = {            -- minimum score for each rank, best first
  { "gold",   1000 },
  { "silver",  500 },
  { "bronze",    0 },
}

function upgrade(op)
  op.add_column("players", { "rank", "string(16)", nullable = true })
  for _, player in ipairs(op.query("SELECT id, score FROM players")) do
    for _, rank in ipairs(RANKS) do
      if player.score >= rank[2] then
        op.execute("UPDATE players SET rank = $1 WHERE id = $2", { rank[1], player.id })
        break
      end
    end
  end
end

function downgrade(op)
  op.drop_column("players", "rank")
end
