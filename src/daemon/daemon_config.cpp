// Loading and validating the daemon config; see daemon_config.h.
// Tests: tests/daemon/daemon_config_test.cpp.
#include "daemon/daemon_config.h"

#include <cstdlib>
#include <toml++/toml.h>

#include "config/toml_reader.h"

namespace sluice {
namespace {

void Number(const std::string& path, const toml::table& t, std::string_view key, double* out, double lo,
            double hi) {
  const toml::node* n = t.get(key);
  if (!n) return;
  double v = 0;
  if (n->is_integer()) v = static_cast<double>(**n->as_integer());
  else if (n->is_floating_point()) v = **n->as_floating_point();
  else throw ConfigError(Where(path, *n) + std::string(key) + " must be a number of seconds");
  if (v < lo || v > hi) {
    throw ConfigError(Where(path, *n) + std::string(key) + " must be from " + std::to_string(lo) + " to " +
                      std::to_string(hi));
  }
  *out = v;
}

template <class Check>
void CheckEach(const std::string& path, const toml::table& t, std::string_view key, Check check) {
  const toml::node* n = t.get(key);
  if (!n || !n->is_array()) return;
  for (const toml::node& e : *n->as_array()) {
    std::string error;
    if (e.is_string() && !check(std::string(**e.as_string()), &error)) {
      throw ConfigError(Where(path, e) + std::string(key) + ": " + error);
    }
  }
}

}  // namespace

bool ParseHostPort(const std::string& text, std::string* host, int* port, std::string* error) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    *error = "'" + text + "' is not HOST:PORT";
    return false;
  }
  *host = text.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  char* end = nullptr;
  long p = std::strtol(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || p < 0 || p > 65535) {
    *error = "'" + text + "': bad port";
    return false;
  }
  *port = static_cast<int>(p);
  return true;
}

bool ParseListenAddress(const std::string& text, ListenAddress* out, std::string* error) {
  out->text = text;
  if (text.rfind("tcp://", 0) == 0) {
    out->kind = ListenAddress::Kind::kTcp;
    return ParseHostPort(text.substr(6), &out->host, &out->port, error);
  }
  if (text.rfind("unix:", 0) == 0 && text.size() > 5) {
    out->kind = ListenAddress::Kind::kUnix;
    out->path = text.substr(5);
    if (out->path.size() >= 108) {
      *error = "'" + text + "': unix socket path too long";
      return false;
    }
    return true;
  }
  *error = "'" + text + "' must be tcp://HOST:PORT or unix:PATH";
  return false;
}

void DaemonConfig::Validate() const {
  if (tail.empty() && listen.empty() && !stdin_source && !journal) {
    throw ConfigError("no source: give [sources] tail, listen, stdin or [journal] (or --tail/--listen)");
  }
  if (sink == "file" && output_dir.empty()) throw ConfigError("no output directory ([output] dir or --output-dir)");
  if (state_dir.empty()) throw ConfigError("no state directory ([state] dir or --state-dir)");
  for (const std::string& l : listen) {
    ListenAddress a;
    std::string error;
    if (!ParseListenAddress(l, &a, &error)) throw ConfigError("--listen: " + error);
  }
  if (!http.empty()) {
    std::string host, error;
    int port = 0;
    if (!ParseHostPort(http, &host, &port, &error)) throw ConfigError("--http: " + error);
  }
  if (max_line_bytes == 0 || chunk_bytes < 4096) {
    throw ConfigError("max_line_bytes must be > 0 and chunk_bytes at least 4K");
  }
  if (pattern.find('/') != std::string::npos) throw ConfigError("[output] pattern must be a file name, not a path");
  // Files named .zst that zstd cannot read, or zstd frames under another name,
  // mislead whoever reads them next.
  const bool zst_name = pattern.size() >= 4 && pattern.compare(pattern.size() - 4, 4, ".zst") == 0;
  if (!pattern.empty() && zst_name != compress) {
    throw ConfigError(compress ? "[output] pattern '" + pattern + "' lacks .zst but compress = \"zstd\""
                               : "[output] pattern '" + pattern + "' ends in .zst but compress = \"none\"");
  }
}

std::string DaemonConfig::FilePattern() const {
  if (!pattern.empty()) return pattern;
  return compress ? "sluice-%Y%m%dT%H%M%S-{seq}.ndjson.zst" : "sluice-%Y%m%dT%H%M%S-{seq}.ndjson";
}

bool LooksLikeDaemonConfig(const std::string& path) {
  try {
    toml::table root = toml::parse_file(path);
    return root.contains("sources") || root.contains("state") || root.contains("tail") || root.contains("http");
  } catch (const toml::parse_error&) {
    return false;
  }
}

