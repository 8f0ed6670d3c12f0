// Redaction end to end, through the built binary: a generated corpus with
// secrets planted every way services leak them (under sensitive keys at any
// depth and in arrays, in free text, in URLs and query strings, JSON-escaped,
// as JSON inside string values, inside journald MESSAGE envelopes, and in
// malformed lines bound for the dead letter) goes through `sluice`, and then:
// - no planted secret appears anywhere in the output or the dead letter, in
//   the raw bytes or after decoding every string (recursively, for JSON held
//   in strings; the dead letter's text with its escapes decoded too);
// - every near miss (Luhn-failing ids, UUIDs, digests, `"tokens_used":12`)
//   survives;
// - every field that carries no secret is byte-identical, keys in order: the
//   output record is walked beside its input record, and a value may differ
//   only when the input value held a planted secret and the output holds a
//   redaction marker in its place.
// The generator (bench/gen/) records the truth this test checks against.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gen/log_generator.h"
#include "testing/run_outputs.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::ReadFile;
using testing::SplitLines;
using testing::ScratchDir;
using testing::WriteFile;

namespace ondemand = simdjson::ondemand;

// Finds which of many patterns occur in a text, in one pass over the text:
// every window of the shortest pattern's length is looked up by hash.
class SubstringIndex {
 public:
  explicit SubstringIndex(const std::vector<std::string>& patterns) : patterns_(patterns) {
    for (const std::string& p : patterns_) window_ = std::min(window_, p.size());
    if (window_ == 0 || patterns_.empty()) return;
    for (size_t i = 0; i < patterns_.size(); ++i) {
      by_window_[std::string_view(patterns_[i]).substr(0, window_)].push_back(i);
    }
  }
  // Adds the ids of the patterns found in `text` to *found.
  void FindIn(std::string_view text, std::set<size_t>* found) const {
    if (window_ == 0 || text.size() < window_) return;
    for (size_t at = 0; at + window_ <= text.size(); ++at) {
      auto it = by_window_.find(text.substr(at, window_));
      if (it == by_window_.end()) continue;
      for (size_t id : it->second) {
        if (text.substr(at, patterns_[id].size()) == patterns_[id]) found->insert(id);
      }
    }
  }
  bool AnyIn(std::string_view text) const {
    std::set<size_t> found;
    FindIn(text, &found);
    return !found.empty();
  }

 private:
  const std::vector<std::string>& patterns_;
  size_t window_ = SIZE_MAX;
  std::unordered_map<std::string_view, std::vector<size_t>> by_window_;
};

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Decodes JSON escapes wherever they appear in raw text that may not be valid
// JSON (a dead letter's text); unknown escapes are kept as they are.
std::string LenientUnescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char c = text[i + 1];
    if (c == 'u' && i + 5 < text.size()) {
      const std::string hex(text.substr(i + 2, 4));
      char* end = nullptr;
      const unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 4) {
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i += 5;
        continue;
      }
    }
    const std::string_view simple = "\"\\/bfnrt";
    const std::string_view decoded = "\"\\/\b\f\n\r\t";
    const size_t k = simple.find(c);
    if (k != std::string_view::npos) {
      out += decoded[k];
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool LooksLikeJsonContainer(std::string_view s) {
  const size_t at = s.find_first_not_of(" \t\r\n");
  return at != std::string_view::npos && (s[at] == '{' || s[at] == '[');
}

// Everything a reader of the output could decode: every key and string,
// recursively through JSON held in strings, and (key, scalar) pairs for the
// short secrets' keys.
class DecodedText {
 public:
  void AddRecord(std::string_view json, int depth = 0) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
      text_ += LenientUnescape(json);
      text_ += '\n';
      return;
    }
    Walk(root, "", depth);
  }
  void AddRaw(std::string_view raw) {
    text_.append(raw);
    text_ += '\n';
  }
  const std::string& text() const { return text_; }
  // Scalars seen under each key (lower case), as strings.
  const std::multimap<std::string, std::string>& members() const { return members_; }

 private:
  void Walk(simdjson::dom::element e, const std::string& key, int depth) {
    switch (e.type()) {
      case simdjson::dom::element_type::OBJECT:
        for (auto [k, v] : simdjson::dom::object(e)) {
          text_.append(k);
          text_ += '\n';
          std::string lower(k);
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          Walk(v, lower, depth);
        }
        break;
      case simdjson::dom::element_type::ARRAY: {
        // An array of byte values is text too (journalctl's form of MESSAGE).
        std::string bytes;
        for (simdjson::dom::element v : simdjson::dom::array(e)) {
          uint64_t byte = 0;
          if (v.get(byte) == simdjson::SUCCESS && byte < 256) bytes.push_back(static_cast<char>(byte));
          Walk(v, key, depth);
        }
        AddRaw(bytes);
        break;
      }
      case simdjson::dom::element_type::STRING: {
        const std::string_view s = std::string_view(e);
        text_.append(s);
        text_ += '\n';
        members_.emplace(key, std::string(s));
        if (depth < 8 && LooksLikeJsonContainer(s)) AddRecord(s, depth + 1);
        break;
      }
      default:
        members_.emplace(key, simdjson::minify(e));
        break;
    }
  }

  std::string text_;
  std::multimap<std::string, std::string> members_;
};

