// SPDX-License-Identifier: MIT
#include <algorithm>
#include <mutex>

#include "luamig/script_source.h"

namespace luamig {
namespace {

class MemorySource final : public ScriptSource {
 public:
  explicit MemorySource(std::vector<ScriptFile> scripts) : scripts_(std::move(scripts)) {
    Sort();
  }

  Result<std::vector<ScriptFile>> List() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return scripts_;
  }

  Result<std::string> Write(const std::string& location, const std::string& file_name,
                            const std::string& source) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string name = location.empty() ? file_name : location + "/" + file_name;
    for (const auto& s : scripts_) {
      if (s.name == name) return Status::Usage("a script named " + name + " exists");
    }
    scripts_.push_back({name, source});
    Sort();
    return name;
  }

 private:
  void Sort() {
    std::stable_sort(
        scripts_.begin(), scripts_.end(),
        [](const ScriptFile& a, const ScriptFile& b) { return a.name < b.name; });
  }

  mutable std::mutex mu_;
  std::vector<ScriptFile> scripts_;
};

}  // namespace

std::unique_ptr<ScriptSource> NewMemorySource(std::vector<ScriptFile> scripts) {
  return std::make_unique<MemorySource>(std::move(scripts));
}

}  // namespace luamig
