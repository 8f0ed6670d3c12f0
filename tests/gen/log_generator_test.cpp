// Tests for the sample generator (bench/gen/log_generator.h) and sluice-gen:
// determinism; every record parses with simdjson as an object and every line
// the truth calls malformed does not (for the cause it names); the truth's
// counts, statuses and latency figures equal an independent recount of the
// text; every planted secret and survivor is in the text; the size is as
// asked; the CLI writes the same bytes as the library.
#include "gen/log_generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::gen {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

GeneratorOptions Options(uint64_t bytes, uint64_t seed) {
  GeneratorOptions options;
  options.bytes = bytes;
  options.seed = seed;
  return options;
}

// Lines without their terminator (\n, or \r\n).
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Decodes one level of JSON string escapes anywhere in the text (what a
// reader sees after parsing); anything else passes through.
std::string Unescape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 == in.size()) {
      out.push_back(in[i]);
      continue;
    }
    const char c = in[++i];
    switch (c) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u':
        if (i + 4 < in.size()) {
          const uint32_t cp = std::stoul(std::string(in.substr(i + 1, 4)), nullptr, 16);
          AppendUtf8(cp, &out);  // no surrogate pairs in generated text
          i += 4;
          break;
        }
        [[fallthrough]];
      default: out.push_back(c);  // \" \\ \/
    }
  }
  return out;
}

// Go's time.ParseDuration, in milliseconds.
double GoDurationMs(std::string_view text) {
  double ms = 0;
  while (!text.empty()) {
    size_t n = 0;
    while (n < text.size() && (std::isdigit(static_cast<unsigned char>(text[n])) || text[n] == '.')) ++n;
    const double value = std::stod(std::string(text.substr(0, n)));
    text.remove_prefix(n);
    double unit_ms = 0;
    for (const auto& [unit, scale] : std::initializer_list<std::pair<std::string_view, double>>{
             {"ns", 1e-6}, {"us", 1e-3}, {"\xC2\xB5s", 1e-3}, {"ms", 1}, {"s", 1e3},
             {"m", 6e4}, {"h", 3.6e6}}) {
      if (text.substr(0, unit.size()) == unit) {
        unit_ms = scale;
        text.remove_prefix(unit.size());
        break;
      }
    }
    EXPECT_GT(unit_ms, 0) << "unknown unit in Go duration";
    if (unit_ms == 0) return -1;
    ms += value * unit_ms;
  }
  return ms;
}

// What one record says about status and latency, found by its shape's fields.
struct Measures {
  int status = 0;
  bool has_latency = false;
  double latency_ms = 0;
};

Measures Measure(element record, simdjson::dom::parser* inner_parser) {
  Measures m;
  int64_t i64;
  double d;
  std::string_view s;
  element e;
  if (record["__CURSOR"].error() == simdjson::SUCCESS) {  // journal: the app line inside
    if (record["MESSAGE"].get(s) != simdjson::SUCCESS) return m;
    element inner;
    if (inner_parser->parse(s.data(), s.size()).get(inner) != simdjson::SUCCESS ||
        inner.type() != element_type::OBJECT) {
      return m;
    }
    simdjson::dom::parser nested;
    return Measure(inner, &nested);
  }
  if (record["time_local"].error() == simdjson::SUCCESS) {  // nginx
    EXPECT_EQ(record["status"].get(s), simdjson::SUCCESS);
    m.status = std::stoi(std::string(s));
    EXPECT_EQ(record["request_time"].get(s), simdjson::SUCCESS);
    m.has_latency = true;
    m.latency_ms = std::stod(std::string(s)) * 1000;
  } else if (record["@timestamp"].error() == simdjson::SUCCESS) {  // otel / ECS
    if (record.at_pointer("/http/response/status_code").get(i64) == simdjson::SUCCESS) {
      m.status = static_cast<int>(i64);
    }
    if (record.at_pointer("/event/duration").get(i64) == simdjson::SUCCESS) {
      m.has_latency = true;
      m.latency_ms = static_cast<double>(i64) / 1e6;
    }
  } else if (record["hostname"].error() == simdjson::SUCCESS) {  // pino
    if (record.at_pointer("/res/statusCode").get(i64) == simdjson::SUCCESS) {
      m.status = static_cast<int>(i64);
    }
    if (record["responseTime"].get(d) == simdjson::SUCCESS) {
      m.has_latency = true;
      m.latency_ms = d;
    }
  } else if (record["timestamp"].error() == simdjson::SUCCESS) {  // structlog
    if (record["status_code"].get(i64) == simdjson::SUCCESS) m.status = static_cast<int>(i64);
    if (record["duration_ms"].get(d) == simdjson::SUCCESS) {
      m.has_latency = true;
      m.latency_ms = d;
    }
  } else {  // zap / logrus
    if (record["status"].get(i64) == simdjson::SUCCESS) m.status = static_cast<int>(i64);
    if (record["latency"].get(s) == simdjson::SUCCESS) {
      m.has_latency = true;
      m.latency_ms = GoDurationMs(s);
    }
  }
  return m;
}

