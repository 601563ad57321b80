// SPDX-License-Identifier: MIT
// Starts the built luamig binary as a child process that tests can run
// alongside others or kill: the asynchronous sibling of run_binary.h.
#ifndef LUAMIG_TESTS_SUPPORT_SPAWN_H_
#define LUAMIG_TESTS_SUPPORT_SPAWN_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace luamig::testing {

/// A running `luamig` process. Output goes to files, read by Wait().
class LuamigProcess {
 public:
  /// Starts `luamig args…` in `cwd` with the environment plus `env` ("K=V"),
  /// without DATABASE_URL unless `env` sets it. Output goes to
  /// `<log_base>.out` / `.err`.
  LuamigProcess(const std::string& cwd, const std::vector<std::string>& args,
                const std::vector<std::string>& env, const std::string& log_base)
      : out_path_(log_base + ".out"), err_path_(log_base + ".err") {
    std::vector<std::string> argv_s = {LUAMIG_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
      if (std::string(*e).rfind("DATABASE_URL=", 0) != 0) env_s.push_back(*e);
    }
    env_s.insert(env_s.end(), env.begin(), env.end());
    std::vector<char*> argv, envp;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // posix_spawn has no chdir action before glibc 2.29's _np form: use it.
    posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    if (posix_spawn(&pid_, LUAMIG_BINARY, &fa, nullptr, argv.data(), envp.data()) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~LuamigProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  LuamigProcess(const LuamigProcess&) = delete;
  LuamigProcess& operator=(const LuamigProcess&) = delete;

  bool started() const { return pid_ > 0; }
  void Kill() { Signal(SIGKILL); }
  void Signal(int sig) {
    if (pid_ > 0 && !waited_) kill(pid_, sig);
  }
  /// Waits for the exit; returns the exit code, or -signal when killed.
  int Wait() {
    if (!waited_ && pid_ > 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
      code_ = WIFEXITED(status) ? WEXITSTATUS(status)
                                : (WIFSIGNALED(status) ? -WTERMSIG(status) : -1);
      waited_ = true;
    }
    return code_;
  }
  std::string out() const { return Slurp(out_path_); }
  std::string err() const { return Slurp(err_path_); }

 private:
  static std::string Slurp(const std::string& path) {
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }

  std::string out_path_;
  std::string err_path_;
  pid_t pid_ = -1;
  bool waited_ = false;
  int code_ = -1;
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_SPAWN_H_
