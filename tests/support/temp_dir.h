// TempDir: a fresh directory under /tmp for one test, removed with everything in it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hostwall::testing_support {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/hostwall-test-XXXXXX";
    path_ = ::mkdtemp(pattern.data());
    // Other users (the unprivileged client in the authorization test) must reach the socket.
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all |
                                            std::filesystem::perms::group_exec |
                                            std::filesystem::perms::others_exec);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace hostwall::testing_support
