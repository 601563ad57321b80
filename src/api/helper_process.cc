// SPDX-License-Identifier: MIT
#include "api/helper_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "util/url.h"

extern char** environ;

namespace luamig::api {
namespace {

namespace fs = std::filesystem;

constexpr int kExitNoAlembic = 3;  // alembic_convert.py: alembic cannot be imported
constexpr size_t kTailBytes = 8192;
const char kHelperPath[] = "share/luamig/convert/alembic_convert.py";

const std::string kEmpty;

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string InstallHint() {
  return "converting an Alembic project runs Alembic itself: install Python 3 with Alembic "
         "and SQLAlchemy (Debian: apt-get install alembic; python3-psycopg2 for "
         "PostgreSQL), or point $LUAMIG_PYTHON at a Python that has them";
}

// Python candidates in the documented order.
std::vector<std::string> Pythons(const AlembicHelperOptions& o) {
  if (!o.python.empty()) return {o.python};
  std::string env = Getenv("LUAMIG_PYTHON");
  if (!env.empty()) return {env};
  return {"/usr/bin/python3", "python3"};
}

void CloseAll(std::initializer_list<int> fds) {
  for (int fd : fds) {
    if (fd >= 0) close(fd);
  }
}

bool WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

const std::string& Record::at(size_t i) const {
  return i < fields.size() ? fields[i] : kEmpty;
}

Record ParseRecord(const std::string& line) {
  Record r;
  std::string field;
  bool first = true;
  auto flush = [&] {
    if (first) {
      r.kind = field;
      first = false;
    } else {
      r.fields.push_back(field);
    }
    field.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\t') {
      flush();
    } else if (c == '\\' && i + 1 < line.size()) {
      char e = line[++i];
      field += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
    } else {
      field += c;
    }
  }
  flush();
  return r;
}

std::string EscapeField(const std::string& field) {
  std::string out;
  for (char c : field) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FindHelper(const AlembicHelperOptions& options) {
  if (!options.helper.empty()) return options.helper;
  std::string env = Getenv("LUAMIG_CONVERT_HELPER");
  if (!env.empty()) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / kHelperPath);
    candidates.push_back(exe.parent_path().parent_path() / kHelperPath);
  }
  candidates.push_back(fs::path(LUAMIG_DATADIR) / "luamig/convert/alembic_convert.py");
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  return "";
}

Result<std::unique_ptr<HelperProcess>> HelperProcess::Start(
    const AlembicHelperOptions& options, const std::vector<std::string>& args,
    const std::vector<std::string>& env) {
  std::string helper = FindHelper(options);
  std::error_code ec;
  if (helper.empty() || !fs::is_regular_file(helper, ec)) {
    return Status::Usage("luamig's Alembic reader (" +
                         (helper.empty() ? std::string(kHelperPath) : helper) +
                         ") is not installed" +
                         (helper.empty() ? " next to this program or under " +
                                               std::string(LUAMIG_DATADIR)
                                         : std::string()))
        .WithHint("set $LUAMIG_CONVERT_HELPER to the path of alembic_convert.py");
  }
  std::string tried;
  for (const std::string& python : Pythons(options)) {
    // `probe` exits at once: 0 when this Python imports alembic, 3 when not.
    auto probe = Spawn(python, helper, {"probe"}, {}, options);
    if (!probe.ok()) return probe.status();
    int code = (*probe)->Wait();
    if (code == 0) return Spawn(python, helper, args, env, options);
    std::string why = code == kExitNoAlembic ? "cannot import alembic"
                      : code == 127          ? "not found"
                                             : "exited with " + std::to_string(code);
    tried += (tried.empty() ? "" : "; ") + python + ": " + why;
  }
  return Status::Usage("no Python with Alembic found (" + tried + ")").WithHint(InstallHint());
}

