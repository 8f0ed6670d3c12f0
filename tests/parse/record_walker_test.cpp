// Tests for parse/record_walker.h: every key, string and number is shown once,
// in document order, with its path (keys unescaped, array elements adding no
// key); replaced values are reported by their exact bytes; dropping the first,
// a middle, the last or every member of an object (root or nested) gives valid
// JSON; what On-Demand leaves unchecked (literals, numbers, key escapes) fails
// the walk; nesting is bounded.
#include "parse/record_walker.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "redact/key_matcher.h"
#include "runtime/worker_thread.h"

namespace sluice {
namespace {

using namespace std::string_literals;

std::string JoinPath(const KeyPath& path) {
  std::string joined;
  for (std::string_view key : path.keys()) {
    joined += '/';
    joined += key;
  }
  return joined;
}

struct Edit {
  size_t begin, end;    // byte offsets in the line
  std::string replacement;
  bool remove;
};

// Records what the walker shows, and replaces or drops the members it is told to.
class RecordingVisitor {
 public:
  std::set<std::string> replace_keys;
  std::set<std::string> drop_keys;
  const char* line = nullptr;

  std::vector<std::string> keys;
  std::vector<std::string> strings;  // "path=body"
  std::vector<std::string> numbers;  // "path=token"
  std::vector<Edit> edits;
  std::vector<std::string> pair_names;
  int max_depth_seen = 0;

  KeyDecision OnKey(std::string_view key) {
    keys.emplace_back(key);
    if (replace_keys.count(std::string(key))) return {KeyAction::kReplace, 1};
    if (drop_keys.count(std::string(key))) return {KeyAction::kDrop, 2};
    // Pair roles as the redactor gives them.
    switch (KeyMatcher::MemberPairRoleOf(key)) {
      case PairRole::kName: return {KeyAction::kVisitName, -1};
      case PairRole::kValue: return {KeyAction::kVisitValue, -1};
      case PairRole::kKind: return {KeyAction::kVisitKind, -1};
      case PairRole::kData: return {KeyAction::kVisitData, -1};
      default: break;
    }
    return {};
  }
  // A pair's name is decided as a key would be.
  KeyDecision OnPairName(std::string_view body) {
    pair_names.emplace_back(body);
    if (replace_keys.count(std::string(body))) return {KeyAction::kReplace, 1};
    if (drop_keys.count(std::string(body))) return {KeyAction::kDrop, 2};
    return {};
  }
  void OnString(const KeyPath& path, std::string_view body) {
    strings.push_back(JoinPath(path) + "=" + std::string(body));
    max_depth_seen = std::max(max_depth_seen, path.depth());
  }
  void OnNumber(const KeyPath& path, std::string_view token) {
    numbers.push_back(JoinPath(path) + "=" + std::string(token));
    max_depth_seen = std::max(max_depth_seen, path.depth());
  }
  void OnReplaceValue(int rule, const char* begin, const char* end) {
    // A drop decided after its pair's value was walked replaces the value.
    EXPECT_TRUE(rule == 1 || rule == 2) << rule;
    edits.push_back({static_cast<size_t>(begin - line), static_cast<size_t>(end - line), "\"X\"", false});
  }
  void OnRemove(int rule, const char* begin, const char* end) {
    EXPECT_EQ(rule, 2);
    edits.push_back({static_cast<size_t>(begin - line), static_cast<size_t>(end - line), "", true});
  }
};

// Applies edits independently of the redactor: removed ranges may overlap
// (their union goes); a replacement takes its range's place.
std::string ApplyEdits(std::string_view line, const std::vector<Edit>& edits) {
  std::vector<bool> gone(line.size(), false);
  std::map<size_t, std::string> insert_at;
  for (const Edit& e : edits) {
    EXPECT_LE(e.begin, e.end);
    EXPECT_LE(e.end, line.size());
    for (size_t i = e.begin; i < e.end && i < line.size(); ++i) gone[i] = true;
    if (!e.remove) insert_at[e.begin] += e.replacement;
  }
  std::string out;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (auto it = insert_at.find(i); it != insert_at.end()) out += it->second;
    if (i < line.size() && !gone[i]) out.push_back(line[i]);
  }
  return out;
}

struct WalkResult {
  simdjson::error_code error;
  std::string edited;  // the line with the edits applied
};

WalkResult Walk(const std::string& line, RecordingVisitor* visitor) {
  simdjson::padded_string padded(line);
  ondemand::parser parser;
  ondemand::document doc;
  EXPECT_EQ(parser.iterate(padded).get(doc), simdjson::SUCCESS);
  ondemand::object object;
  simdjson::error_code error = doc.get_object().get(object);
  if (error) return {error, ""};
  visitor->line = padded.data();
  RecordWalker<RecordingVisitor> walker;
  error = walker.Walk(object, padded.data() + line.size(), visitor);
  return {error, ApplyEdits(std::string_view(padded.data(), line.size()), visitor->edits)};
}

bool IsValidJson(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  return parser.parse(text).get(element) == simdjson::SUCCESS;
}

// The minified form of a JSON text, to compare documents regardless of spacing.
std::string Minified(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(text).get(element) != simdjson::SUCCESS) return "<invalid: " + text + ">";
  return simdjson::minify(element);
}

