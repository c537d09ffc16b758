#include "data/sources/python_literal.h"

#include <cctype>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// Recursive descent over the text; errors give the character where reading stopped.
class PythonLiteralParser {
 public:
  PythonLiteralParser(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

  PythonLiteral document() {
    PythonLiteral result = value(0);
    skip_space();
    if (at_ < text_.size()) fail("unexpected '" + std::string(1, text_[at_]) + "' after the dict");
    return result;
  }

 private:
  // Deeper than any descr numpy writes; bounds the recursion on damaged headers.
  static constexpr int kMaxDepth = 32;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(origin_ + ": unreadable .npy header at character " + std::to_string(at_) + " (" + what +
                "), expected a Python dict like " + kNpyHeaderExample);
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n'))
      ++at_;
  }

  char peek() {
    skip_space();
    if (at_ >= text_.size()) fail("it ends early");
    return text_[at_];
  }

  void expect(char wanted) {
    if (peek() != wanted) fail("'" + std::string(1, wanted) + "' expected");
    ++at_;
  }

  PythonLiteral value(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    const char first = peek();
    if (first == '{') return dict(depth);
    if (first == '(' || first == '[') return sequence(depth);
    if (first == '\'' || first == '"') return quoted();
    if (first == '-' || first == '+' || (first >= '0' && first <= '9')) return integer();
    return word();
  }

  PythonLiteral dict(int depth) {
    PythonLiteral result;
    result.kind = PythonLiteral::Kind::dict;
    expect('{');
    while (peek() != '}') {
      const PythonLiteral key = value(depth + 1);
      if (key.kind != PythonLiteral::Kind::text) fail("a dict key that is not a string");
      expect(':');
      result.entries.emplace_back(key.text, value(depth + 1));
      if (peek() != ',') break;
      ++at_;
    }
    expect('}');
    return result;
  }

  PythonLiteral sequence(int depth) {
    PythonLiteral result;
    const char close = text_[at_] == '(' ? ')' : ']';
    result.kind = close == ')' ? PythonLiteral::Kind::tuple : PythonLiteral::Kind::list;
    ++at_;
    while (peek() != close) {
      result.items.push_back(value(depth + 1));
      if (peek() != ',') break;
      ++at_;
    }
    expect(close);
    return result;
  }

  PythonLiteral quoted() {
    PythonLiteral result;
    result.kind = PythonLiteral::Kind::text;
    const char quote = text_[at_++];
    while (at_ < text_.size() && text_[at_] != quote) {
      // A backslash keeps the next character: descr strings have no escapes
      // that matter, only field names of structured dtypes (refused) do.
      if (text_[at_] == '\\') ++at_;
      if (at_ < text_.size()) result.text += text_[at_++];
    }
    if (at_ >= text_.size()) fail("a string is not closed");
    ++at_;
    return result;
  }

  PythonLiteral integer() {
    PythonLiteral result;
    result.kind = PythonLiteral::Kind::integer;
    const bool negative = text_[at_] == '-';
    if (text_[at_] == '-' || text_[at_] == '+') ++at_;
    const size_t start = at_;
    uint64_t magnitude = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      const auto digit = static_cast<uint64_t>(text_[at_] - '0');
      if (magnitude > (uint64_t{INT64_MAX} - digit) / 10) fail("an integer too large to be real");
      magnitude = magnitude * 10 + digit;
      ++at_;
    }
    if (at_ == start) fail("a sign without digits");
    if (at_ < text_.size() && (text_[at_] == 'L' || text_[at_] == 'l')) ++at_;
    result.integer = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    return result;
  }

  PythonLiteral word() {
    const size_t start = at_;
    while (at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) ++at_;
    const std::string_view name = text_.substr(start, at_ - start);
    PythonLiteral result;
    if (name == "True" || name == "False") {
      result.kind = PythonLiteral::Kind::boolean;
      result.boolean = name == "True";
    } else if (name != "None") {
      at_ = start;
      fail(name.empty() ? "unexpected '" + std::string(1, text_[at_]) + "'"
                        : "unknown name '" + std::string(name) + "'");
    }
    return result;
  }

  std::string_view text_;
  const std::string& origin_;
  size_t at_ = 0;
};

}  // namespace

PythonLiteral parse_python_literal(std::string_view text, const std::string& origin) {
  return PythonLiteralParser(text, origin).document();
}

}  // namespace sigvit