struct Recount {
  uint64_t lines = 0, blank = 0, records = 0, malformed = 0;
  std::map<std::string, uint64_t> causes;
  std::vector<uint64_t> malformed_lines;
  std::map<int, uint64_t> status;
  std::vector<double> latencies;
  double latency_sum = 0;
};

Recount RecountText(std::string_view text) {
  Recount r;
  simdjson::dom::parser parser;
  simdjson::dom::parser inner_parser;
  for (std::string_view line : SplitLines(text)) {
    ++r.lines;
    if (IsBlank(line)) {
      ++r.blank;
      continue;
    }
    element doc;
    const auto error = parser.parse(line.data(), line.size()).get(doc);
    if (error != simdjson::SUCCESS || doc.type() != element_type::OBJECT) {
      ++r.malformed;
      r.malformed_lines.push_back(r.lines);
      r.causes[error == simdjson::UTF8_ERROR ? "invalid_utf8"
               : error != simdjson::SUCCESS  ? "invalid_json"
                                             : "not_object"]++;
      continue;
    }
    ++r.records;
    const Measures m = Measure(doc, &inner_parser);
    if (m.status != 0) ++r.status[m.status];
    if (m.has_latency) {
      r.latencies.push_back(m.latency_ms);
      r.latency_sum += m.latency_ms;
    }
  }
  return r;
}

double NearestRank(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size()) - 1e-9));
  return values[std::max<size_t>(rank, 1) - 1];
}

void ExpectNear(double expected, double actual, const char* what) {
  EXPECT_NEAR(expected, actual, 1e-9 * std::max(1.0, std::fabs(expected))) << what;
}

// Checks the truth JSON against a recount of the text.
void ExpectTruthMatches(std::string_view text, const std::string& truth_json) {
  simdjson::dom::parser parser;
  element truth;
  ASSERT_EQ(parser.parse(truth_json).get(truth), simdjson::SUCCESS) << truth_json;
  Recount r = RecountText(text);

  EXPECT_EQ(uint64_t(truth["lines"]), r.lines);
  EXPECT_EQ(uint64_t(truth["blank"]), r.blank);
  EXPECT_EQ(uint64_t(truth["records"]), r.records);
  EXPECT_EQ(uint64_t(truth["malformed"]), r.malformed);
  EXPECT_EQ(uint64_t(truth["bytes"]), text.size());
  std::vector<uint64_t> listed;
  for (element n : truth["malformed_lines"].get_array()) listed.push_back(uint64_t(n));
  EXPECT_EQ(listed, r.malformed_lines);
  for (auto [cause, count] : truth["malformed_causes"].get_object()) {
    EXPECT_EQ(uint64_t(count), r.causes[std::string(cause)]) << cause;
  }

  std::map<int, uint64_t> status;
  std::map<std::string, uint64_t> classes, recounted_classes;
  for (auto [code, count] : truth["status"].get_object()) {
    status[std::stoi(std::string(code))] = uint64_t(count);
  }
  for (auto [name, count] : truth["status_class"].get_object()) {
    classes[std::string(name)] = uint64_t(count);
  }
  for (auto [code, count] : r.status) recounted_classes[std::to_string(code / 100) + "xx"] += count;
  EXPECT_EQ(status, r.status);
  EXPECT_EQ(classes, recounted_classes);

  const element latency = truth["latency_ms"];
  ASSERT_EQ(uint64_t(latency["count"]), r.latencies.size());
  ASSERT_FALSE(r.latencies.empty());
  ExpectNear(double(latency["sum"]), r.latency_sum, "sum");
  ExpectNear(double(latency["min"]), *std::min_element(r.latencies.begin(), r.latencies.end()),
             "min");
  ExpectNear(double(latency["max"]), *std::max_element(r.latencies.begin(), r.latencies.end()),
             "max");
  ExpectNear(double(latency["p50"]), NearestRank(r.latencies, 0.5), "p50");
  ExpectNear(double(latency["p90"]), NearestRank(r.latencies, 0.9), "p90");
  ExpectNear(double(latency["p99"]), NearestRank(r.latencies, 0.99), "p99");
  ExpectNear(double(latency["p999"]), NearestRank(r.latencies, 0.999), "p999");
}