TEST(RecordWalkerTest, ShowsEveryKeyStringAndNumberWithItsPath) {
  RecordingVisitor v;
  const std::string line =
      R"({"a":1,"b":{"c":"x","d":[1,{"e":2.5e-3},["y",-0]]},"f":"z","g":true,"h":null,"i":[],"j":{}})";
  WalkResult r = Walk(line, &v);
  ASSERT_EQ(r.error, simdjson::SUCCESS);
  EXPECT_EQ(v.keys, (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}));
  EXPECT_EQ(v.strings, (std::vector<std::string>{"/b/c=x", "/b/d=y", "/f=z"}));
  EXPECT_EQ(v.numbers, (std::vector<std::string>{"/a=1", "/b/d=1", "/b/d/e=2.5e-3", "/b/d=-0"}));
  EXPECT_EQ(r.edited, line);
}

TEST(RecordWalkerTest, StringsAreRawAndKeysUnescaped) {
  RecordingVisitor v;
  WalkResult r = Walk(R"({"a\"b":"q\"\\\u00e9","\u0041\u00e9":1,"tab\tkey":{"\ud83d\ude00":"s"},"sl\/":2})", &v);
  ASSERT_EQ(r.error, simdjson::SUCCESS);
  EXPECT_EQ(v.keys, (std::vector<std::string>{"a\"b", "A\xC3\xA9", "tab\tkey", "\xF0\x9F\x98\x80", "sl/"}));
  EXPECT_EQ(v.strings, (std::vector<std::string>{R"(/a"b=q\"\\\u00e9)", "/tab\tkey/\xF0\x9F\x98\x80=s"}));
  EXPECT_EQ(v.numbers, (std::vector<std::string>{"/A\xC3\xA9=1", "/sl/=2"}));
}

// Key ends are found 16 bytes a step: every key length across two steps,
// with an escape at every position, ends where it should.
TEST(RecordWalkerTest, KeysOfEveryLengthAndEscapePosition) {
  for (size_t length = 0; length <= 40; ++length) {
    for (size_t escape_at = 0; escape_at <= length; ++escape_at) {
      std::string raw_key(length, 'k');
      std::string key = raw_key;
      if (escape_at < length) {
        raw_key.replace(escape_at, 1, "\\u0041");
        key[escape_at] = 'A';
      }
      RecordingVisitor v;
      const std::string line = "{\"" + raw_key + "\":\"v\",\"" + raw_key + "x\":1}";
      WalkResult r = Walk(line, &v);
      ASSERT_EQ(r.error, simdjson::SUCCESS) << line;
      EXPECT_EQ(v.keys, (std::vector<std::string>{key, key + "x"})) << line;
      EXPECT_EQ(r.edited, line);
    }
  }
}

TEST(RecordWalkerTest, ManyEscapedKeysAreAllUnescaped) {
  // More decoded key text than any small fixed arena holds, nested so that
  // earlier keys stay on the path while later ones are decoded.
  std::string line = "{";
  std::vector<std::string> expected_keys;
  for (int i = 0; i < 100; ++i) {
    const std::string pad(60, static_cast<char>('a' + i % 26));
    line += "\"" + pad + "\\u0041" + std::to_string(i) + "\":{";
    expected_keys.push_back(pad + "A" + std::to_string(i));
  }
  line += "\"l\\u0041st\":\"v\"";
  expected_keys.push_back("lAst");
  for (int i = 0; i < 100; ++i) line += "}";
  line += "}";
  RecordingVisitor v;
  ASSERT_EQ(Walk(line, &v).error, simdjson::SUCCESS);
  EXPECT_EQ(v.keys, expected_keys);
  ASSERT_EQ(v.strings.size(), 1u);
  std::string path;
  for (int i = 0; i < KeyPath::kMaxDepth; ++i) path += "/" + expected_keys[static_cast<size_t>(i)];
  EXPECT_EQ(v.strings[0], path + "=v");
}

