// SPDX-License-Identifier: MIT
// A project in a fresh temporary directory (luamig.lua + versions/), removed
// when the object goes out of scope.
#ifndef LUAMIG_TESTS_SUPPORT_TEMP_PROJECT_H_
#define LUAMIG_TESTS_SUPPORT_TEMP_PROJECT_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace luamig::testing {

class TempProject {
 public:
  TempProject() {
    const char* base = std::getenv("LUAMIG_TEST_TMP");
    std::filesystem::path root = base ? base : std::filesystem::temp_directory_path();
    std::filesystem::create_directories(root);
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
      dir_ = root / ("proj-" + std::to_string(rd()));
      if (std::filesystem::create_directory(dir_)) break;
    }
    std::filesystem::create_directories(dir_ / "versions");
  }
  ~TempProject() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  /// Writes `text` to `relative` (creating directories); returns the path.
  std::string Write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = dir_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string Read(const std::string& relative) const {
    std::ifstream f(dir_ / relative, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }
  bool Exists(const std::string& relative) const {
    return std::filesystem::exists(dir_ / relative);
  }
  std::string Path(const std::string& relative = "") const {
    return relative.empty() ? dir_.string() : (dir_ / relative).string();
  }
  /// sqlite:////abs/path/<name>
  std::string SqliteUrl(const std::string& name = "luamig.db") const {
    return "sqlite:///" + Path(name);
  }

 private:
  std::filesystem::path dir_;
};

/// A minimal revision script.
inline std::string Script(const std::string& rev, const std::string& down,
                          const std::string& upgrade_body,
                          const std::string& downgrade_body,
                          const std::string& message = "") {
  std::string s = "-- " + (message.empty() ? "revision " + rev : message) + "\n";
  s += "revision = \"" + rev + "\"\n";
  s += "down_revision = " + (down.empty() ? std::string("nil") : "\"" + down + "\"") +
       "\n";
  s += "function upgrade(op)\n" + upgrade_body + "\nend\n";
  s += "function downgrade(op)\n" + downgrade_body + "\nend\n";
  return s;
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_TEMP_PROJECT_H_