// A run of 13-19 digits (single spaces or dashes between them) that a card
// issuer could have issued: first digit 2-6, Luhn sum. A hex id or a journal
// cursor whose digits happen to form one cannot be told from a card number,
// so masking it is not damage.
bool HoldsCardShapedNumber(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    std::string digits;
    size_t j = i;
    while (j < text.size()) {
      if (text[j] >= '0' && text[j] <= '9') {
        digits += text[j++];
      } else if ((text[j] == ' ' || text[j] == '-') && j + 1 < text.size() && text[j + 1] >= '0' &&
                 text[j + 1] <= '9') {
        ++j;
      } else {
        break;
      }
    }
    for (size_t begin = 0; begin < digits.size(); ++begin) {
      for (size_t len = 13; len <= 19 && begin + len <= digits.size(); ++len) {
        const std::string_view d = std::string_view(digits).substr(begin, len);
        if (d[0] < '2' || d[0] > '6') continue;
        int sum = 0;
        for (size_t k = 0; k < len; ++k) {
          int v = d[len - 1 - k] - '0';
          if (k % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
          sum += v;
        }
        if (sum % 10 == 0) return true;
      }
    }
    i = j;
  }
  return false;
}

bool HasRedactionMarker(std::string_view out_value) {
  return out_value.find("[REDACTED") != std::string_view::npos ||
         out_value.find("[HASH:") != std::string_view::npos ||
         out_value.find("****") != std::string_view::npos;
}

// Walks an output record beside its input record and counts the values that
// differ without a reason: a value may change only when the input held a
// planted secret there and the output holds a redaction marker instead.
class RecordComparer {
 public:
  RecordComparer(const SubstringIndex* secrets, const std::set<std::string>* short_values)
      : secrets_(secrets), short_values_(short_values) {}

  // `skip_trailing_key`: a member the output appends (the kept journal
  // envelope), which must be the output object's last member.
  void Compare(std::string_view in_json, std::string_view out_json, std::string_view skip_trailing_key) {
    simdjson::padded_string in_padded(in_json), out_padded(out_json);
    ondemand::parser in_parser, out_parser;
    ondemand::document in_doc, out_doc;
    if (in_parser.iterate(in_padded).get(in_doc) || out_parser.iterate(out_padded).get(out_doc)) {
      Damage("$", in_json, out_json, "does not parse");
      return;
    }
    ondemand::value in_value, out_value;
    if (in_doc.get_value().get(in_value) || out_doc.get_value().get(out_value)) {
      Damage("$", in_json, out_json, "no root value");
      return;
    }
    CompareValues(in_value, out_value, "$", skip_trailing_key);
  }

  int damaged() const { return damaged_; }
  int redacted() const { return redacted_; }
  int unchanged() const { return unchanged_; }
  // Masked values that held no planted secret but a card-shaped number.
  int card_shaped() const { return card_shaped_; }
  const std::vector<std::string>& examples() const { return examples_; }

 private:
  void Damage(const std::string& path, std::string_view in, std::string_view out, std::string_view why) {
    ++damaged_;
    if (examples_.size() < 8) {
      examples_.push_back(path + " (" + std::string(why) + "): in " + std::string(in.substr(0, 300)) +
                          " | out " + std::string(out.substr(0, 300)));
    }
  }

  static std::string Decode(std::string_view raw_string_token) {
    simdjson::dom::parser parser;
    std::string_view s;
    if (parser.parse(raw_string_token.data(), raw_string_token.size()).get(s)) return {};
    return std::string(s);
  }

