// Constant tables indexed by an enum: a compile-time check that entry i describes the
// enumerator whose value is i, so that lookups can index instead of search.
#pragma once

#include <array>
#include <cstddef>

namespace hostwall {

template <typename Entry, size_t N, typename Enum>
constexpr bool IsIndexedBy(const std::array<Entry, N>& table, Enum Entry::*key) {
  for (size_t i = 0; i < N; ++i) {
    if (static_cast<size_t>(table[i].*key) != i) return false;
  }
  return true;
}

}  // namespace hostwall
