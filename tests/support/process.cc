#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

extern char** environ;

namespace hostwall::testing_support {
namespace {

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void MustRun(const std::vector<std::string>& argv) {
  const CommandResult result = RunCommand(argv);
  if (result.exit_code != 0) {
    throw std::runtime_error("command failed: " + argv[0] + " " + argv[1] + ": " + result.err);
  }
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                         const std::string& input) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    return {};
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (const std::string& variable : env) putenv(const_cast<char*>(variable.c_str()));
    std::vector<char*> args = CStrings(argv);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  CommandResult result;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buffer[65536];
      const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      (i == 0 ? result.out : result.err).append(buffer, static_cast<size_t>(n));
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

TestNamespace::TestNamespace() {
  static std::atomic<int> counter{0};
  name_ = "hw-t-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  peer_ = name_ + "-peer";
  try {
    MustRun({"ip", "netns", "add", name_});
    MustRun({"ip", "netns", "add", peer_});
    // veth, because this kernel has no dummy driver; the far ends live in the peer namespace.
    for (const char* device : {"lan0", "wan0"}) {
      MustRun({"ip", "link", "add", device, "netns", name_, "type", "veth", "peer", "name", device,
               "netns", peer_});
    }
  } catch (...) {
    Remove();  // a throwing constructor gets no destructor call
    throw;
  }
}

void TestNamespace::Remove() {
  RunCommand({"ip", "netns", "del", name_});
  RunCommand({"ip", "netns", "del", peer_});
}

TestNamespace::~TestNamespace() { Remove(); }

pid_t SpawnInNamespace(const std::string& netns, const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string path = "/run/netns/" + netns;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) _exit(126);
    std::vector<char*> args = CStrings(argv);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

}  // namespace hostwall::testing_support