  void CompareValues(ondemand::value in, ondemand::value out, const std::string& path,
                     std::string_view skip_trailing_key = {}) {
    ondemand::json_type in_type, out_type;
    if (in.type().get(in_type) || out.type().get(out_type)) {
      Damage(path, "", "", "no type");
      return;
    }
    if (in_type == ondemand::json_type::object && out_type == ondemand::json_type::object) {
      ondemand::object in_object, out_object;
      if (in.get_object().get(in_object) || out.get_object().get(out_object)) {
        Damage(path, "", "", "object does not parse");
        return;
      }
      CompareObjects(in_object, out_object, path, skip_trailing_key);
      return;
    }
    if (in_type == ondemand::json_type::array && out_type == ondemand::json_type::array) {
      ondemand::array in_array, out_array;
      if (in.get_array().get(in_array) || out.get_array().get(out_array)) {
        Damage(path, "", "", "array does not parse");
        return;
      }
      auto in_it = in_array.begin(), out_it = out_array.begin();
      for (size_t i = 0;; ++i) {
        const bool in_end = in_it == in_array.end(), out_end = out_it == out_array.end();
        if (in_end || out_end) {
          if (in_end != out_end) Damage(path, "", "", "array length differs");
          return;
        }
        ondemand::value in_item, out_item;
        if ((*in_it).get(in_item) || (*out_it).get(out_item)) {
          Damage(path, "", "", "array item does not parse");
          return;
        }
        CompareValues(in_item, out_item, path + "[" + std::to_string(i) + "]");
        ++in_it;
        ++out_it;
      }
    }
    if (in_type == ondemand::json_type::array && out_type == ondemand::json_type::string &&
        path == "$.MESSAGE") {
      // A kept envelope's MESSAGE given as byte values is written as its text.
      CompareByteMessage(in, out, path);
      return;
    }
    if (in_type == ondemand::json_type::object || in_type == ondemand::json_type::array) {
      // A container replaced whole (a key rule masks any value): it must hold a secret.
      std::string_view in_raw;
      const std::string_view out_raw = Trim(out.raw_json_token());
      ondemand::object in_object;
      ondemand::array in_array;
      const bool in_error = in_type == ondemand::json_type::object
                                ? in.get_object().get(in_object) || in_object.raw_json().get(in_raw)
                                : in.get_array().get(in_array) || in_array.raw_json().get(in_raw);
      if (in_error) {
        Damage(path, "", "", "no token");
        return;
      }
      JudgeChanged(path, in_raw, LenientUnescape(in_raw), out_raw);
      return;
    }
    const std::string_view in_raw = Trim(in.raw_json_token());
    const std::string_view out_raw = Trim(out.raw_json_token());
    if (in_raw == out_raw) {
      ++unchanged_;
      return;
    }
    if (in_type != ondemand::json_type::string) {
      JudgeChanged(path, std::string(in_raw), std::string(in_raw), out_raw);
      return;
    }
    const std::string in_text = Decode(in_raw);
    const std::string out_text = Decode(out_raw);
    // JSON held in a string: compare the two documents, field by field.
    if (out_type == ondemand::json_type::string && LooksLikeJsonContainer(in_text) &&
        LooksLikeJsonContainer(out_text)) {
      simdjson::dom::parser check;
      simdjson::dom::element ignored;
      if (!check.parse(in_text).get(ignored)) {
        const int damaged_before = damaged_, redacted_before = redacted_;
        Compare(in_text, out_text, {});
        if (damaged_ == damaged_before && redacted_ == redacted_before) {
          Damage(path, in_raw, out_raw, "nested JSON re-escaped without a redaction");
        }
        return;
      }
    }
    JudgeChanged(path, in_raw, in_text, out_raw);
  }

  void CompareByteMessage(ondemand::value in, ondemand::value out, const std::string& path) {
    std::string bytes;
    ondemand::array array;
    if (in.get_array().get(array)) {
      Damage(path, "", "", "array does not parse");
      return;
    }
    for (auto item : array) {
      uint64_t byte = 0;
      if (item.get_uint64().get(byte) || byte > 255) {
        Damage(path, "", "", "not a byte array");
        return;
      }
      bytes.push_back(static_cast<char>(byte));
    }
    const std::string_view out_raw = Trim(out.raw_json_token());
    const std::string out_text = Decode(out_raw);
    if (out_text == WithReplacementCharacters(bytes)) {
      ++unchanged_;
    } else {
      JudgeChanged(path, bytes, bytes, out_raw);
    }
  }

