// TomlReader: typed reads of one TOML table with "FILE:LINE: reason" errors,
// shared by the batch config (batch_config.cpp) and the daemon config
// (daemon_config.cpp), so both name a bad key or value the same way.
// Throws ConfigError. Tests: tests/config/ and tests/daemon/daemon_config_test.cpp.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config_error.h"

namespace sluice {

inline std::string Where(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line) + ": ";
}

inline void CheckKeys(const std::string& path, const toml::table& table, std::string_view table_name,
               std::initializer_list<std::string_view> known) {
  for (const auto& [key, node] : table) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == key.str();
    if (!ok) {
      throw ConfigError(Where(path, node) + "unknown key '" + std::string(key.str()) + "' in [" +
                        std::string(table_name) + "]");
    }
  }
}

class TomlReader {
 public:
  TomlReader(const std::string& path, const toml::table& table) : path_(path), table_(table) {}

  void String(std::string_view key, std::string* out) const {
    if (const toml::node* n = table_.get(key)) {
      if (!n->is_string()) throw ConfigError(Where(path_, *n) + std::string(key) + " must be a string");
      *out = **n->as_string();
    }
  }
  void Bool(std::string_view key, bool* out) const {
    if (const toml::node* n = table_.get(key)) {
      if (!n->is_boolean()) throw ConfigError(Where(path_, *n) + std::string(key) + " must be true or false");
      *out = **n->as_boolean();
    }
  }
  void Int(std::string_view key, int* out, int lo, int hi) const {
    if (const toml::node* n = table_.get(key)) {
      if (!n->is_integer()) throw ConfigError(Where(path_, *n) + std::string(key) + " must be an integer");
      int64_t v = **n->as_integer();
      if (v < lo || v > hi) {
        throw ConfigError(Where(path_, *n) + std::string(key) + " must be from " + std::to_string(lo) +
                          " to " + std::to_string(hi));
      }
      *out = static_cast<int>(v);
    }
  }
  void Seconds(std::string_view key, double* out) const {
    if (const toml::node* n = table_.get(key)) {
      double v = 0;
      if (n->is_integer()) v = static_cast<double>(**n->as_integer());
      else if (n->is_floating_point()) v = **n->as_floating_point();
      else throw ConfigError(Where(path_, *n) + std::string(key) + " must be a number of seconds");
      if (v <= 0) throw ConfigError(Where(path_, *n) + std::string(key) + " must be positive");
      *out = v;
    }
  }
  // An integer, or a string with a K/M/G suffix.
  void Size(std::string_view key, size_t* out) const {
    const toml::node* n = table_.get(key);
    if (!n) return;
    if (n->is_integer() && **n->as_integer() > 0) {
      *out = static_cast<size_t>(**n->as_integer());
      return;
    }
    if (n->is_string()) {
      std::string s = **n->as_string();
      size_t mult = 1;
      if (!s.empty()) {
        char c = static_cast<char>(s.back() | 0x20);
        if (c == 'k') mult = size_t{1} << 10;
        if (c == 'm') mult = size_t{1} << 20;
        if (c == 'g') mult = size_t{1} << 30;
        if (mult != 1) s.pop_back();
      }
      char* end = nullptr;
      unsigned long long v = std::strtoull(s.c_str(), &end, 10);
      if (!s.empty() && *end == '\0' && v > 0) {
        *out = static_cast<size_t>(v) * mult;
        return;
      }
    }
    throw ConfigError(Where(path_, *n) + std::string(key) + " must be a size such as 1048576 or \"1M\"");
  }
  void Strings(std::string_view key, std::vector<std::string>* out) const {
    const toml::node* n = table_.get(key);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (!a) throw ConfigError(Where(path_, *n) + std::string(key) + " must be an array of strings");
    out->clear();
    for (const toml::node& e : *a) {
      if (!e.is_string()) throw ConfigError(Where(path_, e) + std::string(key) + " must hold strings");
      out->push_back(**e.as_string());
    }
  }
  template <class E>
  void Enum(std::string_view key, E* out, std::initializer_list<std::pair<std::string_view, E>> values) const {
    const toml::node* n = table_.get(key);
    if (!n) return;
    std::string names;
    if (n->is_string()) {
      for (const auto& [name, value] : values) {
        if (name == **n->as_string()) {
          *out = value;
          return;
        }
      }
    }
    for (const auto& [name, value] : values) names += (names.empty() ? "" : ", ") + std::string(name);
    throw ConfigError(Where(path_, *n) + std::string(key) + " must be one of: " + names);
  }

 private:
  const std::string& path_;
  const toml::table& table_;
};

}  // namespace sluice