// Looks for `needle` in the text as written, and after one and two levels of
// JSON unescaping (a string value; JSON inside a string value).
class TextSearch {
 public:
  explicit TextSearch(std::string_view text)
      : raw_(text), once_(Unescape(text)), twice_(Unescape(once_)) {}
  bool Contains(std::string_view needle) const {
    return raw_.find(needle) != std::string_view::npos ||
           once_.find(needle) != std::string::npos || twice_.find(needle) != std::string::npos;
  }

 private:
  std::string_view raw_;
  std::string once_;
  std::string twice_;
};

TEST(LogGeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = GenerateString(Options(300 << 10, 42));
  const std::string b = GenerateString(Options(300 << 10, 42));
  const std::string c = GenerateString(Options(300 << 10, 43));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);

  LogGenerator generator(Options(300 << 10, 42));
  std::string d;
  generator.GenerateTo(&d);
  EXPECT_EQ(a, d);
}

TEST(LogGeneratorTest, FileOutputEqualsStringOutput) {
  const GeneratorOptions options = Options(5 << 20, 9);  // more than one flush
  GeneratorTruth truth;
  const std::string expected = GenerateString(options, &truth);
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  LogGenerator generator(options);
  ASSERT_TRUE(generator.Generate(file));
  std::rewind(file);
  std::string written(expected.size() + 1, '\0');
  written.resize(std::fread(written.data(), 1, written.size(), file));
  std::fclose(file);
  EXPECT_TRUE(written == expected);
  EXPECT_EQ(generator.TruthJson(), truth.ToJson());
}

TEST(LogGeneratorTest, SizeWithinFivePercent) {
  for (uint64_t bytes : {uint64_t{20} << 10, uint64_t{200} << 10, uint64_t{3} << 20}) {
    for (const char* shapes : {"all", "journal", "go", "nginx,pino"}) {
      GeneratorOptions options = Options(bytes, 5);
      std::string error;
      ASSERT_TRUE(ParseShapeList(shapes, &options.shapes, &error));
      const std::string text = GenerateString(options);
      EXPECT_GE(text.size(), bytes) << shapes;
      EXPECT_LE(static_cast<double>(text.size()), 1.05 * static_cast<double>(bytes)) << shapes;
      EXPECT_EQ(text.back(), '\n');
    }
  }
}

TEST(LogGeneratorTest, TruthMatchesRecountOfDefaultMix) {
  GeneratorTruth truth;
  const std::string text = GenerateString(Options(3 << 20, 11), &truth);
  EXPECT_GT(truth.malformed, 0u);
  EXPECT_GT(truth.blank, 0u);
  ExpectTruthMatches(text, truth.ToJson());
}

TEST(LogGeneratorTest, TruthMatchesRecountPerShapeWithManyMalformedAndCrlf) {
  for (int s = 0; s < kShapeCount; ++s) {
    SCOPED_TRACE(std::string(ShapeName(static_cast<Shape>(s))));
    GeneratorOptions options = Options(400 << 10, 100 + s);
    options.shapes = {static_cast<Shape>(s)};
    options.malformed_rate = 0.1;
    options.blank_rate = 0.01;
    options.secret_rate = 0.3;
    options.crlf = s % 2 == 0;
    GeneratorTruth truth;
    const std::string text = GenerateString(options, &truth);
    EXPECT_EQ(text.find('\n') > 0 && text[text.find('\n') - 1] == '\r', options.crlf);
    EXPECT_EQ(truth.records_by_shape[s], truth.records);
    for (int c = 0; c < kMalformedCauseCount; ++c) EXPECT_GT(truth.malformed_by_cause[c], 0u);
    ExpectTruthMatches(text, truth.ToJson());
  }
}