  // Invalid UTF-8 sequences as U+FFFD, one per byte.
  static std::string WithReplacementCharacters(std::string_view bytes) {
    std::string out;
    for (size_t i = 0; i < bytes.size();) {
      const auto c = static_cast<unsigned char>(bytes[i]);
      const size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      bool valid = n > 0 && i + n <= bytes.size();
      for (size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
      if (valid) {
        out.append(bytes.substr(i, n));
        i += n;
      } else {
        out.append("\xEF\xBF\xBD");
        ++i;
      }
    }
    return out;
  }

  void CompareObjects(ondemand::object in, ondemand::object out, const std::string& path,
                      std::string_view skip_trailing_key) {
    auto in_it = in.begin(), out_it = out.begin();
    while (true) {
      const bool in_end = in_it == in.end(), out_end = out_it == out.end();
      if (in_end && out_end) return;
      if (in_end) {
        ondemand::field out_field;
        std::string_view out_key;
        if ((*out_it).get(out_field) || out_field.unescaped_key().get(out_key)) {
          Damage(path, "", "", "member does not parse");
          return;
        }
        ++out_it;
        if (out_key == skip_trailing_key && out_it == out.end()) return;
        Damage(path + "." + std::string(out_key), "", "", "member added");
        return;
      }
      if (out_end) {
        Damage(path, "", "", "member removed");
        return;
      }
      ondemand::field in_field, out_field;
      std::string_view in_key_view, out_key_view;
      if ((*in_it).get(in_field) || (*out_it).get(out_field) ||
          in_field.unescaped_key().get(in_key_view) || out_field.unescaped_key().get(out_key_view)) {
        Damage(path, "", "", "member does not parse");
        return;
      }
      const std::string in_key(in_key_view), out_key(out_key_view);
      if (in_key != out_key) {
        Damage(path, in_key, out_key, "keys out of order");
        return;
      }
      CompareValues(in_field.value(), out_field.value(), path + "." + in_key);
      ++in_it;
      ++out_it;
    }
  }

  void JudgeChanged(const std::string& path, std::string_view in_raw, std::string_view in_text,
                    std::string_view out_raw) {
    const bool held_secret = secrets_->AnyIn(in_text) || secrets_->AnyIn(in_raw) ||
                             short_values_->count(std::string(in_text)) ||
                             short_values_->count(std::string(in_raw));
    if (!held_secret && HoldsCardShapedNumber(in_text) && HasRedactionMarker(out_raw)) {
      ++card_shaped_;
    } else if (!held_secret) {
      Damage(path, in_raw, out_raw, "changed, but held no planted secret");
    } else if (!HasRedactionMarker(out_raw)) {
      Damage(path, in_raw, out_raw, "changed without a redaction marker");
    } else {
      ++redacted_;
    }
  }

  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    }
    return s;
  }

  const SubstringIndex* secrets_;
  const std::set<std::string>* short_values_;
  int damaged_ = 0;
  int redacted_ = 0;
  int unchanged_ = 0;
  int card_shaped_ = 0;
  std::vector<std::string> examples_;
};

struct Corpus {
  std::string text;
  gen::GeneratorTruth truth;
};

const Corpus& LeakCorpus() {
  static const Corpus corpus = [] {
    gen::GeneratorOptions options;
    // All six shapes, journal envelopes included. SLUICE_LEAK_SEED and
    // SLUICE_LEAK_MIB explore other corpora by hand.
    const char* seed = std::getenv("SLUICE_LEAK_SEED");
    const char* mib = std::getenv("SLUICE_LEAK_MIB");
    options.bytes = (mib ? std::strtoull(mib, nullptr, 10) : 3) << 20;
    options.seed = seed ? std::strtoull(seed, nullptr, 10) : 20261129;
    options.secret_rate = 0.3;
    options.near_miss_rate = 0.1;
    options.malformed_rate = 0.02;
    options.blank_rate = 0.002;
    Corpus c;
    c.text = gen::GenerateString(options, &c.truth);
    return c;
  }();
  return corpus;
}

// The journal envelope a line is wrapped in, if any: its MESSAGE's text when
// that holds a JSON object (sluice makes that object the record).
bool UnwrappedMessage(std::string_view line, std::string* message_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(line.data(), line.size()).get(root)) return false;
  simdjson::dom::element cursor, message;
  if (root["__CURSOR"].get(cursor) || root["MESSAGE"].get(message)) return false;
  std::string_view text;
  if (message.get(text) || !LooksLikeJsonContainer(text)) return false;
  simdjson::dom::parser inner;
  simdjson::dom::element object;
  if (inner.parse(text.data(), text.size()).get(object) || !object.is_object()) return false;
  *message_json = std::string(text);
  return true;
}

class RedactionLeakTest : public ::testing::TestWithParam<bool> {};

