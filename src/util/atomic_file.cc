// SPDX-License-Identifier: MIT
#include "util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace luamig::util {
namespace {

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status Failed(const std::string& path, int err) {
  return Status::Project("cannot write " + path + ": " + std::strerror(err))
      .WithFile(path);
}

// Creates a fresh temporary file beside `path`; returns its fd or -1.
int CreateTemp(const std::string& path, std::string* temp) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string prefix = DirOf(path) + "/." + BaseOf(path) + ".luamig-tmp-";
  for (int attempt = 0; attempt < 100; ++attempt) {
    *temp = prefix + std::to_string(getpid()) + "-" + std::to_string(rng() % 1000000007);
    int fd = ::open(temp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

bool WriteAll(int fd, std::string_view contents) {
  while (!contents.empty()) {
    ssize_t n = ::write(fd, contents.data(), contents.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Makes the rename itself durable.
void SyncDir(const std::string& path) {
  int fd = ::open(DirOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           bool overwrite) {
  if (!overwrite && ::access(path.c_str(), F_OK) == 0)
    return Status::Usage("refusing to overwrite " + path).WithFile(path);
  std::string temp;
  int fd = CreateTemp(path, &temp);
  if (fd < 0) return Failed(path, errno);
  bool ok = WriteAll(fd, contents) && ::fsync(fd) == 0;
  int err = ok ? 0 : errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (ok) {
    if (overwrite) {
      ok = ::rename(temp.c_str(), path.c_str()) == 0;
    } else {
      // link() fails with EEXIST instead of replacing a file that appeared
      // since the check above.
      ok = ::link(temp.c_str(), path.c_str()) == 0;
    }
    err = errno;
  }
  ::unlink(temp.c_str());  // after rename: already gone; after link: the spare name
  if (!ok) {
    if (err == EEXIST)
      return Status::Usage("refusing to overwrite " + path).WithFile(path);
    return Failed(path, err);
  }
  SyncDir(path);
  return Status::Ok();
}

}  // namespace luamig::util