TEST(RecordWalkerTest, SpacingDoesNotChangeWhatIsShown) {
  RecordingVisitor compact, spaced;
  ASSERT_EQ(Walk(R"({"a":[1,"x"],"b":{"c":2}})", &compact).error, simdjson::SUCCESS);
  ASSERT_EQ(Walk(" { \"a\" : [ 1 , \"x\" ] ,\t\"b\" : { \"c\" : 2 } } ", &spaced).error, simdjson::SUCCESS);
  EXPECT_EQ(compact.keys, spaced.keys);
  EXPECT_EQ(compact.strings, spaced.strings);
  EXPECT_EQ(compact.numbers, spaced.numbers);
}

TEST(RecordWalkerTest, DeepPathsKeepTheirFirstKeysAndTheirDepth) {
  std::string line, close;
  for (int i = 0; i < 20; ++i) {
    line += "{\"k" + std::to_string(i) + "\":";
    close += "}";
  }
  line += "\"leaf\"" + close;
  RecordingVisitor v;
  ASSERT_EQ(Walk(line, &v).error, simdjson::SUCCESS);
  ASSERT_EQ(v.strings.size(), 1u);
  std::string expected;
  for (int i = 0; i < KeyPath::kMaxDepth; ++i) expected += "/k" + std::to_string(i);
  EXPECT_EQ(v.strings[0], expected + "=leaf");
  EXPECT_EQ(v.max_depth_seen, 20);
}

struct ReplaceCase {
  std::string line;
  std::string value;  // the exact bytes the walker must report for key "r"
};

TEST(RecordWalkerTest, ReplacedValueIsReportedByItsExactBytes) {
  const ReplaceCase cases[] = {
      {R"({"r":"secret"})", R"("secret")"},
      {R"({"r":"se\"cr\\"})", R"("se\"cr\\")"},
      {R"({"r":12.5})", "12.5"},
      {R"({"r":-1e9,"x":1})", "-1e9"},
      {R"({"r":{"a":[1,{"b":2}]}})", R"({"a":[1,{"b":2}]})"},
      {R"({"r":[1,"two",{"three":3}]})", R"([1,"two",{"three":3}])"},
      {R"({"r":[0]})", "[0]"},
      {R"({"r":{"a":""}})", R"({"a":""})"},
      {"{ \"r\" :  \"v\"  , \"x\" : 1 }", "\"v\""},
      {"{ \"r\" : { \"a\" : 1 }  }", "{ \"a\" : 1 }"},
      {"{\"x\":{\"r\":[1, 2] }}", "[1, 2]"},
  };
  for (const ReplaceCase& c : cases) {
    RecordingVisitor v;
    v.replace_keys = {"r"};
    WalkResult r = Walk(c.line, &v);
    ASSERT_EQ(r.error, simdjson::SUCCESS) << c.line;
    ASSERT_EQ(v.edits.size(), 1u) << c.line;
    EXPECT_EQ(c.line.substr(v.edits[0].begin, v.edits[0].end - v.edits[0].begin), c.value) << c.line;
    EXPECT_TRUE(IsValidJson(r.edited)) << r.edited;
    // Nothing inside a replaced value is shown.
    for (const std::string& s : v.strings) EXPECT_EQ(s.find("/r"), std::string::npos) << c.line;
  }
}

