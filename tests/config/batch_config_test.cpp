// LoadBatchConfig: every table of the schema read into BatchOptions; the
// shipped pipeline configs load; unknown keys, wrong types and bad values are
// errors naming the file and the line.
#include "config/batch_config.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::ScratchDir;
using testing::WriteFile;

// Loads `toml` from a file named p.toml; returns "" or the error text.
std::string Load(const ScratchDir& dir, const std::string& toml, BatchOptions* options) {
  const std::string path = dir.File("p.toml");
  WriteFile(path, toml);
  try {
    LoadBatchConfig(path, options);
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    return what.substr(what.rfind('/') + 1);  // from the file name on
  }
  return "";
}

TEST(BatchConfigTest, ReadsEveryTable) {
  ScratchDir dir;
  BatchOptions o;
  ASSERT_EQ(Load(dir,
                 "[input]\nformat = \"journal\"\nmax_line_bytes = \"2M\"\nflush_interval = 0.5\n"
                 "[journal]\nkeep_envelope = true\nenvelope_fields = [\"unit\", \"pid\"]\nenvelope_key = \"j\"\n"
                 "[output]\npath = \"out.ndjson.zst\"\ncompress = \"zstd\"\nlevel = 5\n"
                 "dead_letter = \"bad.ndjson\"\nmetrics = [\"m.json\", \"m.prom\"]\n"
                 "[run]\nthreads = 2\nsummary = true\n"
                 "[redact]\nstrict = true\ndefault_rules = false\nrules = [\"a.toml\"]\n",
                 &o),
            "");
  EXPECT_EQ(o.input_format, InputFormatFlag::kJournal);
  EXPECT_EQ(o.max_line_bytes, 2u << 20);
  EXPECT_DOUBLE_EQ(o.flush_interval, 0.5);
  EXPECT_TRUE(o.keep_envelope);
  EXPECT_EQ(o.envelope_fields, "unit,pid");
  EXPECT_EQ(o.envelope_key, "j");
  EXPECT_EQ(o.output, "out.ndjson.zst");
  EXPECT_EQ(o.compression, Compression::kZstd);
  EXPECT_EQ(o.level, 5);
  EXPECT_EQ(o.dead_letter, "bad.ndjson");
  EXPECT_EQ(o.metrics, (std::vector<std::string>{"m.json", "m.prom"}));
  EXPECT_EQ(o.threads, 2);
  EXPECT_TRUE(o.summary);
  EXPECT_TRUE(o.strict);
  EXPECT_TRUE(o.no_default_rules);
  ASSERT_EQ(o.rules.size(), 1u);
}

TEST(BatchConfigTest, ShippedPipelinesLoad) {
  for (const char* name : {"journal.toml", "archive.toml"}) {
    BatchOptions o;
    EXPECT_NO_THROW(LoadBatchConfig(std::string(SLUICE_SOURCE_DIR) + "/pipeline/" + name, &o)) << name;
  }
}

TEST(BatchConfigTest, ErrorsNameTheFileAndLine) {
  ScratchDir dir;
  BatchOptions o;
  for (const char* bad : {"[input]\nformatt = \"auto\"\n", "[output]\nlevel = \"high\"\n",
                          "[input]\nformat = \"xml\"\n", "[nope]\na = 1\n"}) {
    const std::string error = Load(dir, bad, &o);
    EXPECT_EQ(error.rfind("p.toml:", 0), 0u) << bad << " -> " << error;
  }
  EXPECT_NE(Load(dir, "[output]\npath = \"x\"\nlevel = \"high\"\n", &o).find("p.toml:3"), std::string::npos);
}

}  // namespace
}  // namespace sluice
