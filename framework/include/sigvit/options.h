#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

/// The options of one embedder (`model.embedder` in YAML) as its builder reads
/// them. The host has already rejected undeclared keys and filled in every
/// declared default, so each declared option is present unless its default is
/// empty (a required option the user left out is reported before the builder
/// runs). A read of the wrong type, and fail(), raise sigvit::ConfigError naming
/// the config file, the line and the key.
///
/// The interface is sigvit's own so that a plugin depends on no YAML library;
/// the host implements it over its configuration.
class Options {
 public:
  virtual ~Options() = default;

  /// Whether `key` is set (declared options with a default always are).
  virtual bool has(const std::string& key) const = 0;
  /// True when the value is a list ([16, 16]) rather than a scalar (16).
  virtual bool is_list(const std::string& key) const = 0;

  /// The value of `key` as an integer (16).
  virtual int64_t integer(const std::string& key) const = 0;
  /// The value of `key` as a number (0.1).
  virtual double number(const std::string& key) const = 0;
  /// The value of `key` as a boolean (true).
  virtual bool flag(const std::string& key) const = 0;
  /// The value of `key` as text ("same").
  virtual std::string text(const std::string& key) const = 0;
  /// The value of `key` as a list of integers ([16, 16]); a scalar is a list of one.
  virtual std::vector<int64_t> integers(const std::string& key) const = 0;
  /// The value of `key` as a list of numbers; a scalar is a list of one.
  virtual std::vector<double> numbers(const std::string& key) const = 0;

  /// Reports a value the builder rejects: "<file>:<line>: model.embedder.KEY: MESSAGE".
  [[noreturn]] virtual void fail(const std::string& key, const std::string& message) const = 0;

  /// integer(key), failing unless it is > 0.
  int64_t positive_integer(const std::string& key) const;
};

}  // namespace sigvit
