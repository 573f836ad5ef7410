// Lexer for netsh command lines. A command arrives either as one line of text (script mode,
// `hostwall netsh -f`) or as the argv words a shell already split (`hostwall netsh firewall
// ...`). Both become the same token stream: words, and the `=` that joins a tag to its value.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace hostwall::netsh {

struct Token {
  enum class Kind : uint8_t { kWord, kEquals };
  Kind kind = Kind::kWord;
  std::string text;  // the word with its quotes removed; empty for kEquals

  bool operator==(const Token&) const = default;
};

// Splits a script line. Words are separated by blanks; double quotes group blanks and `=` into
// a word and are removed; an unquoted `=` is its own token, so `tag=value`, `tag = value` and
// `tag= value` all lex alike. Fails on an unterminated quote.
Result<std::vector<Token>> LexLine(std::string_view line);

// Lexes words the shell already split and unquoted. A word is split at its first `=` only, so
// a value may itself contain `=` (`name=a=b` names "a=b").
std::vector<Token> LexArgv(const std::vector<std::string>& words);

}  // namespace hostwall::netsh
