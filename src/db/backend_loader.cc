// SPDX-License-Identifier: MIT
#include "db/backend_loader.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "luamig/version.h"

namespace luamig::db {
namespace {

std::string DirName(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The file this code was loaded from: the executable when libluamig is
// linked statically, else libluamig.so or luamig.so.
std::string OwnBinary() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&BackendSearchDirs), &info) == 0 ||
      !info.dli_fname || !*info.dli_fname) {
    return "";
  }
  std::string path = info.dli_fname;
  if (path.find('/') == std::string::npos) {
    // The main program as found on $PATH: the kernel knows where it is.
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    path.assign(buf, static_cast<size_t>(n));
  }
  return path;
}

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string JoinDirs(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d;
  return out;
}

std::string Capitalised(const std::string& scheme) {
  return scheme == "postgresql" ? "PostgreSQL" : scheme;
}

Status CheckModule(const BackendModule* m, const std::string& path,
                   const std::string& scheme) {
  if (!m) return Status::Usage(path + " is not a luamig backend module (no table)");
  if (m->abi != kBackendAbi ||
      std::strcmp(m->luamig_version, LUAMIG_VERSION_STRING) != 0 ||
      std::strcmp(m->compiler, kBackendCompiler) != 0) {
    return Status::Usage(path + " comes from another luamig build (luamig " +
                         m->luamig_version + ", " + m->compiler + "); this is luamig " +
                         LUAMIG_VERSION_STRING + " (" + kBackendCompiler +
                         "): install the module built with it");
  }
  if (scheme != m->scheme) {
    return Status::Usage(path + " serves '" + m->scheme + "' URLs, not '" + scheme + "'");
  }
  return Status::Ok();
}

}  // namespace

std::string BackendFileName(const std::string& scheme) {
  return scheme == "postgresql" ? "luamig_pg.so" : "luamig_" + scheme + ".so";
}

std::vector<std::string> BackendSearchDirs() {
  const char* env = std::getenv("LUAMIG_BACKEND_DIR");
  if (env && *env) return {env};
  std::vector<std::string> dirs;
  auto add = [&dirs](const std::string& d) {
    for (const auto& seen : dirs) {
      if (seen == d) return;
    }
    dirs.push_back(d);
  };
  std::string own = OwnBinary();
  if (!own.empty()) {
    std::string dir = DirName(own);
    add(dir);
    add(dir + "/luamig");
    add(dir + "/" LUAMIG_BACKEND_RELATIVE_DIR);
  }
  add(LUAMIG_BACKEND_INSTALL_DIR);
  return dirs;
}

Result<const BackendModule*> LoadBackend(const std::string& scheme) {
  const std::string file = BackendFileName(scheme);
  const std::vector<std::string> dirs = BackendSearchDirs();
  for (const auto& dir : dirs) {
    const std::string path = dir + "/" + file;
    if (!IsFile(path)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      return Status::Usage("cannot load " + Capitalised(scheme) + " support from " +
                           path + ": " + (why ? why : "unknown error"));
    }
    auto entry = reinterpret_cast<BackendEntry>(dlsym(handle, kBackendEntrySymbol));
    if (!entry)
      return Status::Usage(path + " has no " + kBackendEntrySymbol + " entry point");
    const BackendModule* m = entry();
    LUAMIG_RETURN_IF_ERROR(CheckModule(m, path, scheme));
    return m;
  }
  return Status::Usage(Capitalised(scheme) + " support is not installed: " + file +
                       " was not found in " + JoinDirs(dirs) +
                       " (set LUAMIG_BACKEND_DIR to the directory that holds it)");
}

}  // namespace luamig::db