TEST_P(RedactionLeakTest, NoPlantedSecretSurvivesAndUntouchedFieldsStayByteIdentical) {
  const bool keep_envelope = GetParam();
  const Corpus& corpus = LeakCorpus();
  const gen::GeneratorTruth& truth = corpus.truth;
  ASSERT_GT(truth.secrets_total, 1900u);
  ASSERT_EQ(truth.secrets.size(), truth.secrets_total) << "the truth lists every secret";
  ASSERT_GT(truth.malformed, 50u);
  ASSERT_LT(truth.malformed, gen::GeneratorTruth::kMaxMalformedLines);
  ASSERT_GT(truth.records_by_shape[static_cast<int>(gen::Shape::kJournal)], 500u);

  ScratchDir dir;
  WriteFile(dir.File("in.ndjson"), corpus.text);
  const std::string command = std::string(SLUICE_BINARY) + " -q " + dir.File("in.ndjson") + " -o " +
                              dir.File("out.ndjson") + " --dead-letter " + dir.File("dead.ndjson") +
                              (keep_envelope ? " --keep-envelope" : "") + " 2>" + dir.File("err.txt");
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir.File("err.txt"));
  const std::string out = ReadFile(dir.File("out.ndjson"));
  const std::string dead = ReadFile(dir.File("dead.ndjson"));
  const std::vector<std::string> out_lines = SplitLines(out);
  const std::vector<std::string> dead_lines = SplitLines(dead);
  ASSERT_EQ(out_lines.size(), truth.records);
  ASSERT_EQ(dead_lines.size(), truth.malformed);

  // Everything a reader of the output or the dead letter could see.
  DecodedText decoded;
  decoded.AddRaw(out);
  decoded.AddRaw(dead);
  for (const std::string& line : out_lines) decoded.AddRecord(line);
  for (const std::string& line : dead_lines) {
    simdjson::dom::parser parser;
    std::string_view text;
    ASSERT_EQ(parser.parse(line.data(), line.size())["text"].get(text), simdjson::SUCCESS) << line;
    const std::string once = LenientUnescape(text);
    decoded.AddRaw(text);
    decoded.AddRaw(once);
    decoded.AddRaw(LenientUnescape(once));
  }

  // 1. No planted secret, anywhere.
  const SubstringIndex secrets(truth.secrets);
  std::set<size_t> leaked;
  secrets.FindIn(decoded.text(), &leaked);
  for (size_t id : leaked) {
    ADD_FAILURE() << "leaked: " << truth.secrets[id];
    if (id > 20) break;
  }
  EXPECT_EQ(leaked.size(), 0u) << "of " << truth.secrets.size() << " planted secrets";

  // Short secrets (a cvv's three digits) are secrets only under their key.
  std::set<std::string> short_values;
  size_t short_leaks = 0;
  for (const auto& [key, value] : truth.short_secrets) {
    short_values.insert(value);
    auto [begin, end] = decoded.members().equal_range(key);
    for (auto it = begin; it != end; ++it) {
      if (it->second == value) ++short_leaks;
    }
    for (const std::string& form : {"\"" + key + "\":\"" + value + "\"", "\"" + key + "\":" + value,
                                    key + "=" + value}) {
      if (dead.find(form) != std::string::npos) ++short_leaks;
    }
  }
  EXPECT_GT(truth.short_secrets.size(), 0u);
  EXPECT_EQ(short_leaks, 0u);

  // 2. Every near miss survives.
  const SubstringIndex survivors(truth.survivors);
  std::set<size_t> survived;
  survivors.FindIn(decoded.text(), &survived);
  EXPECT_GT(truth.survivors.size(), 100u);
  for (size_t id = 0; id < truth.survivors.size(); ++id) {
    if (!survived.count(id)) ADD_FAILURE() << "near miss damaged: " << truth.survivors[id];
  }

  // 3. Untouched fields byte-identical, keys in order.
  RecordComparer comparer(&secrets, &short_values);
  std::set<uint64_t> malformed(truth.malformed_lines.begin(), truth.malformed_lines.end());
  size_t out_at = 0, compared = 0, journal_unwrapped = 0;
  const std::vector<std::string> in_lines = SplitLines(corpus.text);
  for (size_t i = 0; i < in_lines.size(); ++i) {
    if (IsBlank(in_lines[i]) || malformed.count(i + 1)) continue;
    ASSERT_LT(out_at, out_lines.size());
    const std::string_view out_line = out_lines[out_at++];
    std::string message;
    if (!keep_envelope && in_lines[i].find("\"__CURSOR\"") != std::string_view::npos) {
      // The record is the app object held in MESSAGE; other MESSAGE forms
      // (plain text, bytes, null) are checked for leaks above only.
      if (!UnwrappedMessage(in_lines[i], &message)) continue;
      comparer.Compare(message, out_line, "journal");
      ++journal_unwrapped;
    } else {
      comparer.Compare(in_lines[i], out_line, {});
    }
    ++compared;
  }
  EXPECT_EQ(out_at, out_lines.size());
  for (const std::string& example : comparer.examples()) ADD_FAILURE() << example;
  EXPECT_EQ(comparer.damaged(), 0);
  EXPECT_GT(compared, truth.records * 9 / 10);
  if (!keep_envelope) {
    EXPECT_GT(journal_unwrapped, 400u);
  }
  // Most planted secrets sit in values the comparison sees change.
  EXPECT_GT(comparer.redacted(), static_cast<int>(truth.secrets_total / 2));
  EXPECT_GT(comparer.unchanged(), comparer.redacted() * 10);
  // Card-shaped ids are rare (about 1 in 10,000 random 16-hex ids).
  EXPECT_LT(comparer.card_shaped(), 10);
  std::printf("%zu planted secrets, %zu short ones, %zu near misses; %zu records compared: %d values "
              "redacted, %d untouched, %d card-shaped ids masked\n",
              truth.secrets.size(), truth.short_secrets.size(), truth.survivors.size(), compared,
              comparer.redacted(), comparer.unchanged(), comparer.card_shaped());
}