// A literal under a replaced key is kept: it holds no secret.
TEST(RecordWalkerTest, ReplacedKeysKeepLiterals) {
  RecordingVisitor v;
  v.replace_keys = {"r"};
  WalkResult r = Walk(R"({"r":true,"x":{"r":null},"a":[{"r":false}],"r":"s"})", &v);
  ASSERT_EQ(r.error, simdjson::SUCCESS);
  EXPECT_EQ(v.edits.size(), 1u);
  EXPECT_EQ(Minified(r.edited), Minified(R"({"r":true,"x":{"r":null},"a":[{"r":false}],"r":"X"})"));
  // Empty strings and containers hold nothing either.
  RecordingVisitor empty;
  empty.replace_keys = {"r"};
  WalkResult e = Walk(R"({"r":"","x":{"r":[]},"a":[{"r":{ }}],"r":[""]})", &empty);
  ASSERT_EQ(e.error, simdjson::SUCCESS);
  EXPECT_EQ(Minified(e.edited), Minified(R"({"r":"","x":{"r":[]},"a":[{"r":{}}],"r":"X"})"));
  RecordingVisitor bad;
  bad.replace_keys = {"r"};
  WalkResult t = Walk(R"({"r":tru})", &bad);
  EXPECT_EQ(bad.edits.size(), 1u) << "an invalid literal is no literal: replaced, so the output is valid";
}

struct DropCase {
  std::string name;
  std::string line;
  std::set<std::string> drop;
  std::string expected;  // compared minified
};

void PrintTo(const DropCase& c, std::ostream* os) { *os << c.name; }

class DropTest : public ::testing::TestWithParam<DropCase> {};

TEST_P(DropTest, GivesValidJsonWithoutTheMember) {
  const DropCase& c = GetParam();
  RecordingVisitor v;
  v.drop_keys = c.drop;
  WalkResult r = Walk(c.line, &v);
  ASSERT_EQ(r.error, simdjson::SUCCESS);
  ASSERT_TRUE(IsValidJson(r.edited)) << r.edited;
  EXPECT_EQ(Minified(r.edited), Minified(c.expected)) << r.edited;
}

INSTANTIATE_TEST_SUITE_P(
    Members, DropTest,
    ::testing::Values(
        DropCase{"First", R"({"a":1,"b":2,"c":3})", {"a"}, R"({"b":2,"c":3})"},
        DropCase{"Middle", R"({"a":1,"b":2,"c":3})", {"b"}, R"({"a":1,"c":3})"},
        DropCase{"Last", R"({"a":1,"b":2,"c":3})", {"c"}, R"({"a":1,"b":2})"},
        DropCase{"FirstAndLast", R"({"a":1,"b":2,"c":3})", {"a", "c"}, R"({"b":2})"},
        DropCase{"TwoInTheMiddle", R"({"a":1,"b":2,"c":3,"d":4})", {"b", "c"}, R"({"a":1,"d":4})"},
        DropCase{"All", R"({"a":1,"b":2,"c":3})", {"a", "b", "c"}, "{}"},
        DropCase{"Only", R"({"a":"x"})", {"a"}, "{}"},
        DropCase{"AllButFirst", R"({"a":1,"b":2,"c":3})", {"b", "c"}, R"({"a":1})"},
        DropCase{"ObjectValue", R"({"a":{"x":[1,2]},"b":2})", {"a"}, R"({"b":2})"},
        DropCase{"LastObjectValue", R"({"b":2,"a":{"x":{}}})", {"a"}, R"({"b":2})"},
        DropCase{"Spaced", R"( { "a" : 1 , "b" : "two" , "c" : [ 3 ] } )", {"c"}, R"({"a":1,"b":"two"})"},
        DropCase{"SpacedFirst", R"({ "a" : 1 ,  "b" : 2 })", {"a"}, R"({"b":2})"},
        DropCase{"SpacedAll", R"({ "a" : 1 , "b" : 2 })", {"a", "b"}, "{}"},
        DropCase{"NestedFirst", R"({"x":{"a":1,"b":2},"y":3})", {"a"}, R"({"x":{"b":2},"y":3})"},
        DropCase{"NestedLast", R"({"x":{"a":1,"b":2},"y":3})", {"b"}, R"({"x":{"a":1},"y":3})"},
        DropCase{"NestedAll", R"({"x":{"a":1,"b":2},"y":3})", {"a", "b"}, R"({"x":{},"y":3})"},
        DropCase{"InArrayObjects", R"({"l":[{"a":1,"b":2},{"b":3},{"c":4,"b":5}]})", {"b"},
                 R"({"l":[{"a":1},{},{"c":4}]})"},
        DropCase{"EscapedKey", R"({"x":0,"p\u0077d":"s","y":1})", {"pwd"}, R"({"x":0,"y":1})"},
        DropCase{"DroppedContainerHoldsTheKey", R"({"b":{"b":1},"c":2})", {"b"}, R"({"c":2})"},
        DropCase{"Nothing", R"({"a":1})", {"zzz"}, R"({"a":1})"}),
    [](const auto& info) { return info.param.name; });