void LoadDaemonConfig(const std::string& path, DaemonConfig* c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    if (e.source().begin.line == 0) throw ConfigError(path + ": cannot read: " + std::string(e.description()));
    throw ConfigError(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  CheckKeys(path, root, "top level",
            {"sources", "journal", "tail", "output", "state", "http", "run", "redact", "input"});
  for (const auto& [key, node] : root) {
    if (!node.is_table()) {
      throw ConfigError(Where(path, node) + "'" + std::string(key.str()) + "' must be a table ([" +
                        std::string(key.str()) + "])");
    }
  }
  if (const toml::table* t = root["sources"].as_table()) {
    CheckKeys(path, *t, "sources", {"tail", "listen", "stdin", "read_from"});
    TomlReader r(path, *t);
    r.Strings("tail", &c->tail);
    r.Strings("listen", &c->listen);
    CheckEach(path, *t, "listen", [](const std::string& s, std::string* error) {
      ListenAddress a;
      return ParseListenAddress(s, &a, error);
    });
    r.Bool("stdin", &c->stdin_source);
    bool from_end = c->read_from_end;
    r.Enum<bool>("read_from", &from_end, {{"beginning", false}, {"end", true}});
    c->read_from_end = from_end;
  }
  if (const toml::table* t = root["journal"].as_table()) {
    CheckKeys(path, *t, "journal", {"enabled", "directory"});
    TomlReader r(path, *t);
    r.Bool("enabled", &c->journal);
    r.String("directory", &c->journal_directory);
  }
  if (const toml::table* t = root["tail"].as_table()) {
    CheckKeys(path, *t, "tail", {"scan_interval", "poll_interval", "rotate_wait"});
    Number(path, *t, "scan_interval", &c->scan_interval, 0.01, 3600);
    Number(path, *t, "poll_interval", &c->poll_interval, 0.001, 60);
    Number(path, *t, "rotate_wait", &c->rotate_wait, 0, 86400);
  }
  if (const toml::table* t = root["output"].as_table()) {
    CheckKeys(path, *t, "output",
              {"sink", "dir", "pattern", "compress", "level", "max_bytes", "max_age", "retain", "dead_letter"});
    TomlReader r(path, *t);
    r.Enum<std::string>("sink", &c->sink, {{"file", "file"}, {"stdout", "stdout"}});
    r.String("dir", &c->output_dir);
    r.String("dead_letter", &c->dead_letter);
    r.String("pattern", &c->pattern);
    if (const toml::node* n = t->get("pattern"); n && c->pattern.find('/') != std::string::npos) {
      throw ConfigError(Where(path, *n) + "pattern must be a file name, not a path");
    }
    r.Enum<bool>("compress", &c->compress, {{"zstd", true}, {"none", false}});
    r.Int("level", &c->level, -7, 22);
    if (const toml::node* n = t->get("max_bytes"); n && n->is_integer() && **n->as_integer() == 0) {
      c->max_file_bytes = 0;
    } else {
      size_t bytes = c->max_file_bytes;
      r.Size("max_bytes", &bytes);
      c->max_file_bytes = bytes;
    }
    Number(path, *t, "max_age", &c->max_file_age, 0, 366.0 * 86400);
    r.Int("retain", &c->retain, 0, 1000000);
  }
  if (const toml::table* t = root["state"].as_table()) {
    CheckKeys(path, *t, "state", {"dir", "commit_interval", "commit_bytes"});
    TomlReader r(path, *t);
    r.String("dir", &c->state_dir);
    Number(path, *t, "commit_interval", &c->commit_interval, 0.001, 3600);
    size_t bytes = c->commit_bytes;
    r.Size("commit_bytes", &bytes);
    c->commit_bytes = bytes;
  }
  if (const toml::table* t = root["http"].as_table()) {
    CheckKeys(path, *t, "http", {"listen"});
    TomlReader r(path, *t);
    r.String("listen", &c->http);
    if (const toml::node* n = t->get("listen"); n && !c->http.empty()) {
      std::string host, error;
      int port = 0;
      if (!ParseHostPort(c->http, &host, &port, &error)) throw ConfigError(Where(path, *n) + "listen: " + error);
    }
  }
  if (const toml::table* t = root["run"].as_table()) {
    CheckKeys(path, *t, "run",
              {"threads", "chunk_bytes", "max_line_bytes", "flush_interval", "chunks_in_flight", "max_connections",
               "log_level"});
    TomlReader r(path, *t);
    r.Int("threads", &c->threads, 0, 256);
    r.Size("chunk_bytes", &c->chunk_bytes);
    r.Size("max_line_bytes", &c->max_line_bytes);
    Number(path, *t, "flush_interval", &c->flush_interval, 0.001, 3600);
    int in_flight = static_cast<int>(c->chunks_in_flight);
    r.Int("chunks_in_flight", &in_flight, 0, 4096);
    c->chunks_in_flight = static_cast<size_t>(in_flight);
    r.Int("max_connections", &c->max_connections, 1, 100000);
    r.Enum<std::string>("log_level", &c->log_level,
                        {{"debug", "debug"}, {"info", "info"}, {"warn", "warn"}, {"error", "error"}});
  }
  if (const toml::table* t = root["redact"].as_table()) {
    CheckKeys(path, *t, "redact", {"rules", "default_rules", "strict", "hash_key_file"});
    TomlReader r(path, *t);
    r.Strings("rules", &c->rules);
    r.Bool("default_rules", &c->default_rules);
    r.Bool("strict", &c->strict);
    r.String("hash_key_file", &c->hash_key_file);
  }
  if (const toml::table* t = root["input"].as_table()) {
    CheckKeys(path, *t, "input", {"format"});
    TomlReader r(path, *t);
    r.Enum<std::string>("format", &c->input_format, {{"auto", "auto"}, {"ndjson", "ndjson"}, {"journal", "journal"}});
  }
}

}  // namespace sluice
