// hostwalld: the hostwall daemon. It owns the firewall's state and serves the control socket.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "daemon/daemon.h"

int main(int argc, char** argv) {
  hostwall::daemon::DaemonOptions options;
  CLI::App app{"hostwalld: the Windows XP SP2 firewall for Linux"};
  app.add_option("--state-dir", options.state_dir, "configuration and state directory")
      ->capture_default_str();
  app.add_option("--socket", options.socket_path, "control socket path")->capture_default_str();
  app.add_option("--log-dir", options.log_dir, "directory of pfirewall.log and hostwalld.log")
      ->capture_default_str();
  app.add_option("--admin-group", options.admin_group,
                 "group whose members may change settings besides root")
      ->capture_default_str();
  app.add_option("--domain", options.domain,
                 "Windows domain the computer is joined to; its network makes Domain current");
  app.add_option("--resolv-conf", options.resolv_conf,
                 "resolver configuration whose search domains identify the domain network")
      ->capture_default_str();
  app.add_option("--policy-dir", options.policy_dir,
                 "Group Policy files (*.pol) to apply, in name order, the later winning");
  app.add_option("--max-clients", options.limits.max_clients,
                 "control-socket connections served at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  int idle_timeout_ms = static_cast<int>(options.limits.idle_timeout.count());
  app.add_option("--idle-timeout-ms", idle_timeout_ms, "close control connections idle this long")
      ->capture_default_str()
      ->check(CLI::Range(10, 86400000));
  CLI11_PARSE(app, argc, argv);
  options.limits.idle_timeout = std::chrono::milliseconds(idle_timeout_ms);

  try {
    if (auto run = hostwall::daemon::RunDaemon(options); !run) {
      std::cerr << "hostwalld: " << run.error().message() << "\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "hostwalld: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
