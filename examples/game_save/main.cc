// SPDX-License-Identifier: MIT
// A "game" that keeps its save in SQLite and migrates it on start with
// revisions compiled into the executable.
//
//   example_game_save SAVE_FILE
//
// Exit codes: 0 the save is ready; 1 migrating failed (the save is left as it
// was: backup_before_migrate); 2 usage or broken build; 3 the save comes from
// a newer build of the game and is not touched.
#include <luamig/luamig.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// The game's schema history, shipped inside the executable.
const std::vector<luamig::ScriptFile> kRevisions = {
    {"001_player.lua", R"(-- Player and gold
revision = "a1b2c3d40001"
down_revision = nil
function upgrade(op)
  op.create_table("player", {
    { "id", "integer", primary_key = true },
    { "name", "text", nullable = false },
    { "gold", "integer", nullable = false, server_default = "0" },
  })
end
function downgrade(op) op.drop_table("player") end
)"},
    {"002_inventory.lua", R"(-- Inventory
revision = "a1b2c3d40002"
down_revision = "a1b2c3d40001"
function upgrade(op)
  op.create_table("inventory", {
    { "player_id", "integer", nullable = false },
    { "item", "text", nullable = false },
    { "count", "integer", nullable = false },
  })
end
function downgrade(op) op.drop_table("inventory") end
)"},
    {"003_level.lua", R"(-- Player level
revision = "a1b2c3d40003"
down_revision = "a1b2c3d40002"
function upgrade(op)
  op.add_column("player", { "level", "integer", nullable = false, server_default = "1" })
end
function downgrade(op) op.drop_column("player", "level") end
)"},
};

// Draws "[#####-----] 2/3 Inventory" on one terminal line per event.
class ProgressBar final : public luamig::EventSink {
 public:
  void OnStepStarted(const luamig::StepInfo& step, size_t index, size_t total) override {
    Draw(index, total, step.message);
  }
  void OnStepFinished(const luamig::StepInfo& step, std::chrono::microseconds) override {
    ++done_;
    Draw(done_, total_, step.message);
  }
  void OnPlan(const std::vector<luamig::StepInfo>& steps) override {
    total_ = steps.size();
    done_ = 0;
  }
  void OnWarning(const std::string& message) override {
    std::printf("\nwarning: %s\n", message.c_str());
  }

 private:
  void Draw(size_t done, size_t total, const std::string& what) const {
    const int width = 20;
    int filled = total ? static_cast<int>(width * done / total) : width;
    std::printf("\r[%s%s] %zu/%zu %-30s", std::string(filled, '#').c_str(),
                std::string(width - filled, '-').c_str(), done, total, what.c_str());
    if (done == total) std::printf("\n");
    std::fflush(stdout);
  }
  size_t total_ = 0;
  size_t done_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SAVE_FILE\n", argv[0]);
    return 2;
  }
  ProgressBar bar;
  luamig::MigratorOptions options;
  options.url = std::string("sqlite:///") + argv[1];
  options.scripts = luamig::NewMemorySource(kRevisions);
  options.events = &bar;
  options.backup_before_migrate = true;  // a failed update never breaks a save
  auto migrator = luamig::Migrator::Open(std::move(options));
  if (!migrator.ok()) {
    std::fprintf(stderr, "broken build: %s\n", migrator.status().ToString().c_str());
    return 2;
  }
  luamig::Migrator& m = **migrator;

  // A save from a newer build has a version this build does not know.
  auto check = m.Check();
  if (!check.ok()) {
    std::fprintf(stderr, "cannot read save: %s\n", check.status().ToString().c_str());
    return 1;
  }
  if (!check->unknown.empty()) {
    std::fprintf(stderr,
                 "This save was written by a newer version of the game (save version "
                 "%s). Please update the game to load it. The save was not changed.\n",
                 check->unknown.front().revision.c_str());
    return 3;
  }

  auto pending = m.Pending("head");
  if (!pending.ok()) {
    std::fprintf(stderr, "cannot read save: %s\n", pending.status().ToString().c_str());
    return 1;
  }
  if (pending->empty()) {
    std::printf("save is up to date\n");
    return 0;
  }
  std::printf("updating save (%zu step(s))\n", pending->size());
  // Frame-friendly: one migration per Step(), so a real game would draw a
  // frame between them.
  auto run = m.BeginUpgrade("head");
  if (!run.ok()) {
    std::fprintf(stderr, "update failed: %s\n", run.status().ToString().c_str());
    return 1;
  }
  for (;;) {
    luamig::Result<bool> more = (*run)->Step();
    if (!more.ok()) {
      std::fprintf(stderr, "\nupdate failed, save restored: %s\n",
                   more.status().ToString().c_str());
      return 1;
    }
    if (!*more) break;
  }
  auto result = (*run)->Finish();
  if (!result.ok()) {
    std::fprintf(stderr, "update failed: %s\n", result.status().ToString().c_str());
    return 1;
  }
  std::printf("save ready at version %s\n", result->heads_after.front().c_str());
  return 0;
}