TEST(RecordWalkerTest, DropsAndReplacesTogether) {
  RecordingVisitor v;
  v.drop_keys = {"d"};
  v.replace_keys = {"r"};
  WalkResult r = Walk(R"({"d":1,"r":"s","k":{"d":[1],"r":{"z":1}},"r2":0,"d":2})", &v);
  ASSERT_EQ(r.error, simdjson::SUCCESS);
  EXPECT_EQ(Minified(r.edited), Minified(R"({"r":"X","k":{"r":"X"},"r2":0})"));
}

// {"name":N,"value":V} and {"key":N,"value":V} in any case and order: V gets
// the decision N would get as a key.
TEST(RecordWalkerTest, NameValuePairsTakeTheNamesDecision) {
  struct PairCase {
    std::string line;
    std::string expected;  // compared minified
  };
  const PairCase cases[] = {
      {R"({"env":[{"name":"r","value":"s"},{"name":"ok","value":"s"}]})",
       R"({"env":[{"name":"r","value":"X"},{"name":"ok","value":"s"}]})"},
      // A container value keeps its shape: what it holds is replaced.
      {R"({"attrs":[{"key":"r","value":{"stringValue":"s"}}]})", R"({"attrs":[{"key":"r","value":{"stringValue":"X"}}]})"},
      {R"({"key":"r","value":{"kvlistValue":{"values":[{"key":"a","value":{"intValue":"7"}}]},"n":null}})",
       R"({"key":"r","value":{"kvlistValue":{"values":[{"key":"X","value":{"intValue":"X"}}]},"n":null}})"},
      // true, false and null stay, at any depth, as under a member key.
      {R"({"name":"r","value":{"required":true,"v":"s","l":[false,2]}})",
       R"({"name":"r","value":{"required":true,"v":"X","l":[false,"X"]}})"},
      {R"({"name":"r","value":null})", R"({"name":"r","value":null})"},
      {R"({"Key":"r","Value":["s",1],"n":2})", R"({"Key":"r","Value":["X","X"],"n":2})"},
      {R"({"NAME":"d","VALUE":"s","n":2})", R"({"NAME":"d","n":2})"},
      {R"({"n":1,"name":"d","value":"s"})", R"({"n":1,"name":"d"})"},
      // The value before its name: replaced once the name is read, even for
      // a drop, keeping its shape and keys, true, false and null.
      {R"({"value":{"a":"s"},"type":"t","name":"r"})", R"({"value":{"a":"X"},"type":"t","name":"r"})"},
      {R"({"value" : { "a\"b" : "c\"d" , "n" : [ -1.5e3 , true , null , {"k":"v"} ] } , "name":"r"})",
       R"({"value":{"a\"b":"X","n":["X",true,null,{"k":"X"}]},"name":"r"})"},
      {R"({"value":false,"VALUE":7,"name":"r"})", R"({"value":false,"VALUE":"X","name":"r"})"},
      {R"({"name":"d","value":{"a":"s"}})", R"({"name":"d"})"},
      {R"({"value":"s","key":"d"})", R"({"value":"X","key":"d"})"},
      // Only the pair's own object, only string names, only value keys.
      {R"({"name":"r","inner":{"value":"s"},"values":"s","val":"s"})",
       R"({"name":"r","inner":{"value":"s"},"values":"s","val":"s"})"},
      {R"({"name":1,"value":"s","key":["r"]})", R"({"name":1,"value":"s","key":["r"]})"},
      {R"({"names":"r","value":"s","k":"r"})", R"({"names":"r","value":"s","k":"r"})"},
      // Every value of the object, before and after the name, in any spelling.
      {R"({"value":"a","VALUE":"b","name":"r","value":"c"})", R"({"value":"X","VALUE":"X","name":"r","value":"X"})"},
      {R"({"ParameterKey":"r","ParameterValue":"s"})", R"({"ParameterKey":"r","ParameterValue":"X"})"},
      {R"({"optionName":"r","namespace":"n","value":"s"})", R"({"optionName":"r","namespace":"n","value":"X"})"},
      // Only the named spellings: a logger's method name and level value are no pair.
      {R"({"caller_method_name":"r","level_value":1,"defaultValue":"s"})",
       R"({"caller_method_name":"r","level_value":1,"defaultValue":"s"})"},
      {R"({"name":"r","secureValue":"s","oldValue":1})", R"({"name":"r","secureValue":"X","oldValue":"X"})"},
      {R"({"key":"r","vType":"STRING","vStr":"s"})", R"({"key":"r","vType":"STRING","vStr":"X"})"},
      {R"({"field":"r","rejectedValue":[{"value":"s"}]})", R"({"field":"r","rejectedValue":[{"value":"X"}]})"},
      {R"({"name":"ok","name":"r","value":"s"})", R"({"name":"ok","name":"r","value":"X"})"},
      {R"({"value":"s","name":"ok","key":"r"})", R"({"value":"X","name":"ok","key":"r"})"},
      // Kubernetes' kind pairs with data and stringData only, and they with
      // it only.
      {R"({"data":{"a":"s"},"kind":"r","stringData":{"b":"t"},"name":"ok","value":"v"})",
       R"({"data":{"a":"X"},"kind":"r","stringData":{"b":"X"},"name":"ok","value":"v"})"},
      {R"({"name":"r","data":{"a":"s"},"kind":"ok","value":"v"})", R"({"name":"r","data":{"a":"s"},"kind":"ok","value":"X"})"},
      // Nested pairs are their own objects.
      {R"({"name":"ok","value":{"name":"r","value":"s"},"x":{"value":"t"}})",
       R"({"name":"ok","value":{"name":"r","value":"X"},"x":{"value":"t"}})"},
      // [name, value] tuples inside an array; other arrays stay.
      {R"({"headers":[["r","s"],["ok","t"]],"l":["r","s"],"m":[["r","s","u"]]})",
       R"({"headers":[["r","X"],["ok","t"]],"l":["r","s"],"m":[["r","s","u"]]})"},
      // Flat header lists: names and values in turn.
      {R"({"req":{"rawHeaders":["Host","h","r","s","ok","r"]},"Headers":["r","s"],"hdrs":["r","s"]})",
       R"({"req":{"rawHeaders":["Host","h","r","X","ok","r"]},"Headers":["r","X"],"hdrs":["r","s"]})"},
      // Tuples of two strings only: [["r", 120]] counts a term.
      {R"({"headers":[["d",{"a":1}]],"terms":[["r",120]]})", R"({"headers":[["d",{"a":1}]],"terms":[["r",120]]})"},
  };
  for (const PairCase& c : cases) {
    RecordingVisitor v;
    v.replace_keys = {"r"};
    v.drop_keys = {"d"};
    WalkResult r = Walk(c.line, &v);
    ASSERT_EQ(r.error, simdjson::SUCCESS) << c.line;
    ASSERT_TRUE(IsValidJson(r.edited)) << r.edited;
    EXPECT_EQ(Minified(r.edited), Minified(c.expected)) << c.line << " -> " << r.edited;
  }
  // A command line as an array: the string after a flag named like a secret.
  const PairCase flags[] = {
      {R"({"args":["app","--r","s","--ok","t","--r"]})", R"({"args":["app","--r","X","--ok","t","--r"]})"},
      // Not another flag or an object, not in other arrays; a number (a PIN) is a value.
      {R"({"args":["--r","--v","t"],"n":["--r",5,"--r",{"a":1}],"l":["r","s"]})",
       R"({"args":["--r","--v","t"],"n":["--r","X","--r",{"a":1}],"l":["r","s"]})"},
      // A value may start with one dash; it is then no flag.
      {R"({"a":["--r","-x7Kq","--r","-v","t"]})", R"({"a":["--r","X","--r","X","t"]})"},
      // Not a flag with its value inline, or one that switches a thing off.
      {R"({"a":["-f=--r","s","--no---r","db"]})", R"({"a":["-f=--r","s","--no---r","db"]})"},
      // The argument after "set" is a name ("config", "set", NAME, VALUE).
      {R"({"a":["config","set","--r","s","set","ok","t"]})", R"({"a":["config","set","--r","X","set","ok","t"]})"},
  };
  for (const PairCase& c : flags) {
    RecordingVisitor v;
    v.replace_keys = {"--r"};
    WalkResult r = Walk(c.line, &v);
    ASSERT_EQ(r.error, simdjson::SUCCESS) << c.line;
    EXPECT_EQ(Minified(r.edited), Minified(c.expected)) << c.line << " -> " << r.edited;
  }
  // Names are asked about only in objects that have a value member.
  RecordingVisitor v;
  Walk(R"({"name":"a\"b","key":"c","user":{"Name":"e"},"x":"name","value":1})", &v);
  EXPECT_EQ(v.pair_names, (std::vector<std::string>{R"(a\"b)", "c"}));
}

