-- Give every item a rarity
-- SPDX-License-Identifier: MIT
revision      = "c0ffee000002"
down_revision = "c0ffee000001"

function upgrade(op)
  op.add_column("items", { "rarity", "string(16)", nullable = false, default = "common" })
  op.execute("UPDATE items SET rarity = 'rare' WHERE price >= $1", { 100 })
end

function downgrade(op)
  op.drop_column("items", "rarity")
end
