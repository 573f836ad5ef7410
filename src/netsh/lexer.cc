#include "netsh/lexer.h"

namespace hostwall::netsh {
namespace {

Token Word(std::string text) { return {.kind = Token::Kind::kWord, .text = std::move(text)}; }
Token Equals() { return {.kind = Token::Kind::kEquals}; }

}  // namespace

Result<std::vector<Token>> LexLine(std::string_view line) {
  std::vector<Token> tokens;
  std::string word;
  bool in_word = false;
  bool in_quotes = false;
  auto finish_word = [&] {
    if (in_word) tokens.push_back(Word(std::move(word)));
    word.clear();
    in_word = false;
  };
  for (char c : line) {
    if (c == '"') {
      in_quotes = !in_quotes;
      in_word = true;  // `""` is an empty word
    } else if (in_quotes) {
      word += c;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      finish_word();
    } else if (c == '=') {
      finish_word();
      tokens.push_back(Equals());
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_quotes) {
    return Fail(ErrorCode::kInvalidArgument, "the line has an unterminated quote");
  }
  finish_word();
  return tokens;
}

std::vector<Token> LexArgv(const std::vector<std::string>& words) {
  std::vector<Token> tokens;
  for (const std::string& word : words) {
    const size_t equals = word.find('=');
    if (equals == std::string::npos) {
      tokens.push_back(Word(word));
      continue;
    }
    if (equals > 0) tokens.push_back(Word(word.substr(0, equals)));
    tokens.push_back(Equals());
    if (equals + 1 < word.size()) tokens.push_back(Word(word.substr(equals + 1)));
  }
  return tokens;
}

}  // namespace hostwall::netsh
