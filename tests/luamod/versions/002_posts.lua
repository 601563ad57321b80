-- Create posts
-- SPDX-License-Identifier: MIT
revision      = "b2"
down_revision = "a1"

function upgrade(op)
  op.create_table("posts", {
    { "id",      "integer", primary_key = true },
    { "user_id", "integer", references = "users.id" },
    { "body",    "text" },
  })
end

function downgrade(op)
  op.drop_table("posts")
end
