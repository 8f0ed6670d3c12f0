#include "config/batch_config.h"

#include <glob.h>

#include <initializer_list>
#include <string_view>
#include <toml++/toml.h>

namespace sluice {
namespace {

std::string Where(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line) + ": ";
}

void CheckKeys(const std::string& path, const toml::table& table, std::string_view table_name,
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

class Reader {
 public:
  Reader(const std::string& path, const toml::table& table) : path_(path), table_(table) {}

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

// Input paths in a config may be globs; the shell does not expand them there.
std::vector<std::string> ExpandGlobs(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const std::string& p : patterns) {
    if (p == "-" || p.find_first_of("*?[") == std::string::npos) {
      out.push_back(p);
      continue;
    }
    glob_t g{};
    if (::glob(p.c_str(), 0, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
    }
    globfree(&g);
  }
  return out;
}

}  // namespace

void LoadBatchConfig(const std::string& path, BatchOptions* o) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    if (e.source().begin.line == 0) throw ConfigError(path + ": cannot read: " + std::string(e.description()));
    throw ConfigError(path + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  CheckKeys(path, root, "top level", {"input", "output", "run", "redact", "journal"});
  for (const auto& [key, node] : root) {
    if (!node.is_table()) {
      throw ConfigError(Where(path, node) + "'" + std::string(key.str()) + "' must be a table ([" +
                        std::string(key.str()) + "])");
    }
  }
  if (const toml::table* t = root["input"].as_table()) {
    CheckKeys(path, *t, "input", {"paths", "format", "max_line_bytes", "flush_interval"});
    Reader r(path, *t);
    std::vector<std::string> paths;
    r.Strings("paths", &paths);
    if (!paths.empty()) o->inputs = ExpandGlobs(paths);
    r.Enum<InputFormatFlag>("format", &o->input_format,
                            {{"auto", InputFormatFlag::kAuto},
                             {"ndjson", InputFormatFlag::kNdjson},
                             {"journal", InputFormatFlag::kJournal}});
    r.Size("max_line_bytes", &o->max_line_bytes);
    r.Seconds("flush_interval", &o->flush_interval);
  }
  if (const toml::table* t = root["journal"].as_table()) {
    CheckKeys(path, *t, "journal", {"keep_envelope", "envelope_fields", "envelope_key"});
    Reader r(path, *t);
    r.Bool("keep_envelope", &o->keep_envelope);
    std::vector<std::string> fields;
    if (t->get("envelope_fields")) {
      r.Strings("envelope_fields", &fields);
      o->envelope_fields.clear();
      for (const std::string& f : fields) o->envelope_fields += (o->envelope_fields.empty() ? "" : ",") + f;
    }
    r.String("envelope_key", &o->envelope_key);
  }
  if (const toml::table* t = root["output"].as_table()) {
    CheckKeys(path, *t, "output", {"path", "compress", "level", "dead_letter", "metrics"});
    Reader r(path, *t);
    r.String("path", &o->output);
    r.Enum<Compression>("compress", &o->compression,
                        {{"auto", Compression::kAuto}, {"none", Compression::kNone}, {"zstd", Compression::kZstd}});
    r.Int("level", &o->level, -7, 22);
    r.String("dead_letter", &o->dead_letter);
    r.Strings("metrics", &o->metrics);
  }
  if (const toml::table* t = root["run"].as_table()) {
    CheckKeys(path, *t, "run", {"threads", "chunk_bytes", "summary", "progress"});
    Reader r(path, *t);
    r.Int("threads", &o->threads, 0, 256);
    r.Size("chunk_bytes", &o->chunk_bytes);
    r.Bool("summary", &o->summary);
    bool progress = !o->no_progress;
    r.Bool("progress", &progress);
    o->no_progress = !progress;
  }
  if (const toml::table* t = root["redact"].as_table()) {
    CheckKeys(path, *t, "redact", {"rules", "default_rules", "strict", "hash_key_file"});
    Reader r(path, *t);
    r.Strings("rules", &o->rules);
    bool default_rules = !o->no_default_rules;
    r.Bool("default_rules", &default_rules);
    o->no_default_rules = !default_rules;
    r.Bool("strict", &o->strict);
    r.String("hash_key_file", &o->hash_key_file);
  }
}

}  // namespace sluice
