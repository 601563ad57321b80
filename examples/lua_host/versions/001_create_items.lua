-- Create the items catalogue
-- SPDX-License-Identifier: MIT
revision      = "c0ffee000001"
down_revision = nil

function upgrade(op)
  op.create_table("items", {
    { "id",    "integer",    primary_key = true },
    { "name",  "string(64)", nullable = false, unique = true },
    { "price", "integer",    nullable = false, default = 0 },
  })
  for i, item in ipairs({ { "sword", 120 }, { "shield", 80 }, { "potion", 5 } }) do
    op.execute("INSERT INTO items (id, name, price) VALUES ($1, $2, $3)",
               { i, item[1], item[2] })
  end
  op.log("seeded 3 items")
end

function downgrade(op)
  op.drop_table("items")
end
