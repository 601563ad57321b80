// SPDX-License-Identifier: MIT
// Migrates an inventory database with scripts compiled into the program.
//   migrate_inventory /path/to/inventory.db
#include <luamig/luamig.h>

#include <cstdio>

namespace {

constexpr const char* kCreateItems = R"lua(
-- Create items
revision = "a1b2c3d4e5f6"
down_revision = nil
function upgrade(op)
  op.create_table("items", {
    { "id",   "integer", primary_key = true },
    { "name", "text",    nullable = false },
  })
end
function downgrade(op) op.drop_table("items") end
)lua";

constexpr const char* kAddQuantity = R"lua(
-- Add quantity
revision = "b2c3d4e5f6a7"
down_revision = "a1b2c3d4e5f6"
function upgrade(op)
  op.add_column("items", { "quantity", "integer", nullable = false, default = 0 })
end
function downgrade(op) op.drop_column("items", "quantity") end
)lua";

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATABASE_FILE\n", argv[0]);
    return 2;
  }
  luamig::MigratorOptions options;
  options.url = std::string("sqlite:///") + argv[1];
  options.scripts = luamig::NewMemorySource(
      {{"001_create_items.lua", kCreateItems}, {"002_add_quantity.lua", kAddQuantity}});
  auto migrator = luamig::Migrator::Open(std::move(options));
  if (!migrator.ok()) {
    std::fprintf(stderr, "%s\n", migrator.status().ToString().c_str());
    return 2;
  }
  auto run = (*migrator)->Upgrade("head");
  if (!run.ok()) {
    std::fprintf(stderr, "%s\n", run.status().ToString().c_str());
    return 1;
  }
  std::printf("applied %zu migration(s); at %s\n", run->steps.size(),
              run->heads_after.empty() ? "<base>" : run->heads_after[0].c_str());
  return 0;
}
