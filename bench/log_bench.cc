// pfirewall.log under load: the lan peer floods a dropped UDP port at a paced rate for 2 s
// while hostwalld logs every dropped packet. For each rate it prints the DROP lines written,
// the events lost (INFO-EVENTS-LOST), whether lines + lost equals the packets that reached the
// host, and hostwalld's CPU time (both of its logging threads, user + system) per 100,000 lines.
// The highest rate with nothing lost is the rate sustained without loss. Prints figures only.
//
//   sudo build/bench/log_bench
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "support/daemon_process.h"
#include "support/lab.h"
#include "support/proc_stats.h"

namespace {

using namespace hostwall;
using testing_support::CpuSeconds;
using testing_support::DaemonProcess;
using testing_support::Ipv4Received;
using testing_support::Lab;

struct Counters {
  uint64_t lines = 0, lost = 0;
};

Counters Status(const DaemonProcess& daemon) {
  const auto status = nlohmann::json::parse(daemon.Cli({"--json", "status"}).out);
  return {status["logging"]["events_written"].get<uint64_t>(),
          status["logging"]["events_lost"].get<uint64_t>()};
}

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "log_bench needs root (network namespaces)\n");
    return 1;
  }
  testing_support::TempDir dir;
  Lab lab;
  DaemonProcess daemon(dir, lab.Namespace("host"));
  if (!daemon.Start()) return 1;
  daemon.Cli({"netsh", "firewall", "set", "logging", "droppedpackets=ENABLE", "maxfilesize=32767"});
  std::printf("%-10s %-10s %-10s %-10s %-8s %-12s %s\n", "offered/s", "sent/s", "lines/s", "lost",
              "exact", "cpu ms/100k", "(2 s each; 0 = as fast as possible)");
  long sustained = 0;
  for (long rate : {50000L, 100000L, 150000L, 200000L, 0L}) {
    const Counters before = Status(daemon);
    const uint64_t received_before = Ipv4Received(lab, "host");
    const double cpu_before = CpuSeconds(daemon.pid());
    const long count = rate > 0 ? rate * 2 : 1000000;
    const auto start = std::chrono::steady_clock::now();
    const std::string sent =
        std::string(Trim(lab.Exec("lan", {HW_PROBE_BIN, "flood", "10.61.1.1", "6666",
                                          std::to_string(count), std::to_string(rate)})
                             .out));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Loss at the end of a flood is known when the next message arrives: markers follow until
    // every packet is accounted for (or 20 markers went), then the writer is waited for.
    Counters after = Status(daemon);
    for (int marker = 0; marker < 20; ++marker) {
      lab.Exec("lan", {HW_PROBE_BIN, "udp", "10.61.1.1", "6667", "50"});
      for (Counters previous{}; after.lines != previous.lines || after.lost != previous.lost;) {
        previous = after;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        after = Status(daemon);
      }
      if (after.lines + after.lost - before.lines - before.lost ==
          Ipv4Received(lab, "host") - received_before) {
        break;
      }
    }
    const uint64_t received = Ipv4Received(lab, "host") - received_before;
    const uint64_t lines = after.lines - before.lines, lost = after.lost - before.lost;
    const double cpu = CpuSeconds(daemon.pid()) - cpu_before;
    std::printf("%-10s %-10.0f %-10.0f %-10llu %-8s %-12.1f\n",
                rate ? std::to_string(rate).c_str() : "max", std::stod(sent) / seconds,
                static_cast<double>(lines) / seconds, static_cast<unsigned long long>(lost),
                lines + lost == received ? "yes" : "NO",
                lines ? cpu * 1000 * 100000 / static_cast<double>(lines) : 0.0);
    if (lost == 0) sustained = std::max(sustained, static_cast<long>(std::stod(sent) / seconds));
  }
  std::printf("sustained without loss: %ld DROP lines/s\n", sustained);
  return 0;
}