TEST(LogGeneratorTest, StatusAndLatencyHaveLongTails) {
  GeneratorTruth truth;
  GenerateString(Options(8 << 20, 3), &truth);
  const uint64_t total = truth.StatusTotal();
  uint64_t class_counts[6] = {};
  for (int code = 100; code < 600; ++code) class_counts[code / 100] += truth.status_counts[code];
  EXPECT_GT(class_counts[2], total * 80 / 100);
  EXPECT_GT(class_counts[3], 0u);
  EXPECT_GT(class_counts[4], total * 3 / 100);
  EXPECT_GT(class_counts[5], total * 5 / 1000);
  EXPECT_GT(truth.status_counts[499], 0u);
  EXPECT_GT(truth.status_counts[418] + truth.status_counts[101] + truth.status_counts[207], 0u);

  EXPECT_LE(truth.LatencyQuantile(0), 0.06);         // ~50 us floor
  EXPECT_GT(truth.LatencyQuantile(9990), 1000.0);   // multi-second tail
  EXPECT_LE(truth.LatencyQuantile(10000), 150000.0);  // requests stop at 30 s, batch jobs not
  const double p50 = truth.LatencyQuantile(5000);
  EXPECT_GT(p50, 2.0);
  EXPECT_LT(p50, 100.0);
}

TEST(LogGeneratorTest, EveryPlantedSecretAndSurvivorIsInTheText) {
  GeneratorOptions options = Options(600 << 10, 21);
  options.secret_rate = 0.5;
  options.near_miss_rate = 0.3;
  options.malformed_rate = 0.05;
  GeneratorTruth truth;
  const std::string text = GenerateString(options, &truth);
  const TextSearch search(text);
  ASSERT_GT(truth.secrets.size(), 300u);
  EXPECT_EQ(truth.secrets_total, truth.secrets.size());
  for (const std::string& secret : truth.secrets) {
    EXPECT_TRUE(search.Contains(secret)) << secret;
    EXPECT_GE(secret.size(), 10u) << secret;
  }
  std::vector<std::string> sorted = truth.secrets;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicate secret";
  ASSERT_GT(truth.survivors.size(), 50u);
  for (const std::string& survivor : truth.survivors) {
    EXPECT_TRUE(search.Contains(survivor)) << survivor;
  }
  for (const auto& [key, value] : truth.short_secrets) {
    EXPECT_TRUE(search.Contains("\"" + key + "\":\"" + value + "\"")) << key << "=" << value;
  }

  // Every form the redactor must handle shows up.
  auto any_secret = [&](std::string_view prefix, std::string_view other_prefix) {
    return std::any_of(truth.secrets.begin(), truth.secrets.end(), [&](const std::string& s) {
      return s.compare(0, prefix.size(), prefix) == 0 ||
             s.compare(0, other_prefix.size(), other_prefix) == 0;
    });
  };
  for (auto [prefix, other] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"eyJ", "eyJ"}, {"AKIA", "ASIA"}, {"ghp_", "gho_"}, {"xoxb-", "xoxp-"},
           {"sk_live_", "rk_live_"}, {"AIza", "AIza"}, {"-----BEGIN ", "-----BEGIN "}}) {
    EXPECT_TRUE(any_secret(prefix, other)) << prefix;
  }
  for (std::string_view form :
       {"\\u0041KIA", ":\\/\\/", "\\u0040", "\\\"password\\\":\\\"", "Bearer ", "Basic ",
        "\"Authorization\":\"", "\"X-Api-Key\":\"", "\"set-cookie\":\"", "\"card_number\":\"",
        "\"cvv\":\"", "\"private_key\":\"", "\"ssn\":\"", "\"passwd\":\"", "[{\"name\":\"primary\"",
        "\"credentials\":{", "&token=", "password=", "sig=", "@example.com", "\\\\\\\"",
        "\"tokens_used\":", "\"token_type\":\"bearer\"", "\"max_tokens\":", "\"order_id\":\""}) {
    EXPECT_NE(text.find(form), std::string::npos) << form;
  }
  EXPECT_NE(truth.secrets.size(), 0u);
}

TEST(LogGeneratorTest, NothingSecretLookingUnlessPlanted) {
  GeneratorOptions options = Options(1 << 20, 8);
  options.secret_rate = 0;
  options.near_miss_rate = 0;
  GeneratorTruth truth;
  const std::string text = GenerateString(options, &truth);
  EXPECT_TRUE(truth.secrets.empty());
  EXPECT_TRUE(truth.survivors.empty());
  for (std::string_view marker : {"eyJ", "AKIA", "ASIA", "ghp_", "xox", "sk_live", "AIza",
                                  "BEGIN", "Bearer", "Basic ", "password", "passwd",
                                  "secret", "token=", "api_key", "apiKey", "cookie",
                                  "session", "card", "ssn", "\\u0041", "\\u0040"}) {
    EXPECT_EQ(text.find(marker), std::string::npos) << marker;
  }
  for (size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    // "@timestamp", "gc 42 @12.004s": never user@host.
    EXPECT_FALSE(std::isalnum(static_cast<unsigned char>(text[at - 1])))
        << text.substr(at - 20, 40);
  }
}

