// libFuzzer target for the Registry.pol reader:
//   cmake -DHOSTWALL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ... && build/tests/registry_pol_fuzz
//     ../shared/data/registry-pol -max_total_time=60
#include <cstddef>
#include <cstdint>

#include "gpo/registry_pol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)hostwall::gpo::ParseRegistryPol({data, size});
  return 0;
}