Result<std::unique_ptr<HelperProcess>> HelperProcess::Spawn(
    const std::string& python, const std::string& helper, const std::vector<std::string>& args,
    const std::vector<std::string>& env, const AlembicHelperOptions& options) {
  // The reply channel is a socket so that writing to a helper that died fails
  // with EPIPE (send with MSG_NOSIGNAL) instead of raising SIGPIPE in the host.
  int in[2], out[2], err[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0)
    return Status::Internal("socketpair: " + std::string(strerror(errno)));
  if (pipe2(out, O_CLOEXEC) != 0) {
    CloseAll({in[0], in[1]});
    return Status::Internal("pipe: " + std::string(strerror(errno)));
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    CloseAll({in[0], in[1], out[0], out[1]});
    return Status::Internal("pipe: " + std::string(strerror(errno)));
  }
  std::vector<std::string> argv_s = {python, helper};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Importing the revision modules must not leave __pycache__ in the project.
  std::vector<std::string> env_s = {"PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1"};
  env_s.insert(env_s.end(), env.begin(), env.end());
  for (char** e = environ; *e; ++e) env_s.push_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, python.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  CloseAll({in[0], out[1], err[1]});
  if (rc != 0) {
    CloseAll({in[1], out[0], err[0]});
    // A missing interpreter: report it like a shell's 127.
    if (rc == ENOENT) {
      return std::unique_ptr<HelperProcess>(
          new HelperProcess(-127, -1, -1, -1, options.on_output));
    }
    return Status::Usage("cannot run " + python + ": " + strerror(rc)).WithHint(InstallHint());
  }
  return std::unique_ptr<HelperProcess>(
      new HelperProcess(pid, in[1], out[0], err[0], options.on_output));
}

HelperProcess::HelperProcess(pid_t pid, int in, int out, int err,
                             std::function<void(const std::string&)> on_output)
    : pid_(pid), in_(in), out_(out), err_(err), on_output_(std::move(on_output)) {
  if (pid_ == -127) {
    waited_ = true;
    code_ = 127;
  }
}

HelperProcess::~HelperProcess() {
  CloseAll({in_, out_, err_});
  if (!waited_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

void HelperProcess::TakeStderr(const char* data, size_t n) {
  err_tail_.append(data, n);
  if (err_tail_.size() > kTailBytes) err_tail_.erase(0, err_tail_.size() - kTailBytes);
  for (size_t i = 0; i < n; ++i) {
    if (data[i] != '\n') {
      err_line_ += data[i];
      continue;
    }
    if (on_output_) on_output_(util::Redact(err_line_, secret_));
    err_line_.clear();
  }
}

bool HelperProcess::Pump() {
  if (out_ < 0) return false;
  pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
  int nfds = err_ >= 0 ? 2 : 1;
  if (poll(fds, nfds, -1) < 0) return errno == EINTR;
  char buf[4096];
  if (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP))) {
    ssize_t n = read(err_, buf, sizeof buf);
    if (n > 0) {
      TakeStderr(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      close(err_);
      err_ = -1;
    }
  }
  if (fds[0].revents & (POLLIN | POLLHUP)) {
    ssize_t n = read(out_, buf, sizeof buf);
    if (n > 0) {
      out_buf_.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      close(out_);
      out_ = -1;
      return false;
    }
  }
  return true;
}

std::optional<Record> HelperProcess::Next() {
  while (true) {
    size_t nl = out_buf_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      return ParseRecord(line);
    }
    if (!Pump()) {
      // Drain what is left of stderr so ErrorTail() is complete.
      while (err_ >= 0) {
        char buf[4096];
        ssize_t n = read(err_, buf, sizeof buf);
        if (n > 0) {
          TakeStderr(buf, static_cast<size_t>(n));
        } else {
          close(err_);
          err_ = -1;
        }
      }
      return std::nullopt;
    }
  }
}

Status HelperProcess::Reply(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "\t" : "") + EscapeField(fields[i]);
  line += "\n";
  if (in_ < 0 || !WriteAll(in_, line))
    return Status::Internal("the Alembic reader stopped reading").WithHint(ErrorTail());
  return Status::Ok();
}

int HelperProcess::Wait() {
  if (waited_) return code_;
  CloseAll({in_});
  in_ = -1;
  while (Next()) {
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  waited_ = true;
  return code_;
}

std::string HelperProcess::ErrorTail() const {
  std::string t = util::Redact(err_tail_ + err_line_, secret_);
  size_t start = t.size() > 2000 ? t.find('\n', t.size() - 2000) : 0;
  return start == std::string::npos ? t : t.substr(start == 0 ? 0 : start + 1);
}

}  // namespace luamig::api
