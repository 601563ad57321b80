// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "luamig/script_source.h"
#include "util/atomic_file.h"
#include "util/strings.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

class DirectorySource final : public ScriptSource {
 public:
  explicit DirectorySource(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

  Result<std::vector<ScriptFile>> List() const override {
    std::vector<ScriptFile> out;
    for (const auto& dir : dirs_) {
      LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir));
      for (const auto& name : names) {
        LUAMIG_ASSIGN_OR_RETURN(std::string text, ReadFile(name));
        out.push_back({name, std::move(text)});
      }
    }
    return out;
  }

  // Never overwrites, and never leaves a partial file: a failure part-way
  // (a full disk, a kill) leaves no script that a later run could apply.
  Result<std::string> Write(const std::string& location, const std::string& file_name,
                            const std::string& source) override {
    if (location.empty() && dirs_.empty())
      return Status::Usage("no version location to write " + file_name + " to");
    std::string dir = location.empty() ? dirs_.front() : location;
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string path = (fs::path(dir) / file_name).string();
    LUAMIG_RETURN_IF_ERROR(util::WriteFileAtomically(path, source, false));
    return path;
  }

 private:
  // Sorted bytewise (all names share the `dir` prefix, so this is the order of
  // the file names): the load order that breaks graph ties.
  static Result<std::vector<std::string>> ListDir(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      return Status::Project("version location '" + dir + "' is not a directory")
          .WithHint("create it, or fix version_locations in luamig.lua");
    }
    std::vector<std::string> names;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::string base = it->path().filename().string();
      std::error_code type_ec;
      if (!util::EndsWith(base, ".lua") || base[0] == '.' || base[0] == '_') continue;
      if (!it->is_regular_file(type_ec)) {
        // A script that is not there must not be skipped in silence: the
        // graph would lose a revision without a word.
        if (it->is_symlink(type_ec) && !fs::exists(it->path(), type_ec)) {
          return Status::Project(it->path().string() +
                                 " is a symbolic link to a file that does not exist")
              .WithFile(it->path().string());
        }
        continue;
      }
      names.push_back(it->path().string());
    }
    if (ec) return Status::Project("cannot list '" + dir + "': " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
  }

  static Result<std::string> ReadFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return Status::Project("cannot read " + path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }

  std::vector<std::string> dirs_;
};

}  // namespace

std::unique_ptr<ScriptSource> NewDirectorySource(std::vector<std::string> dirs) {
  return std::make_unique<DirectorySource>(std::move(dirs));
}

}  // namespace luamig
