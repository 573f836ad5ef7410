#include "daemon/daemon_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "store/atomic_file.h"

namespace hostwall::daemon {

Result<DaemonLog> DaemonLog::Open(const std::string& log_dir) {
  HW_TRY(store::MakeDirectories(log_dir, 0750));
  const std::string path = log_dir + "/hostwalld.log";
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd.valid()) return Fail(SystemError("open " + path, errno));
  return DaemonLog(std::move(fd));
}

void DaemonLog::Write(std::string_view level, std::string_view text) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &local);
  std::string line = std::string(stamp) + " " + std::string(level) + " ";
  // One event per line: user-typed names may hold newlines or escapes.
  for (char c : text) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  line += "\n";
  // A failed log write must not stop the firewall; stderr still has the line.
  (void)!::write(fd_.get(), line.data(), line.size());
  (void)!::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace hostwall::daemon
