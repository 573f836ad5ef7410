// Error and Result: how every hostwall layer reports failure.
//
// An Error carries a code, for callers that branch on the kind of failure, and a message that
// names the thing that failed and why, for people. Functions that can fail return Result<T>;
// our code does not throw. Third-party exceptions are caught at the nearest boundary and turned
// into an Error.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace hostwall {

enum class ErrorCode {
  kInvalidArgument,   // Bad input: a command, a file, a request.
  kNotFound,          // The named object does not exist.
  kConflict,          // The request contradicts the current state.
  kPermissionDenied,  // The caller may not do this.
  kUnsupported,       // Valid, but not something hostwall does.
  kIo,                // The operating system refused a file or socket operation.
  kKernel,            // The kernel rejected a netfilter transaction.
  kCorrupt,           // Stored data could not be read back.
  kLimit,             // A resource limit was reached.
};

// The stable lowercase name of a code, as used on the control socket ("invalid_argument").
const char* ErrorCodeName(ErrorCode code);
// Inverse of ErrorCodeName; unknown names map to kInvalidArgument.
ErrorCode ErrorCodeFromName(const std::string& name);

class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<context>: <message>".
  Error WithContext(const std::string& context) const {
    return Error(code_, context + ": " + message_);
  }

 private:
  ErrorCode code_;
  std::string message_;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result<void> helper: `return Ok();`
inline Result<void> Ok() { return {}; }

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// An Error from errno after a failed system call: "<what>: <strerror(err)>".
Error SystemError(const std::string& what, int err);

}  // namespace hostwall

// Returns the error of a Result-returning expression from the enclosing function.
#define HW_TRY(expr)                                          \
  do {                                                        \
    auto hw_try_result_ = (expr);                             \
    if (!hw_try_result_) return Fail(hw_try_result_.error()); \
  } while (0)

// Assigns the value of a Result-returning expression to `target`, or returns its error.
#define HW_ASSIGN_OR_RETURN(target, expr)                     \
  do {                                                        \
    auto hw_try_result_ = (expr);                             \
    if (!hw_try_result_) return Fail(hw_try_result_.error()); \
    target = std::move(*hw_try_result_);                      \
  } while (0)
