-- Create users
-- SPDX-License-Identifier: MIT
revision      = "a1"
down_revision = nil

function upgrade(op)
  op.create_table("users", {
    { "id",   "integer", primary_key = true },
    { "name", "text",    nullable = false },
  })
end

function downgrade(op)
  op.drop_table("users")
end