INSTANTIATE_TEST_SUITE_P(JournalEnvelopes, RedactionLeakTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "KeptEnvelope" : "Unwrapped";
                         });

// Forms an adversarial review of the CLI found leaking, each run through the
// binary on its own: the secret must not appear in the output or the dead
// letter, raw or decoded, and every line must come out (as a record or a
// dead-letter entry).
// The other side, from a review for collateral damage: ordinary lines that
// the leak fixes must leave byte for byte as they were.
TEST(RedactionLeakFormsTest, OrdinaryLinesStayByteIdentical) {
  const std::vector<std::string> lines = {
      R"({"m":"ids 77092 49650 10146 74913 72225"})",
      R"({"id":662474321067076319})",
      R"({"m":"{\"event\":\"login\",\"user\":\"bob\"} processed in 3ms"})",
      R"({"m":"[\"missing\"] key not found"})",
      R"({"m":"if user.password == password:\nAttributeError: x"})",
      R"({"m":"token:\n  ttl: 30"})",
      R"({"m":"lesson=3 process_n=4 classSN=2 tokens=12"})",
      R"({"m":"ありがとうございます@tanaka.jp"})",
      R"({"m":"{user} logged in at {time}"})",
      R"({"user":{"name":"alice","value":3},"attrs":[{"key":"token_type","value":"Bearer"}]})",
      R"({"m":"dial 10.0.0.1:8080: v1: ok","oauth2":"on","sha256":"ab12","password_reset_at":"2024-01-01"})",
      R"({"flags":[{"key":"new_checkout","value":true}],"labels":[["app","api"],["tier","web"]]})",
      R"({"Env":["PATH=/usr/bin:/bin","LANG=C.UTF-8"],"m":"name=alice value=3"})",
      // "code" is a query parameter's name only.
      R"({"code":"E_TIMEOUT","error":{"code":503},"m":"exit code=3","attrs":[{"name":"code","value":"x"}]})",
      // Datadog's decimal trace and span ids (this span id passes a card's checks).
      R"({"dd.trace_id":"1844679518563690323","dd.span_id":"5804755971877604743","m":"x"})",
      // Literals under sensitive keys, ARNs, idempotency and pagination tokens.
      R"({"spec":{"automountServiceAccountToken":true},"manageMasterUserPassword":false,"token":null})",
      R"({"secretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf","m":"sa system:serviceaccount:ns:token-reader"})",
      R"({"ClientRequestToken":"c1","NextContinuationToken":"1ueGc","resumeToken":{"_data":"8263"},"existingSecret":"web-tls"})",
      R"({"paginationToken":"p1","client-key":"/etc/kube/client.key","parentId":"5804755971877604743"})",
      R"({"argv":["psql","--no-password","mydb","vault","read","-field=password","secret/app"]})",
  };
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  ScratchDir dir;
  WriteFile(dir.File("in.ndjson"), text);
  const std::string command = std::string(SLUICE_BINARY) + " -q " + dir.File("in.ndjson") + " -o " +
                              dir.File("out.ndjson") + " 2>" + dir.File("err.txt");
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir.File("err.txt"));
  EXPECT_EQ(ReadFile(dir.File("out.ndjson")), text);
}

