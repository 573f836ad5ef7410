#include "cli/log_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/control_client.h"
#include "cli/exit_codes.h"
#include "core/text.h"
#include "events/log_summary.h"

namespace hostwall::cli {
namespace {

constexpr const char* kDefaultLog = "/var/log/hostwall/pfirewall.log";

std::string LogPath(const std::string& socket, const LogOptions& options) {
  if (!options.file.empty()) return options.file;
  if (auto client = ControlClient::Connect(socket); client) {
    if (auto status = client->Call("status", nlohmann::json::object());
        status && (*status)["logging"].is_object()) {
      return (*status)["logging"]["path"].get<std::string>();
    }
  }
  return kDefaultLog;
}

// "30m" → 1800 seconds; nullopt for anything else.
std::optional<long> WindowSeconds(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const std::optional<uint32_t> count = ParseDecimal(text.substr(0, text.size() - 1));
  if (!count) return std::nullopt;
  switch (text.back()) {
    case 's':
      return *count;
    case 'm':
      return *count * 60L;
    case 'h':
      return *count * 3600L;
    case 'd':
      return *count * 86400L;
    default:
      return std::nullopt;
  }
}

// The first local time of the window, in the log's own "YYYY-MM-DD HH:MM:SS".
std::string WindowStart(long seconds) {
  const time_t start = std::time(nullptr) - seconds;
  std::tm local{};
  localtime_r(&start, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

struct ReadLog {
  std::vector<events::LogEntry> entries;
  size_t unreadable = 0;
};

// Reads `path` and, when it exists, its rotated generation before it.
std::optional<ReadLog> ReadEntries(const std::string& path) {
  ReadLog log;
  bool any = false;
  for (const std::string& file : {path + ".old", path}) {
    std::ifstream in(file);
    if (!in) continue;
    any = true;
    std::string line;
    while (std::getline(in, line)) {
      if (Trim(line).empty() || line.front() == '#') continue;
      if (auto entry = events::ParseLogLine(line); entry) {
        log.entries.push_back(std::move(*entry));
      } else {
        ++log.unreadable;
      }
    }
  }
  if (!any) return std::nullopt;
  return log;
}

std::optional<events::LogSummary> Summarize(const std::string& socket, const LogOptions& options,
                                            std::string& path) {
  path = LogPath(socket, options);
  std::string since;
  if (!options.since.empty()) {
    const std::optional<long> seconds = WindowSeconds(options.since);
    if (!seconds) {
      std::cerr << "--since takes a number and a unit (s, m, h or d), such as 30m, not '"
                << options.since << "'\n";
      return std::nullopt;
    }
    since = WindowStart(*seconds);
  }
  const std::optional<ReadLog> log = ReadEntries(path);
  if (!log) {
    std::cerr << "cannot read " << path << ": " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  if (log->unreadable > 0) {
    std::cerr << "warning: " << log->unreadable << " line(s) of " << path
              << " are not pfirewall.log lines\n";
  }
  return events::Summarize(log->entries, since, options.top);
}

void PrintTallies(const char* title, const std::vector<events::Tally>& tallies) {
  std::cout << title << "\n";
  if (tallies.empty()) std::cout << "  (none)\n";
  for (const events::Tally& tally : tallies) {
    std::cout << "  " << PadRight(tally.key, 40) << " " << tally.count << "\n";
  }
}

}  // namespace

int RunLogSummary(const std::string& socket, const LogOptions& options) {
  std::string path;
  const std::optional<events::LogSummary> summary = Summarize(socket, options, path);
  if (!summary) return kExitFailed;
  std::cout << path << ": " << summary->entries << " entries";
  if (summary->entries > 0) std::cout << " from " << summary->first << " to " << summary->last;
  std::cout << "\nDropped: " << summary->drops << "  Opened: " << summary->opens
            << "  Closed: " << summary->closes << "  Events lost: " << summary->events_lost << "\n";
  PrintTallies("Top dropped inbound ports:", summary->top_ports);
  PrintTallies("Top sources of dropped packets:", summary->top_sources);
  PrintTallies("Top dropped protocols:", summary->top_protocols);
  return 0;
}

int RunLogSuggest(const std::string& socket, const LogOptions& options) {
  std::string path;
  const std::optional<events::LogSummary> summary = Summarize(socket, options, path);
  if (!summary) return kExitFailed;
  const std::vector<events::Suggestion> suggestions =
      events::SuggestCommands(*summary, options.top);
  if (suggestions.empty()) std::cout << "# no inbound connection attempts were dropped\n";
  for (const events::Suggestion& suggestion : suggestions) {
    std::cout << "# " << suggestion.reason << "\n" << suggestion.command << "\n";
  }
  return 0;
}

int RunLogFollow(const std::string& socket, const LogOptions& options) {
  const std::string path = LogPath(socket, options);
  std::ifstream in;
  ino_t inode = 0;
  std::string partial;
  // Prints what was appended to the open file; the stream reads the same file after a rename.
  auto drain = [&] {
    if (!in.is_open()) return;
    in.clear();
    std::string chunk((std::istreambuf_iterator<char>(in)), {});
    partial += chunk;
    const size_t end = partial.rfind('\n');
    if (end == std::string::npos) return;
    std::cout << partial.substr(0, end + 1) << std::flush;
    partial.erase(0, end + 1);
  };
  bool first = true;
  while (true) {
    drain();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && st.st_ino != inode) {
      // A new file (a rotation, or the first one seen): the rest of the old one was printed
      // above; the new one is printed from its start, the first one from its end.
      in = std::ifstream(path);
      if (first) in.seekg(0, std::ios::end);
      inode = st.st_ino;
      partial.clear();
      first = false;
      continue;
    }
    first = false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace hostwall::cli
