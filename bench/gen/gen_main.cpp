// sluice-gen: the command line of the sample generator (gen/log_generator.h).
// Data goes to stdout or -o FILE, the truth to --truth FILE, diagnostics to
// stderr. Exit codes: 0 ok, 1 bad usage, 2 cannot open a file, 3 write failed.
// Tests: tests/gen/log_generator_test.cpp (CLI output equals the library's).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "gen/log_generator.h"

namespace {

constexpr int kExitUsage = 1;
constexpr int kExitOpen = 2;
constexpr int kExitWrite = 3;

constexpr char kUsage[] =
    "usage: sluice-gen --bytes SIZE [options]\n"
    "Writes realistic NDJSON service logs of about SIZE bytes, deterministic for a seed.\n"
    "\n"
    "  --bytes SIZE          output size; suffixes K, M, G, T (powers of 1024)\n"
    "  --seed N              random seed (default 1)\n"
    "  --shapes LIST         comma list of structlog,go,nginx,pino,otel,journal (default all)\n"
    "  --malformed-rate R    share of malformed lines (default 0.002)\n"
    "  --secret-rate R       share of lines with a planted secret (default 0.05)\n"
    "  --near-miss-rate R    share of lines with near misses that must survive (default 0.02)\n"
    "  --blank-rate R        share of whitespace-only lines (default 0.0005)\n"
    "  --crlf                end lines with \\r\\n\n"
    "  --truth FILE          write what a correct pipeline must report, as JSON\n"
    "  -o FILE               write the log to FILE instead of stdout ('-': stdout)\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit codes: 0 ok, 1 bad usage, 2 cannot open a file, 3 write failed\n";

int UsageError(const std::string& message) {
  std::fprintf(stderr, "sluice-gen: %s\n(see sluice-gen --help)\n", message.c_str());
  return kExitUsage;
}

bool ParseByteSize(std::string_view text, uint64_t* bytes) {
  uint64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10) return false;
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  std::string_view suffix = text.substr(i);
  int shift = 0;
  if (!suffix.empty()) {
    switch (suffix[0] | 0x20) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      case 'b': break;
      default: return false;
    }
    if (shift > 0) suffix.remove_prefix(1);
    if (suffix == "iB" || suffix == "ib" || suffix == "B" || suffix == "b") suffix = {};
    if (!suffix.empty()) return false;
  }
  if (shift > 0 && value > (UINT64_MAX >> shift)) return false;
  *bytes = value << shift;
  return true;
}

bool ParseRate(std::string_view text, double* rate) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || *end != '\0' || errno != 0 || !(value >= 0.0 && value <= 1.0)) return false;
  *rate = value;
  return true;
}

bool ParseUint(std::string_view text, uint64_t* value) {
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const unsigned long long parsed = std::strtoull(copy.c_str(), &end, 10);
  if (copy.empty() || copy[0] == '-' || *end != '\0' || errno != 0) return false;
  *value = parsed;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  sluice::gen::GeneratorOptions options;
  bool have_bytes = false;
  std::string output = "-";
  std::string truth_path;

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool inline_value = false;
    if (arg.size() > 2 && arg.substr(0, 2) == "--") {
      const size_t eq = arg.find('=');
      if (eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
    }
    auto next = [&](std::string_view* out) {
      if (inline_value) {
        *out = value;
        return true;
      }
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string_view v;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--crlf") {
      options.crlf = true;
    } else if (arg == "--bytes") {
      if (!next(&v) || !ParseByteSize(v, &options.bytes)) return UsageError("bad --bytes size");
      have_bytes = true;
    } else if (arg == "--seed") {
      if (!next(&v) || !ParseUint(v, &options.seed)) return UsageError("bad --seed");
    } else if (arg == "--shapes") {
      std::string error;
      if (!next(&v)) return UsageError("--shapes needs a list");
      if (!sluice::gen::ParseShapeList(v, &options.shapes, &error)) return UsageError(error);
    } else if (arg == "--malformed-rate") {
      if (!next(&v) || !ParseRate(v, &options.malformed_rate)) {
        return UsageError("bad --malformed-rate (0..1)");
      }
    } else if (arg == "--secret-rate") {
      if (!next(&v) || !ParseRate(v, &options.secret_rate)) {
        return UsageError("bad --secret-rate (0..1)");
      }
    } else if (arg == "--near-miss-rate") {
      if (!next(&v) || !ParseRate(v, &options.near_miss_rate)) {
        return UsageError("bad --near-miss-rate (0..1)");
      }
    } else if (arg == "--blank-rate") {
      if (!next(&v) || !ParseRate(v, &options.blank_rate)) {
        return UsageError("bad --blank-rate (0..1)");
      }
    } else if (arg == "--truth") {
      if (!next(&v)) return UsageError("--truth needs a file");
      truth_path = v;
    } else if (arg == "-o" || arg == "--output") {
      if (!next(&v)) return UsageError("-o needs a file");
      output = v;
    } else {
      return UsageError("unknown argument '" + std::string(arg) + "'");
    }
  }
  if (!have_bytes) return UsageError("--bytes SIZE is required");

  std::FILE* out = stdout;
  if (output != "-") {
    out = std::fopen(output.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "sluice-gen: cannot open %s: %s\n", output.c_str(), std::strerror(errno));
      return kExitOpen;
    }
  }
  sluice::gen::LogGenerator generator(options);
  const bool ok = generator.Generate(out);
  const int saved_errno = errno;
  if ((out != stdout && std::fclose(out) != 0) || !ok) {
    std::fprintf(stderr, "sluice-gen: writing %s failed: %s\n",
                 output == "-" ? "stdout" : output.c_str(), std::strerror(saved_errno));
    return kExitWrite;
  }

  if (!truth_path.empty()) {
    std::FILE* truth = std::fopen(truth_path.c_str(), "wb");
    if (truth == nullptr) {
      std::fprintf(stderr, "sluice-gen: cannot open %s: %s\n", truth_path.c_str(),
                   std::strerror(errno));
      return kExitOpen;
    }
    const std::string json = generator.TruthJson();
    const bool written = std::fwrite(json.data(), 1, json.size(), truth) == json.size();
    if (std::fclose(truth) != 0 || !written) {
      std::fprintf(stderr, "sluice-gen: writing %s failed: %s\n", truth_path.c_str(),
                   std::strerror(errno));
      return kExitWrite;
    }
  }
  return 0;
}
