#include "support/proc_stats.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/text.h"

namespace hostwall::testing_support {
namespace {

std::string ReadProc(pid_t pid, const char* file) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

double CpuSeconds(pid_t pid) {
  const std::string text = ReadProc(pid, "stat");
  // After "(comm) ": state is field 0 here, utime 11 and stime 12.
  const std::vector<std::string> fields = Split(text.substr(text.rfind(')') + 2), ' ');
  return static_cast<double>(std::stoull(fields.at(11)) + std::stoull(fields.at(12))) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

uint64_t ResidentKb(pid_t pid) {
  for (const std::string& line : Split(ReadProc(pid, "status"), '\n')) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

uint64_t Ipv4Received(const Lab& lab, const std::string& role) {
  const std::vector<std::string> lines = Split(lab.Exec(role, {"cat", "/proc/net/snmp"}).out, '\n');
  const std::vector<std::string> names = Split(lines.at(0), ' ');
  const std::vector<std::string> values = Split(lines.at(1), ' ');
  const size_t at = std::find(names.begin(), names.end(), "InReceives") - names.begin();
  return std::stoull(values.at(at));
}

}  // namespace hostwall::testing_support