TEST(RecordWalkerTest, RejectsWhatOnDemandLeavesUnchecked) {
  for (std::string line : {R"({"a":tru})", R"({"a":nul})", R"({"a":falsey})", R"({"a":[1,fals]})",
                           R"({"a":01})", R"({"a":1.})", R"({"a":-})", R"({"a":.5})", R"({"a":1e})",
                           R"({"a":+1})", R"({"a":{"b":truee}})", R"({"a\q":1})", R"({"a\u12":1})"}) {
    RecordingVisitor v;
    EXPECT_NE(Walk(line, &v).error, simdjson::SUCCESS) << line;
  }
}

TEST(RecordWalkerTest, NestingDeeperThanTheLimitIsTooDeep) {
  auto nested = [](int depth) {
    std::string s = "{\"a\":";
    for (int i = 0; i < depth; ++i) s += (i % 2 ? "{\"k\":" : "[");
    s += "1";
    for (int i = depth - 1; i >= 0; --i) s += (i % 2 ? "}" : "]");
    return s + "}";
  };
  // On a worker's stack, as in a run: a release build needs under 0.5 KiB a
  // level, but sanitizer builds need over 8 KiB.
  WorkerThread walk([&] {
    RecordingVisitor ok;
    EXPECT_EQ(Walk(nested(1000), &ok).error, simdjson::SUCCESS);
    RecordingVisitor deep;
    EXPECT_EQ(Walk(nested(5000), &deep).error, simdjson::DEPTH_ERROR);
    RecordingVisitor very_deep;  // far past what a recursive walk's stack could take
    EXPECT_EQ(Walk(nested(400000), &very_deep).error, simdjson::DEPTH_ERROR);
  });
}

