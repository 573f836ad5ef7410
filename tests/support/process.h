// Helpers for tests that run real programs: run a command and capture what it prints, and
// network namespaces made for one test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace hostwall::testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] (searched in PATH) with `env` added to the environment, feeding `input` on stdin.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env = {}, const std::string& input = "");

// A network namespace that lives as long as this object, named "hw-t-<pid>-<n>", with
// interfaces lan0 and wan0 (veth, whose far ends sit in "<name>-peer") so that per-connection
// settings have connections to name.
class TestNamespace {
 public:
  TestNamespace();
  ~TestNamespace();
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;

  const std::string& name() const { return name_; }

 private:
  void Remove();

  std::string name_;
  std::string peer_;
};

// Starts `argv` inside the namespace `netns` (by setns, so the pid is the program's own).
pid_t SpawnInNamespace(const std::string& netns, const std::vector<std::string>& argv);

}  // namespace hostwall::testing_support
