// Whole-file reads and crash-safe whole-file writes.
//
// WriteFileAtomically writes `<path>.tmp`, fsyncs it, renames it over `path` and fsyncs the
// directory. After a crash at any moment `path` holds either the old contents or the new ones,
// never a mix; once the call returns, the new contents survive a power loss.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace hostwall::store {

// Errors: kIo naming the path and the system call that failed.
Result<void> WriteFileAtomically(const std::string& path, std::string_view contents);

// Writes all of `data` to `fd`, retrying short writes. Errors: kIo naming `path`.
Result<void> WriteAll(int fd, std::string_view data, const std::string& path);

// Errors: kNotFound when the file does not exist; kIo otherwise.
Result<std::string> ReadWholeFile(const std::string& path);

// Creates `path` and missing parents with `mode`; an existing directory is fine.
Result<void> MakeDirectories(const std::string& path, unsigned mode);

}  // namespace hostwall::store
