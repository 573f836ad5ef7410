// `hostwall log follow | summary | suggest`: reads pfirewall.log directly (it is a file, not
// daemon state), found through hostwalld's status unless --file names it.
//   follow   prints lines as they are appended, across rotations, until interrupted;
//   summary  the top dropped ports, sources and protocols over a time window;
//   suggest  the netsh commands that would let the most dropped inbound traffic in (KB875357).
#pragma once

#include <cstddef>
#include <string>

namespace hostwall::cli {

struct LogOptions {
  std::string file;   // empty: ask hostwalld, else the default path
  std::string since;  // "30m", "2h", "1d"; empty: the whole file
  size_t top = 10;
};

int RunLogFollow(const std::string& socket, const LogOptions& options);
int RunLogSummary(const std::string& socket, const LogOptions& options);
int RunLogSuggest(const std::string& socket, const LogOptions& options);

}  // namespace hostwall::cli
