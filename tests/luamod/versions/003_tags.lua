-- Create tags
-- SPDX-License-Identifier: MIT
revision      = "c3"
down_revision = "b2"

function upgrade(op)
  op.create_table("tags", { { "label", "text" } })
end

function downgrade(op)
  op.drop_table("tags")
end
