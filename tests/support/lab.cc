#include "support/lab.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace hostwall::testing_support {
namespace {

constexpr const char* kProbeTimeoutMs = "400";

}  // namespace

Lab::Lab() {
  static std::atomic<int> counter{0};
  prefix_ = "hw-l-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  const CommandResult up = RunCommand({LAB_SCRIPT, "up", prefix_});
  if (up.exit_code != 0) {
    RunCommand({LAB_SCRIPT, "down", prefix_});
    throw std::runtime_error("lab.sh up failed: " + up.err);
  }
}

Lab::~Lab() {
  for (pid_t pid : servers_) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  RunCommand({LAB_SCRIPT, "down", prefix_});
}

CommandResult Lab::Exec(const std::string& role, std::vector<std::string> argv) const {
  argv.insert(argv.begin(), {"ip", "netns", "exec", Namespace(role)});
  return RunCommand(argv);
}

void Lab::Serve(const std::string& role, int port) {
  servers_.push_back(
      SpawnInNamespace(Namespace(role), {HW_PROBE_BIN, "serve", std::to_string(port), "3600"}));
  // Wait until it answers over loopback, which no firewall rule stops.
  const std::string local = "127.0.0.1";
  for (int i = 0; i < 200 && !Tcp(role, local, port); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool Lab::Tcp(const std::string& role, const std::string& address, int port) const {
  return Exec(role, {HW_PROBE_BIN, "tcp", address, std::to_string(port), kProbeTimeoutMs})
             .exit_code == 0;
}

bool Lab::Udp(const std::string& role, const std::string& address, int port) const {
  return Exec(role, {HW_PROBE_BIN, "udp", address, std::to_string(port), kProbeTimeoutMs})
             .exit_code == 0;
}

bool Lab::Ping(const std::string& role, const std::string& address) const {
  return Exec(role, {"ping", "-n", "-q", "-c1", "-W0.4", address}).exit_code == 0;
}

}  // namespace hostwall::testing_support