TEST(RecordWalkerTest, WalkerIsReusable) {
  RecordWalker<RecordingVisitor> walker;
  ondemand::parser parser;
  for (int i = 0; i < 3; ++i) {
    const std::string line = R"({"k\u0041":)" + std::to_string(i) + "}";
    simdjson::padded_string padded(line);
    ondemand::document doc;
    ASSERT_EQ(parser.iterate(padded).get(doc), simdjson::SUCCESS);
    ondemand::object object;
    ASSERT_EQ(doc.get_object().get(object), simdjson::SUCCESS);
    RecordingVisitor v;
    v.line = padded.data();
    ASSERT_EQ(walker.Walk(object, padded.data() + line.size(), &v), simdjson::SUCCESS);
    EXPECT_EQ(v.numbers, std::vector<std::string>{"/kA=" + std::to_string(i)});
  }
}

TEST(RecordWalkerHelpersTest, IsJsonNumber) {
  for (std::string t : {"0", "-0", "1", "-1", "10", "1.5", "0.5", "1e5", "1E+5", "1e-5", "-12.34e56"}) {
    EXPECT_TRUE(IsJsonNumber(t)) << t;
  }
  for (std::string t : {"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "1.5.5", "NaN", "Infinity", "1 "}) {
    EXPECT_FALSE(IsJsonNumber(t)) << t;
  }
}

TEST(RecordWalkerHelpersTest, FindStringEnd) {
  auto end_of = [](const std::string& body) {
    const char* e = FindStringEnd(body.data(), body.data() + body.size());
    return e ? static_cast<long>(e - body.data()) : -1L;
  };
  EXPECT_EQ(end_of(R"(abc"rest)"), 3);
  EXPECT_EQ(end_of(R"(a\"b"rest)"), 4);
  EXPECT_EQ(end_of(R"(a\\"rest)"), 3);
  EXPECT_EQ(end_of(R"(a\\\"b"x)"), 6);
  EXPECT_EQ(end_of(R"("x)"), 0);
  EXPECT_EQ(end_of(R"(no end)"), -1);
  EXPECT_EQ(end_of(R"(escaped at end\")"), -1);
}

TEST(RecordWalkerHelpersTest, TrimJsonSpace) {
  EXPECT_EQ(TrimJsonSpace("1 \t\r\n"), "1");
  EXPECT_EQ(TrimJsonSpace("true"), "true");
  EXPECT_EQ(TrimJsonSpace("  "), "");
}

}  // namespace
}  // namespace sluice
