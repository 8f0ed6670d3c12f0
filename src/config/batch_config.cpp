#include "config/batch_config.h"

#include <glob.h>

#include <initializer_list>
#include <string_view>
#include <toml++/toml.h>

#include "config/toml_reader.h"

namespace sluice {
namespace {

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
    TomlReader r(path, *t);
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
    TomlReader r(path, *t);
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
    TomlReader r(path, *t);
    r.String("path", &o->output);
    r.Enum<Compression>("compress", &o->compression,
                        {{"auto", Compression::kAuto}, {"none", Compression::kNone}, {"zstd", Compression::kZstd}});
    r.Int("level", &o->level, -7, 22);
    r.String("dead_letter", &o->dead_letter);
    r.Strings("metrics", &o->metrics);
  }
  if (const toml::table* t = root["run"].as_table()) {
    CheckKeys(path, *t, "run", {"threads", "chunk_bytes", "summary", "progress"});
    TomlReader r(path, *t);
    r.Int("threads", &o->threads, 0, 256);
    r.Size("chunk_bytes", &o->chunk_bytes);
    r.Bool("summary", &o->summary);
    bool progress = !o->no_progress;
    r.Bool("progress", &progress);
    o->no_progress = !progress;
  }
  if (const toml::table* t = root["redact"].as_table()) {
    CheckKeys(path, *t, "redact", {"rules", "default_rules", "strict", "hash_key_file"});
    TomlReader r(path, *t);
    r.Strings("rules", &o->rules);
    bool default_rules = !o->no_default_rules;
    r.Bool("default_rules", &default_rules);
    o->no_default_rules = !default_rules;
    r.Bool("strict", &o->strict);
    r.String("hash_key_file", &o->hash_key_file);
  }
}

}  // namespace sluice
