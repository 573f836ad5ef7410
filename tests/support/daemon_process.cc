#include "support/daemon_process.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/unique_fd.h"

namespace hostwall::testing_support {
namespace {

bool Accepts(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof(address.sun_path) - 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  return ::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
}

}  // namespace

DaemonProcess::DaemonProcess(const TempDir& dir, std::string netns,
                             std::vector<std::string> extra_flags)
    : netns_(std::move(netns)),
      socket_(dir / "run/hostwalld.sock"),
      state_dir_(dir / "state"),
      log_dir_(dir / "log"),
      extra_flags_(std::move(extra_flags)) {}

DaemonProcess::~DaemonProcess() { Stop(); }

bool DaemonProcess::Start() {
  std::vector<std::string> argv = {HOSTWALLD_BIN, "--state-dir", state_dir_, "--socket",
                                   socket_,       "--log-dir",   log_dir_};
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  pid_ = SpawnInNamespace(netns_, argv);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(socket_)) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void DaemonProcess::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

CommandResult DaemonProcess::Cli(const std::vector<std::string>& args, bool as_nobody,
                                 const std::string& extra_groups, const std::string& input) const {
  std::vector<std::string> argv;
  if (as_nobody) {
    argv = {"setpriv", "--reuid=nobody", "--regid=nogroup"};
    argv.push_back(extra_groups.empty() ? "--clear-groups" : "--groups=" + extra_groups);
    argv.push_back("--");
  }
  argv.push_back(HOSTWALL_BIN);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, {"HOSTWALL_SOCKET=" + socket_}, input);
}

}  // namespace hostwall::testing_support
