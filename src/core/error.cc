#include "core/error.h"

#include <array>
#include <cstring>

namespace hostwall {
namespace {

struct CodeName {
  ErrorCode code;
  const char* name;
};

constexpr std::array<CodeName, 9> kCodeNames{{
    {ErrorCode::kInvalidArgument, "invalid_argument"},
    {ErrorCode::kNotFound, "not_found"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kPermissionDenied, "permission_denied"},
    {ErrorCode::kUnsupported, "unsupported"},
    {ErrorCode::kIo, "io"},
    {ErrorCode::kKernel, "kernel"},
    {ErrorCode::kCorrupt, "corrupt"},
    {ErrorCode::kLimit, "limit"},
}};

}  // namespace

const char* ErrorCodeName(ErrorCode code) {
  for (const auto& entry : kCodeNames) {
    if (entry.code == code) return entry.name;
  }
  return "invalid_argument";
}

ErrorCode ErrorCodeFromName(const std::string& name) {
  for (const auto& entry : kCodeNames) {
    if (name == entry.name) return entry.code;
  }
  return ErrorCode::kInvalidArgument;
}

Error SystemError(const std::string& what, int err) {
  return Error(ErrorCode::kIo, what + ": " + std::strerror(err));
}

}  // namespace hostwall
