// hostwall: the command-line client of hostwalld.
#include <exception>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  try {
    return hostwall::cli::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "hostwall: " << e.what() << "\n";
    return 1;
  }
}