TEST(LogGeneratorTest, MixesAllShapesAndTextFeatures) {
  GeneratorTruth truth;
  const std::string text = GenerateString(Options(1 << 20, 2), &truth);
  for (int s = 0; s < kShapeCount; ++s) EXPECT_GT(truth.records_by_shape[s], 50u) << s;
  for (std::string_view feature :
       {"\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "\\/", "é", "ü", "日本語", "\xF0\x9F\x9A\x80",
        "Traceback (most recent call last)", "\"MESSAGE\":null", "\"MESSAGE\":[",
        "\"MESSAGE\":\"Started", "\"MESSAGE\":\"{\\\"", "\"level\":\"warning\"",
        "\"level\":50", "\"log.level\":\"error\"", "\xC2\xB5s\"", "\"items\":[{"}) {
    EXPECT_NE(text.find(feature), std::string::npos) << feature;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(LogGeneratorTest, CliWritesTheSameBytesAsTheLibrary) {
  const std::string dir = ::testing::TempDir() + "sluice_gen_" + std::to_string(::getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  const std::string command = std::string(SLUICE_GEN_BINARY) + " --bytes 200K --seed 1 --truth " +
                              dir + "/t.json -o " + dir + "/x";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  LogGenerator generator(Options(200 << 10, 1));
  std::string expected;
  generator.GenerateTo(&expected);
  EXPECT_TRUE(ReadFile(dir + "/x") == expected);
  EXPECT_EQ(ReadFile(dir + "/t.json"), generator.TruthJson());

  const std::string stdout_command = std::string(SLUICE_GEN_BINARY) +
                                     " --bytes=200K --seed=1 --shapes all > " + dir + "/y";
  ASSERT_EQ(std::system(stdout_command.c_str()), 0);
  EXPECT_TRUE(ReadFile(dir + "/y") == expected);

  auto exit_code = [&](const std::string& args) {
    const int status = std::system((std::string(SLUICE_GEN_BINARY) + " " + args +
                                    " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(exit_code("--help"), 0);
  EXPECT_EQ(exit_code("--seed 1"), 1);
  EXPECT_EQ(exit_code("--bytes 1Q"), 1);
  EXPECT_EQ(exit_code("--bytes 1K --shapes go,bogus"), 1);
  EXPECT_EQ(exit_code("--bytes 1K --secret-rate 2"), 1);
  EXPECT_EQ(exit_code("--bytes 1K -o /nonexistent-dir/x"), 2);
  std::system(("rm -rf " + dir).c_str());
}

// samples/*.ndjson are sluice-gen output (commands in samples/README.md); when
// the generator changes, rerun those commands and commit the new samples.
TEST(LogGeneratorTest, BundledSamplesAreCurrentGeneratorOutput) {
  struct Sample {
    const char* name;
    uint64_t seed;
    const char* shapes;
    double malformed_rate, blank_rate;
  };
  for (const Sample& sample : {Sample{"app", 130, "structlog,go,nginx,pino,otel", 0.008, 0.005},
                               Sample{"journal", 4, "journal", 0.01, 0.0005}}) {
    SCOPED_TRACE(sample.name);
    GeneratorOptions options = Options(150 << 10, sample.seed);
    std::string error;
    ASSERT_TRUE(ParseShapeList(sample.shapes, &options.shapes, &error));
    options.malformed_rate = sample.malformed_rate;
    options.secret_rate = 0.1;
    options.near_miss_rate = 0.05;
    options.blank_rate = sample.blank_rate;
    GeneratorTruth truth;
    const std::string text = GenerateString(options, &truth);
    const std::string base = std::string(SLUICE_SOURCE_DIR) + "/samples/" + sample.name;
    EXPECT_TRUE(ReadFile(base + ".ndjson") == text) << "regenerate samples/, see its README";
    EXPECT_EQ(ReadFile(base + ".truth.json"), truth.ToJson());
    EXPECT_LT(text.size(), 200u << 10);
    EXPECT_GE(truth.malformed, 2u);
    EXPECT_GT(truth.secrets.size(), 10u);
  }
}

}  // namespace
}  // namespace sluice::gen