TEST(RedactionLeakFormsTest, ReviewedFormsLeakNothing) {
  struct Form {
    std::string line;
    std::string flags;
    std::vector<std::string> secrets;
  };
  const std::vector<Form> forms = {
      // A sensitive key's array or object in free text and in a broken line.
      {R"({"msg":"body: {\"user\":\"bob\",\"password\":[\"Hunter2Val\"]}"})", "", {"Hunter2Val"}},
      {R"({"msg":"payload={\"session\":{\"id\":\"Hunter2Val\"}}"})", "", {"Hunter2Val"}},
      {R"({"user":"bob","password":["Hunter2Val"])", "", {"Hunter2Val"}},
      {R"({"set-cookie":["a=1","sid=Hunter2Val"] trailing)", "", {"Hunter2Val"}},
      // A card with more digits after it.
      {R"({"msg":"charged 4111 1111 1111 1111 12/25"})", "", {"4111 1111 1111"}},
      {R"({"msg":"Card: 5500-0000-0000-0004-1"})", "", {"5500-0000-0000"}},
      // An address as a URL's user.
      {R"({"msg":"git https://bob@corp.com:Hunter2Val@git.corp.com/r"})", "", {"Hunter2Val"}},
      // Keys ending in a digit, Go's :=, other auth schemes.
      {R"({"msg":"cvv2=987 ok"})", "", {"987"}},
      {R"({"msg":"password := Hunter2Val"})", "", {"Hunter2Val"}},
      {R"({"msg":"Authorization: Digest Hunter2Val"})", "", {"Hunter2Val"}},
      // Partial mode shows a card's last digits, never a CVV after them.
      {R"({"card_number":"4111111111111111|12/27|321"})", "", {"|321", "4111111111111111"}},
      {R"({"card_number":{"number":"4111111111111111","cvv":"987"}})", "", {"987", "4111111111111111"}},
      // UTF-8 addresses, and an address after a URL and a comma.
      {R"({"msg":"invite andré@example.fr, info@bücher.de"})", "", {"andré@", "info@b"}},
      {R"({"msg":"sites=http://shop.example,alice@example.com"})", "", {"alice@"}},
      // A card as a JSON number; a form field's name in brackets; a token
      // after a no-break space; JSON-looking text that is not JSON.
      {R"({"pan":4111111111111111})", "", {"4111111111111111", "411111111111"}},
      {R"({"msg":"POST user[password]=Hunter2Val&x=1"})", "", {"Hunter2Val"}},
      {R"({"msg":"Authorization: Bearer\u00a0abcDEF123456.xyz-_~+/="})", "", {"abcDEF123456"}},
      {R"({"msg":"{Name:bob Password:Hunter2Val}"})", "", {"Hunter2Val"}},
      // JSON arrays in strings, JSON cut short in a string, escapes in escapes.
      {R"({"body":"[{\"dsn\":\"postgres:\\/\\/app:hunter2pw@db:5432\\/main\"}]"})", "", {"hunter2pw"}},
      {R"({"req":"{\"user\":\"bob\",\"pass\u0077ord\":\"hunter2\",\"ts\":1"})", "", {"hunter2"}},
      {R"({"m":"resp={\"url\":\"/cb?a=1\\u0026sig=Hunter2Val\"} done"})", "", {"Hunter2Val"}},
      {R"({"card_number":"378282246310005 4321"})", "", {"4321"}},
      // Maps logged as name/value pairs (Kubernetes env, OpenTelemetry
      // attributes, AWS tags with the value first) and numbered keys.
      {R"({"spec":{"containers":[{"env":[{"name":"DB_PASSWORD","value":"Hunter2Val"}]}]}})", "", {"Hunter2Val"}},
      {R"({"attributes":[{"key":"http.request.header.authorization","value":{"stringValue":"Hunter2Val"}}]})",
       "", {"Hunter2Val"}},
      {R"({"Tags":[{"Value":"Hunter2Val","Key":"api_key"}]})", "", {"Hunter2Val"}},
      {R"({"password1":"Hunter2Val","user":{"password_confirmation":"Hunter3Val"}})", "", {"Hunter2Val", "Hunter3Val"}},
      {R"({"msg":"retry with password1=Hunter2Val"})", "", {"Hunter2Val"}},
      // Pairs in the dead letter (an array line, a broken line), in text,
      // in other spellings: HAR form fields, Jaeger tags, Sentry tuples,
      // Docker's Env, Go's and YAML's printed forms; duplicate values.
      {R"([{"name":"DB_PASSWORD","value":"Hunter2Val"},{"name":"LOG_LEVEL","value":"info"}])", "", {"Hunter2Val"}},
      {R"({"env":[{"name":"DB_PASSWORD","value":"Hunter2Val"}])", "", {"Hunter2Val"}},
      {R"({"msg":"request body: [{\"name\":\"DB_PASSWORD\",\"value\":\"Hunter2Val\"}]"})", "", {"Hunter2Val"}},
      {R"({"request":{"postData":{"params":[{"name":"user[password]","value":"Hunter2Val"}]}}})", "", {"Hunter2Val"}},
      {R"({"tags":[{"key":"db.password","vType":"STRING","vStr":"Hunter2Val"}]})", "", {"Hunter2Val"}},
      {R"({"request":{"headers":[["X-Api-Key","Hunter2Val"],["Accept","*/*"]]}})", "", {"Hunter2Val"}},
      {R"({"Config":{"Env":["DB_PASSWORD=Hunter2Val&3 horse"]}})", "", {"Hunter2Val", "3 horse"}},
      {R"({"msg":"&EnvVar{Name:DB_PASSWORD,Value:Hunter2Val,ValueFrom:nil,}"})", "", {"Hunter2Val"}},
      {R"({"body":"- name: DB_PASSWORD\n  value: Hunter2Val\n"})", "", {"Hunter2Val"}},
      {R"({"body":"db:\n  password: |\n    Hunter2Val\n    Hunter3Val\n  user: bob\n"})", "", {"Hunter2Val", "Hunter3Val"}},
      {R"({"value":"Hunter2Val","value":"Hunter3Val","Name":"DB_PASSWORD"})", "", {"Hunter2Val", "Hunter3Val"}},
      // Argument lists, XML in a message and in the dead letter, Azure
      // connection strings, AI provider keys.
      {R"({"args":["/usr/bin/app","--db-password","Hunter2Val","--api-key","Hunter3Val","-v"]})", "",
       {"Hunter2Val", "Hunter3Val"}},
      {R"({"msg":"SOAP <soap:Body><ns2:Password>Hunter2Val</ns2:Password></soap:Body>"})", "", {"Hunter2Val"}},
      {R"(<request><token>Hunter2Val</token></request>)", "", {"Hunter2Val"}},
      {R"({"msg":"AccountName=acct;AccountKey=Hunter2Val==;EndpointSuffix=core.windows.net"})", "", {"Hunter2Val"}},
      {R"({"msg":"401 for key sk-proj-Hunter2ValHunter2ValHunter2Val"})", "", {"Hunter2Val"}},
      // Kubernetes Secrets, in an audit event and as kubectl prints them.
      {R"({"kind":"Event","requestObject":{"kind":"Secret","data":{"credentials.json":"Hunter2Val"},"type":"Opaque"}})", "",
       {"Hunter2Val"}},
      {R"({"apiVersion":"v1","data":{"tls.key":"Hunter2Val"},"kind":"Secret","type":"kubernetes.io/tls"})", "", {"Hunter2Val"}},
      // URL-encoded pairs.
      {R"({"msg":"redirect=%2Flogin%3Fpassword%3DHunter2Val%26user%3Dbob","b":"{%22token%22:%22Hunter3Val%22}"})", "",
       {"Hunter2Val", "Hunter3Val"}},
      // Qualified keys, more header and config names.
      {R"({"a":{"DB_PASSWORD_BASE64":"Hunter2Val","secretValue":"Hunter3Val","x-auth-key":"Hunter4Val","requirepass":"Hunter5Val"}})",
       "", {"Hunter2Val", "Hunter3Val", "Hunter4Val", "Hunter5Val"}},
      // OAuth codes and Azure Functions keys in query strings.
      {R"({"request":"GET /oauth/callback?code=Hunter2Val&state=xyz HTTP/1.1","u":"/api/h?a=1&code=Hunter3Val"})", "",
       {"Hunter2Val", "Hunter3Val"}},
      // A Cookie header in text: every cookie, not only the first.
      {R"({"msg":"Cookie: _ga=GA1.2.1; _myapp_session=Hunter2Val; theme=dark"})", "", {"Hunter2Val"}},
      // OAuth and Azure Functions keys, kubeconfig and GCP keys; a URL whose
      // user names a token.
      {R"({"code_verifier":"Hunter2Val","x-functions-key":"Hunter3Val","privateKeyData":"Hunter4Val"})", "",
       {"Hunter2Val", "Hunter3Val", "Hunter4Val"}},
      {R"({"users":[{"user":{"client-key-data":"Hunter2Val"}}]})", "", {"Hunter2Val"}},
      {R"({"m":"clone https://x-access-token:Hunter2Val@github.com/org/r.git into /w"})", "", {"Hunter2Val"}},
      // Lines cut short with the cut inside a secret: past the 64 KiB the
      // dead letter keeps of a line, and past --max-line-bytes a chunk holds.
      {"ERROR " + std::string(65519, 'y') + " AKIAIOSFODNN7EXAMPLE " + std::string(3000, 'z'),
       "--max-line-bytes 80K", {"AKIAIOSFOD"}},
      {"{\"msg\":\"" + std::string(65513, 'y') + " 4111 1111 1111 1111 ok\"}", "--max-line-bytes 80K",
       {"4111 1111 1111"}},
      {"ERROR " + std::string(8180, 'y') + " AKIAIOSFODNN7EXAMPLE " + std::string(3000, 'z'),
       "--chunk-bytes 4K --max-line-bytes 8K", {"AKIAI"}},
  };
  for (const Form& form : forms) {
    SCOPED_TRACE(form.line.substr(0, 200) + " " + form.flags);
    ScratchDir dir;
    WriteFile(dir.File("in.ndjson"), form.line + "\n");
    const std::string command = std::string(SLUICE_BINARY) + " -q " + form.flags + " " +
                                dir.File("in.ndjson") + " -o " + dir.File("out.ndjson") +
                                " --dead-letter " + dir.File("dead.ndjson") + " 2>" + dir.File("err.txt");
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir.File("err.txt"));
    const std::string out = ReadFile(dir.File("out.ndjson"));
    const std::string dead = ReadFile(dir.File("dead.ndjson"));
    EXPECT_EQ(SplitLines(out).size() + SplitLines(dead).size(), 1u);
    DecodedText decoded;
    decoded.AddRaw(out);
    decoded.AddRaw(dead);
    decoded.AddRaw(LenientUnescape(LenientUnescape(out)));
    decoded.AddRaw(LenientUnescape(LenientUnescape(dead)));
    for (const std::string& line : SplitLines(out)) decoded.AddRecord(line);
    for (const std::string& secret : form.secrets) {
      EXPECT_EQ(decoded.text().find(secret), std::string::npos) << secret << " in\n" << out << dead;
    }
  }
}

}  // namespace
}  // namespace sluice
