// Tests for redact/record_redactor.h through behaviour that holds for any rule
// set with a key rule for "password": that value (a string, number, object,
// array, literal, escaped or not, at any depth) is replaced by a JSON string
// that does not hold the secret, every other byte of the line stays as it was,
// the record stays valid JSON, hits are counted, and nothing leaks from one
// record into the next.
#include "redact/record_redactor.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "parse/record_walker.h"

namespace sluice {
namespace {


struct Redacted {
  bool walked = false;
  bool failed = false;
  bool changed = false;
  size_t hits = 0;
  std::string out;
};

class RecordRedactorTest : public ::testing::Test {
 protected:
  Redacted Redact(const std::string& line) {
    simdjson::padded_string padded(line);
    ondemand::document doc;
    ondemand::object object;
    Redacted r;
    if (parser_.iterate(padded).get(doc) || doc.get_object().get(object)) return r;
    redactor_.BeginRecord(std::string_view(padded.data(), line.size()));
    RedactingVisitor visitor{&redactor_};
    if (walker_.Walk(object, padded.data() + line.size(), &visitor)) return r;
    r.walked = true;
    r.failed = redactor_.failed();
    r.changed = redactor_.changed();
    r.hits = redactor_.hits().size();
    redactor_.AppendRedacted(std::string_view(padded.data(), line.size()), &r.out);
    return r;
  }

  std::shared_ptr<const RedactionRules> rules_ = RedactionRules::Default();
  RecordRedactor redactor_{rules_.get()};
  RecordWalker<RedactingVisitor> walker_;
  ondemand::parser parser_;
};

// Decodes `text` if it is exactly one JSON string literal.
bool DecodeJsonString(const std::string& text, std::string* decoded) {
  simdjson::dom::parser parser;
  std::string_view s;
  if (parser.parse(text).get_string().get(s) != simdjson::SUCCESS) return false;
  decoded->assign(s);
  return true;
}

bool IsValidJsonObject(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  return parser.parse(text).get_object().get(object) == simdjson::SUCCESS;
}

struct SecretCase {
  std::string name;
  std::string before;  // the line up to the password's value
  std::string value;   // the value as written
  std::string after;   // the rest of the line
  std::string secret;  // text that must not survive
};

void PrintTo(const SecretCase& c, std::ostream* os) { *os << c.name; }

class PasswordValueTest : public RecordRedactorTest, public ::testing::WithParamInterface<SecretCase> {};

TEST_P(PasswordValueTest, ValueBecomesAStringAndNothingElseChanges) {
  const SecretCase& c = GetParam();
  Redacted r = Redact(c.before + c.value + c.after);
  ASSERT_TRUE(r.walked);
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.hits, 1u);
  ASSERT_GE(r.out.size(), c.before.size() + c.after.size());
  EXPECT_EQ(r.out.substr(0, c.before.size()), c.before) << r.out;
  EXPECT_EQ(r.out.substr(r.out.size() - c.after.size()), c.after) << r.out;
  const std::string replacement = r.out.substr(c.before.size(), r.out.size() - c.before.size() - c.after.size());
  std::string decoded;
  ASSERT_TRUE(DecodeJsonString(replacement, &decoded)) << "not a JSON string: " << replacement;
  EXPECT_EQ(decoded.find(c.secret), std::string::npos) << decoded;
  EXPECT_EQ(replacement.find(c.secret), std::string::npos) << replacement;
  EXPECT_TRUE(IsValidJsonObject(r.out)) << r.out;
}

// A literal holds no secret, and a string would change the member's type:
// Kubernetes' "automountServiceAccountToken": true, RDS's
// "manageMasterUserPassword": false.
TEST_F(RecordRedactorTest, LiteralsUnderASensitiveKeyStay) {
  const std::string line = R"({"automountServiceAccountToken":true,"password":null,"secret":false,"token":"t"})";
  Redacted r = Redact(line);
  ASSERT_TRUE(r.walked);
  EXPECT_EQ(r.out, R"({"automountServiceAccountToken":true,"password":null,"secret":false,"token":"[REDACTED]"})");
  EXPECT_EQ(r.hits, 1u);
}

// An empty string, array or object holds nothing either: {"token":""} says
// that no token was sent, and "[REDACTED]" would say that one was.
TEST_F(RecordRedactorTest, EmptyValuesUnderASensitiveKeyStay) {
  const std::string line = R"({"token":"","password":[],"secret":{ },"cookie":[ ],"api_key":" ","pwd":[""]})";
  Redacted r = Redact(line);
  ASSERT_TRUE(r.walked);
  EXPECT_EQ(r.out, R"({"token":"","password":[],"secret":{ },"cookie":[ ],"api_key":"[REDACTED]","pwd":"[REDACTED]"})");
  EXPECT_EQ(r.hits, 2u);
}

INSTANTIATE_TEST_SUITE_P(
    Values, PasswordValueTest,
    ::testing::Values(
        SecretCase{"String", R"({"user":"bob","password":)", R"("hunter2")", R"(,"n":1})", "hunter2"},
        SecretCase{"First", R"({"password":)", R"("hunter2")", R"(,"user":"bob"})", "hunter2"},
        SecretCase{"Last", R"({"user":"bob","password":)", R"("hunter2")", "}", "hunter2"},
        SecretCase{"Only", R"({"password":)", R"("hunter2")", "}", "hunter2"},
        SecretCase{"Escaped", R"({"password":)", R"("hun\"ter\\2\u0021")", "}", "hun"},
        SecretCase{"UnicodeEscaped", R"({"password":)", R"("\u0068\u0075\u006e\u0074er2")", "}", "er2"},
        SecretCase{"Number", R"({"password":)", "123456789", R"(,"x":true})", "123456789"},
        SecretCase{"Object", R"({"password":)", R"({"old":"hunter1","new":"hunter2"})", "}", "hunter"},
        SecretCase{"Array", R"({"password":)", R"(["hunter1",["hunter2"]])", R"(,"z":null})", "hunter"},
        SecretCase{"Blank", R"({"password":)", R"("  ")", R"(,"a":"b"})", "\x01"},
        SecretCase{"Spaced", R"({ "user" : "bob" , "password" :  )", R"("hunter2")", R"(  , "n" : 1 })", "hunter2"},
        SecretCase{"Nested", R"({"req":{"body":{"password":)", R"("hunter2")", R"(}},"ok":1})", "hunter2"},
        SecretCase{"InArray", R"({"users":[{"name":"a"},{"password":)", R"("hunter2")", R"(}]})", "hunter2"},
        SecretCase{"EscapedKey", R"({"pass\u0077ord":)", R"("hunter2")", "}", "hunter2"},
        SecretCase{"Utf8Secret", R"({"password":)", "\"p\xC3\xA4ss\xF0\x9F\x98\x80\"", "}", "p\xC3\xA4ss"}),
    [](const auto& info) { return info.param.name; });

TEST_F(RecordRedactorTest, LineWithoutSecretsIsByteIdentical) {
  for (std::string line : {R"({})", R"({"user":"bob","n":1,"ok":true,"z":null})",
                           R"( { "msg" : "a \"quoted\" \\ \u00e9 text" , "l" : [ 1 , { } ] } )"}) {
    Redacted r = Redact(line);
    ASSERT_TRUE(r.walked) << line;
    EXPECT_FALSE(r.changed) << line;
    EXPECT_EQ(r.hits, 0u) << line;
    EXPECT_EQ(r.out, line);
  }
}

// Several documents in one string, as an Elasticsearch _bulk body in an APM
// span or a batch of NDJSON: each is redacted as JSON. Text after one that
// starts no other fails the string.
TEST_F(RecordRedactorTest, DocumentsOneAfterAnotherInAStringAreEachRedacted) {
  Redacted bulk = Redact(
      R"({"db.statement":"{\"index\":{\"_index\":\"logs\"}}\n{\"msg\":\"hi\",\"password\":\"hunter2\"}\n","op":"bulk"})");
  ASSERT_TRUE(bulk.walked);
  EXPECT_EQ(bulk.out,
            R"({"db.statement":"{\"index\":{\"_index\":\"logs\"}}\n{\"msg\":\"hi\",\"password\":\"[REDACTED]\"}\n","op":"bulk"})");
  EXPECT_EQ(bulk.hits, 1u);
  const std::string clean = R"({"msg":"{\"a\":1} {\"b\":[2]}\n[3]"})";
  Redacted two = Redact(clean);
  ASSERT_TRUE(two.walked);
  EXPECT_EQ(two.out, clean);
  Redacted tail = Redact(R"({"msg":"{\"a\":1} token=x {\"b\":2}"})");
  EXPECT_EQ(tail.out, R"({"msg":"[REDACTED]"})");
  Redacted cut = Redact(R"({"msg":"{\"a\":1}\n{\"b\":2,}"})");
  EXPECT_EQ(cut.out, R"({"msg":"[REDACTED]"})");
  // Each document indexes the rest again: 64 are walked, more fail closed.
  std::string docs;
  for (int i = 0; i < 64; ++i) docs += "{} ";
  const std::string walked = R"({"msg":")" + docs + R"("})";
  EXPECT_EQ(Redact(walked).out, walked);
  EXPECT_EQ(Redact(R"({"msg":")" + docs + R"({}"})").out, R"({"msg":"[REDACTED]"})");
}

// A string that looks like a JSON object but does not parse is masked whole
// (fail closed); text that only sits in braces is scanned as text.
TEST_F(RecordRedactorTest, BrokenJsonInAStringFailsClosedButBraceTextDoesNot) {
  Redacted broken = Redact(R"({"body":"{\"user\":\"bob\",\"n\":1,}"})");
  ASSERT_TRUE(broken.walked);
  EXPECT_EQ(broken.out, R"({"body":"[REDACTED]"})");
  for (std::string line : {R"({"msg":"{user} logged in at {time}"})", R"({"msg":"{Name:bob Age:3}"})",
                           R"({"msg":"{'a': 1, 'b': [2]}"})"}) {
    Redacted r = Redact(line);
    ASSERT_TRUE(r.walked) << line;
    EXPECT_FALSE(r.changed) << line;
    EXPECT_EQ(r.out, line);
  }
  Redacted go = Redact(R"({"msg":"{Name:bob Password:hunter2}"})");
  // An unquoted value runs to a blank or a quote, but not the brace that
  // closes the struct it is in.
  EXPECT_EQ(go.out, R"({"msg":"{Name:bob Password:[REDACTED]}"})");
  Redacted py = Redact(R"({"msg":"{'user': 'bob', 'password': 'hunter2'}"})");
  EXPECT_EQ(py.out, R"({"msg":"{'user': 'bob', 'password': '[REDACTED]'}"})");
}

// JSON arrays held in strings are parsed and redacted as objects are; text
// that starts like JSON but is cut short or followed by more text fails
// closed; a secret found only in text decoded twice is replaced where it
// stands, escaped for both levels.
TEST_F(RecordRedactorTest, ArraysTruncatedJsonAndDoubleEscapesInStrings) {
  EXPECT_EQ(Redact(R"({"body":"[{\"pass\u0077ord\":\"hunter2\"},1,\"x\"]"})").out,
            R"({"body":"[{\"pass\u0077ord\":\"[REDACTED]\"},1,\"x\"]"})");
  EXPECT_EQ(Redact(R"({"b":"[{\"dsn\":\"postgres:\\/\\/app:hunter2pw@db\\/main\"}]"})").out,
            R"({"b":"[{\"dsn\":\"postgres:\\/\\/app:[REDACTED]@db\\/main\"}]"})");
  EXPECT_EQ(Redact(R"({"req":"{\"user\":\"bob\",\"pass\u0077ord\":\"hunter2\",\"ts\":1"})").out,
            R"({"req":"{\"user\":\"bob\",\"pass\u0077ord\":\"[REDACTED]\",\"ts\":1"})");
  // JSON followed by text is text: its pairs are found in it.
  EXPECT_EQ(Redact(R"({"body":"[\"a\",{\"password\":\"x\"}] tail"})").out,
            R"({"body":"[\"a\",{\"password\":\"[REDACTED]\"}] tail"})");
  EXPECT_EQ(Redact(R"({"m":"{\"event\":\"login\",\"user\":\"bob\"} processed in 3ms"})").out,
            R"({"m":"{\"event\":\"login\",\"user\":\"bob\"} processed in 3ms"})");
  EXPECT_EQ(Redact(R"({"m":"[\"missing\"] key not found"})").out, R"({"m":"[\"missing\"] key not found"})");
  EXPECT_EQ(Redact(R"({"m":"resp={\"url\":\"/cb?a=1\\u0026sig=Hunter2Val\"} done"})").out,
            R"({"m":"resp={\"url\":\"/cb?a=1\\u0026sig=[REDACTED]\"} done"})");
  // A secret the text's own scan finds too is masked where it stands: a
  // Lambda line with an API Gateway event whose body is a JSON string, and
  // escaped quotes elsewhere in the text.
  // Counted once, although both decodings find it.
  EXPECT_EQ(Redact(R"({"m":"INFO\t{\"path\":\"/login\",\"body\":\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"Hunter2Val\\\"}\"}\n"})").hits, 1u);
  EXPECT_EQ(Redact(R"({"m":"INFO\t{\"path\":\"/login\",\"body\":\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"Hunter2Val\\\"}\"}\n"})").out,
            R"({"m":"INFO\t{\"path\":\"/login\",\"body\":\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"[REDACTED]\\\"}\"}\n"})");
  EXPECT_EQ(Redact(R"({"m":"INFO {\"note\":\"he said \\\"hi\\\"\",\"password\":\"Hunter2Val\"} ok"})").out,
            R"({"m":"INFO {\"note\":\"he said \\\"hi\\\"\",\"password\":\"[REDACTED]\"} ok"})");
  for (std::string line : {R"({"msg":"[INFO] started [1,2]"})", R"({"m":"[2024-01-15 10:30:00] GET /"})",
                           R"({"m":"path C:\\dir\\file and \\n"})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

// Values under id keys (the default pack's trace_id and span_id suffixes) are
// ids, never cards: Datadog writes 19-digit decimal trace ids. Only the id
// key's own value: a card right after it is still one.
TEST_F(RecordRedactorTest, IdKeysValuesAreNoCards) {
  const std::string ids = R"({"dd.trace_id":"5804755971877604743","dd.span_id": 4111111111111111,"traceId":"4111111111111111"})";
  EXPECT_EQ(Redact(ids).out, ids);
  EXPECT_EQ(Redact(R"({"trace_id":"1","a":["4111111111111111"],"b":[{"span_id":2},"4111111111111111"]})").out,
            R"({"trace_id":"1","a":["************1111"],"b":[{"span_id":2},"************1111"]})");
  EXPECT_EQ(Redact(R"({"trace_id":"4111111111111111","card":"4111111111111111"})").out,
            R"({"trace_id":"4111111111111111","card":"************1111"})");
  // Only ids (decimal, hex, UUIDs) are let through: anything else is scanned.
  EXPECT_EQ(Redact(R"({"trace_id":"password=hunter2","span_id":"bob@example.com"})").out,
            R"({"trace_id":"password=[REDACTED]","span_id":"[REDACTED:email]"})");
}

// Card numbers written as JSON numbers, under any key, at any depth.
TEST_F(RecordRedactorTest, CardNumbersAsJsonNumbersAreRedacted) {
  EXPECT_EQ(Redact(R"({"pan":4111111111111111,"n":1})").out, R"({"pan":"************1111","n":1})");
  EXPECT_EQ(Redact(R"({"a":[1,{"b":5500000000000004}]})").out, R"({"a":[1,{"b":"************0004"}]})");
  EXPECT_EQ(Redact(R"({"amex":378282246310005})").out, R"({"amex":"***********0005"})");
  // 18-19 digit ids (snowflakes) that happen to pass the Luhn sum stay numbers.
  EXPECT_EQ(Redact(R"({"id":662474321067076319})").out, R"({"id":662474321067076319})");
  EXPECT_EQ(Redact(R"({"m":"{\"cc\":4111111111111111}"})").out, R"({"m":"{\"cc\":\"************1111\"}"})");
  // Ids, timestamps and fractions of that length are no cards.
  for (std::string line : {R"({"id":4111111111111112})", R"({"ts_us":1795440577022598})",
                           R"({"x":4111111111111.111})", R"({"y":-4111111111111111})",
                           R"({"z":4.111111111111111e15})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

// Maps logged as lists of pairs: Kubernetes env, HAR headers, OpenTelemetry
// attributes, AWS tags. The name is decided as a member key would be.
TEST_F(RecordRedactorTest, NameValuePairsAreRedactedByTheirName) {
  EXPECT_EQ(Redact(R"({"env":[{"name":"DB_PASSWORD","value":"hunter2"},{"name":"PORT","value":"80"}]})").out,
            R"({"env":[{"name":"DB_PASSWORD","value":"[REDACTED]"},{"name":"PORT","value":"80"}]})");
  EXPECT_EQ(Redact(R"({"headers":[{"name":"X-Api-Key","value":"k3y"},{"name":"Accept","value":"*/*"}]})").out,
            R"({"headers":[{"name":"X-Api-Key","value":"[REDACTED]"},{"name":"Accept","value":"*/*"}]})");
  EXPECT_EQ(Redact(R"({"attributes":[{"key":"http.request.header.cookie","value":{"stringValue":"sid=1"}}]})").out,
            R"({"attributes":[{"key":"http.request.header.cookie","value":{"stringValue":"[REDACTED]"}}]})");
  EXPECT_EQ(Redact(R"({"Tags":[{"Value":"s3cr3t","Key":"client_secret"}]})").out,
            R"({"Tags":[{"Value":"[REDACTED]","Key":"client_secret"}]})");
  EXPECT_EQ(Redact(R"({"m":"[{\"name\":\"pass\u0077ord\",\"value\":\"hunter2\"}]"})").out,
            R"({"m":"[{\"name\":\"pass\u0077ord\",\"value\":\"[REDACTED]\"}]"})");
  Redacted r = Redact(R"({"name":"pass\u0077ord","value":"hunter2"})");
  EXPECT_EQ(r.out, R"({"name":"pass\u0077ord","value":"[REDACTED]"})");
  EXPECT_EQ(r.hits, 1u);
  // A Kubernetes Secret's data and stringData: the keys stay and the values
  // go, before its kind too (kubectl sorts the keys). Other kinds keep theirs.
  EXPECT_EQ(Redact(R"({"apiVersion":"v1","data":{"tls.key":"LS0t","n":1},"kind":"Secret","stringData":{"DATABASE_URL":"pg"}})").out,
            R"({"apiVersion":"v1","data":{"tls.key":"[REDACTED]","n":"[REDACTED]"},"kind":"Secret","stringData":{"DATABASE_URL":"[REDACTED]"}})");
  // Settings dumps and Slack's attachment fields name their values too.
  EXPECT_EQ(Redact(R"({"fields":[{"title":"Password","value":"pw1"},{"title":"Region","value":"eu"}]})").out,
            R"({"fields":[{"title":"Password","value":"[REDACTED]"},{"title":"Region","value":"eu"}]})");
  EXPECT_EQ(Redact(R"({"property":"spring.datasource.password","value":"pw2"})").out,
            R"({"property":"spring.datasource.password","value":"[REDACTED]"})");
  // Change records: a field's old and new values.
  EXPECT_EQ(Redact(R"({"changes":[{"field":"password","old":"hunter1x","new":"hunter2x"},{"field":"plan","old":"a","new":"b"}]})").out,
            R"({"changes":[{"field":"password","old":"[REDACTED]","new":"[REDACTED]"},{"field":"plan","old":"a","new":"b"}]})");
  EXPECT_EQ(Redact(R"({"changes":[{"attribute":"api_token","old_value":"abc","new_value":"def123"}]})").out,
            R"({"changes":[{"attribute":"api_token","old_value":"[REDACTED]","new_value":"[REDACTED]"}]})");
  // The API server's SecretList gives its items no kind: every value in them goes.
  EXPECT_EQ(Redact(R"({"kind":"SecretList","items":[{"metadata":{"name":"db"},"data":{"pw":"aHVudGVy"}}]})").out,
            R"({"kind":"SecretList","items":[{"metadata":{"name":"[REDACTED]"},"data":{"pw":"[REDACTED]"}}]})");
  // Look-alikes and ordinary names stay.
  for (std::string line : {R"({"kind":"ConfigMap","data":{"LOG_LEVEL":"info"}})", R"({"data":{"a":1},"name":"checkout"})",
                           R"({"kind":"PodList","items":[{"name":"p"}]})", R"({"items":[{"sku":"A-1"}],"kind":"order"})",
                           R"({"name":"reset-password","data":{"to":"bob"}})", R"({"key":"session","data":[1]})",
                           R"({"name":"token_type","value":"Bearer"})", R"({"name":"alice","value":"x"})",
                           R"({"key":"max_tokens","value":512})", R"({"name":"password","count":3})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

// A Secret written as a patch has no kind: an audit event or admission
// review about Secrets loses the object it writes, whole.
TEST_F(RecordRedactorTest, SecretPatchesInAuditEventsAndAdmissionReviewsAreRedacted) {
  EXPECT_EQ(Redact(R"({"kind":"Event","verb":"patch","objectRef":{"resource":"secrets","name":"db"},"requestObject":{"data":{"URL":"cGc6Ly9h"}}})").out,
            R"({"kind":"Event","verb":"patch","objectRef":{"resource":"secrets","name":"db"},"requestObject":"[REDACTED]"})");
  EXPECT_EQ(Redact(R"({"requestURI":"/api/v1/namespaces/p/secrets/db?fieldManager=kubectl","requestObject":[{"op":"replace","path":"/data/k","value":"LS0t"}]})").out,
            R"({"requestURI":"/api/v1/namespaces/p/secrets/db?fieldManager=kubectl","requestObject":"[REDACTED]"})");
  EXPECT_EQ(Redact(R"({"request":{"resource":{"resource":"secrets"},"object":{"data":{"k":"djE="}},"oldObject":null}})").out,
            R"({"request":{"resource":{"resource":"secrets"},"object":"[REDACTED]","oldObject":null}})");
  // Other resources, and "object" members of other records, stay.
  for (std::string line : {R"({"objectRef":{"resource":"configmaps"},"requestObject":{"data":{"LOG_LEVEL":"debug"}}})",
                           R"({"requestURI":"/api/v1/namespaces/p/secretstores/x","requestObject":{"a":1}})",
                           R"({"type":"MODIFIED","object":{"kind":"Pod"},"resource":"secrets"})",
                           R"({"object":{"id":1},"resource":"orders"})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
  // Each record starts afresh.
  Redact(R"({"resource":"secrets"})");
  EXPECT_EQ(Redact(R"({"object":{"id":1}})").out, R"({"object":{"id":1}})");
}

// nginx writes '"' in a request body as \x22; a container runtime wraps the
// access line in JSON. A secret found once \xHH is decoded masks the string.
TEST_F(RecordRedactorTest, NginxHexEscapedBodiesInWrappedLinesLoseTheirSecrets) {
  EXPECT_EQ(Redact(R"({"log":"POST /login 200 \"{\\x22user\\x22:\\x22bob\\x22,\\x22password\\x22:\\x22hunter2x\\x22}\"","stream":"stdout"})").out,
            R"({"log":"POST /login 200 \"{\\x22user\\x22:\\x22bob\\x22,\\x22password\\x22:\\x22[REDACTED]\\x22}\"","stream":"stdout"})");
  // Secrets next to escapes of either level, multi-byte ones among them: the
  // line stays valid JSON and the secret goes.
  for (std::string line : {R"({"m":"a={\"u\":\"/x?q=1\\u0026token=Hunter2Val\\u00e9\\u00e9\"} b"})",
                           R"({"m":"a={\"u\":\"/x?q=\\u00e9\\u0026token=Hunter2Val\\\\n\"} b"})",
                           R"({"m":"GET /?q=\\x22\\xc3\\xa9\\x22\u0026token=Hunter2Val\u00e9 x"})"}) {
    const Redacted r = Redact(line);
    ASSERT_TRUE(r.walked) << line;
    EXPECT_TRUE(IsValidJsonObject(r.out)) << r.out;
    EXPECT_EQ(r.out.find("Hunter2Val"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[REDACTED]"), std::string::npos) << r.out;
  }
  const std::string clean = R"({"log":"GET /a?q=\\x22shoes\\x22 200","stream":"stdout"})";
  EXPECT_EQ(Redact(clean).out, clean);
}

// Command lines logged as arrays: long flags by their names, short ones by
// their program, and the value after "set".
TEST_F(RecordRedactorTest, ArgumentArraysLoseTheirPasswords) {
  EXPECT_EQ(Redact(R"({"args":["docker","login","-u","ci","-p","hunter2pass","registry.example.com"]})").out,
            R"({"args":["docker","login","-u","ci","-p","[REDACTED]","registry.example.com"]})");
  EXPECT_EQ(Redact(R"({"args":["/usr/bin/mysql","-uroot","-phunter2pass","orders"]})").out,
            R"({"args":["/usr/bin/mysql","-uroot","[REDACTED]","orders"]})");
  EXPECT_EQ(Redact(R"({"args":["redis-cli","-h","cache","-a","hunter2pass","PING"]})").out,
            R"({"args":["redis-cli","-h","cache","-a","[REDACTED]","PING"]})");
  EXPECT_EQ(Redact(R"({"args":["aws","configure","set","aws_secret_access_key","AbCdEf1234567890"]})").out,
            R"({"args":["aws","configure","set","aws_secret_access_key","[REDACTED]"]})");
  EXPECT_EQ(Redact(R"({"args":["npm","config","set","//registry.npmjs.org/:_authToken","abc123"]})").out,
            R"({"args":["npm","config","set","//registry.npmjs.org/:_authToken","[REDACTED]"]})");
  // Node's rawHeaders, kcat's headers: names and values in turn.
  EXPECT_EQ(Redact(R"({"req":{"rawHeaders":["Host","api","Authorization","Token abcdef123456","Cookie","sid=1"]}})").out,
            R"({"req":{"rawHeaders":["Host","api","Authorization","[REDACTED]","Cookie","[REDACTED]"]}})");
  for (std::string line : {R"({"args":["docker","run","-p","8080:80","app"]})", R"({"args":["mysql","-u","root","-p","orders"]})",
                           R"({"args":["git","config","set","user.name","bob"]})", R"({"args":["ssh","-p","2222","host"]})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

TEST_F(RecordRedactorTest, ArgumentArraysReadTheProgramThatRunsLast) {
  // Behind sudo, env or a path: the known program's flags (Falco's
  // proc.args, ECS process.args, auditd's EXECVE).
  EXPECT_EQ(Redact(R"({"process":{"args":["/usr/bin/sudo","docker","login","-u","bob","-p","hunter2x"]}})").out,
            R"({"process":{"args":["/usr/bin/sudo","docker","login","-u","bob","-p","[REDACTED]"]}})");
  EXPECT_EQ(Redact(R"({"args":["sudo","-u","app","env","A=1","mysql","-uroot","-phunter2x","db"]})").out,
            R"({"args":["sudo","-u","app","env","A=1","mysql","-uroot","[REDACTED]","db"]})");
  // A shell's -c (and -lc), cmd's /c: the command line after it, as under a
  // command key.
  EXPECT_EQ(Redact(R"({"args":["/bin/sh","-c","cd /srv && mysql -uroot -phunter2x app"]})").out,
            R"({"args":["/bin/sh","-c","cd /srv && mysql -uroot -p[REDACTED] app"]})");
  EXPECT_EQ(Redact(R"({"args":["bash","-lc","redis-cli -a hunter2x ping","x",{"k":"v"}],"n":"redis-cli -a x"})").out,
            R"({"args":["bash","-lc","redis-cli -a [REDACTED] ping","x",{"k":"v"}],"n":"redis-cli -a x"})");
  EXPECT_EQ(Redact(R"({"argv":["cmd.exe","/C","sqlcmd -S db -U sa -P hunter2x"]})").out,
            R"({"argv":["cmd.exe","/C","sqlcmd -S db -U sa -P [REDACTED]"]})");
  // sshpass's options end at the command it runs: ssh's -p is a port.
  for (std::string line : {R"({"args":["sshpass","-f","pw.txt","ssh","-p","2222","host"]})",
                           R"({"args":["sudo","ssh","-p","2222","host"]})", R"({"args":["sh","-c"]})",
                           R"({"args":["sh","-c","echo -p x"],"cmd":"sh"})", R"({"argv":["echo","-c","mysql -px"]})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
  EXPECT_EQ(Redact(R"({"args":["sshpass","-p","hunter2x","ssh","-p","2222","host"]})").out,
            R"({"args":["sshpass","-p","[REDACTED]","ssh","-p","2222","host"]})");
  // Passwords by their place, and long flags of the table.
  EXPECT_EQ(Redact(R"({"args":["rabbitmqctl","add_user","bob","hunter2x"],"c":"+ net user bob Hunter2x! /add"})").out,
            R"({"args":["rabbitmqctl","add_user","bob","[REDACTED]"],"c":"+ net user bob [REDACTED] /add"})");
  EXPECT_EQ(Redact(R"({"args":["sudo","-E","redis-cli","-a","hunter2x"],"cmd":"sudo -E mysql -phunter2x"})").out,
            R"({"args":["sudo","-E","redis-cli","-a","[REDACTED]"],"cmd":"sudo -E mysql -p[REDACTED]"})");
  EXPECT_EQ(Redact(R"({"args":"['sudo', 'redis-cli', '-a', 'hunter2x']"})").out,
            R"({"args":"['sudo', 'redis-cli', '-a', '[REDACTED]']"})");
  EXPECT_EQ(Redact(R"({"args":["gh","secret","set","DB_PASSWORD","--body","hunter2x"]})").out,
            R"({"args":["gh","secret","set","DB_PASSWORD","--body","[REDACTED]"]})");
  for (std::string line : {R"({"args":["rabbitmqctl","list_users"]})", R"({"args":["net","user","bob","/domain"]})",
                           R"({"argv":["-h","mongo","-p","27017"],"cmd":"docker run --name mongo -p 27017:27017 mongo:7"})",
                           R"({"args":"-h mongo -p 27017 -t 30","jvm":"-Dmongo.host=mongo -p 8080"})",
                           R"({"args":["gh","pr","create","--body","fixes"]})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

TEST_F(RecordRedactorTest, ContainerArgsAndQuotedCommandLinesKeepTheirShape) {
  // Kubernetes' command and args apart, Docker's Path and Args, Falco's
  // proc.args as a string: args is a command key.
  EXPECT_EQ(Redact(R"({"args":["bash","-c","--","mysql -phunter2x db"],"b":["smbclient","-U","bob%hunter2x"]})").out,
            R"({"args":["bash","-c","--","mysql -p[REDACTED] db"],"b":["smbclient","-U","[REDACTED]"]})");
  EXPECT_EQ(Redact(R"({"cmd":"echo hunter2x | docker login --password-stdin","c":["sh","-c","gh auth login --with-token <<< hunter2x"]})").out,
            R"({"cmd":"echo [REDACTED] | docker login --password-stdin","c":["sh","-c","gh auth login --with-token <<< [REDACTED]"]})");
  EXPECT_EQ(Redact(R"({"command":["sh","-c"],"args":["redis-cli -a hunter2x ping"]})").out,
            R"({"command":["sh","-c"],"args":["redis-cli -a [REDACTED] ping"]})");
  // Docker's inspect keeps the program apart from its arguments.
  EXPECT_EQ(Redact(R"({"Path":"redis-cli","Args":["-a","hunter2x","ping"]})").out,
            R"({"Path":"redis-cli","Args":["-a","[REDACTED]","ping"]})");
  EXPECT_EQ(Redact(R"({"Path":"ssh","Args":["-p","2222","host"]})").out, R"({"Path":"ssh","Args":["-p","2222","host"]})");
  // Config's Cmd holds the entrypoint's arguments without it.
  EXPECT_EQ(Redact(R"({"Path":"redis-cli","Config":{"Cmd":["-a","hunter2x"],"Entrypoint":["redis-cli"]}})").out,
            R"({"Path":"redis-cli","Config":{"Cmd":["-a","[REDACTED]"],"Entrypoint":["redis-cli"]}})");
  EXPECT_EQ(Redact(R"({"name":"c","command":["sudo", "mysql"],"args":["-uroot","-phunter2x"]})").out,
            R"({"name":"c","command":["sudo", "mysql"],"args":["-uroot","[REDACTED]"]})");
  EXPECT_EQ(Redact(R"({"args":["ipmitool","user","set","password","3","hunter2x"]})").out,
            R"({"args":["ipmitool","user","set","password","3","[REDACTED]"]})");
  EXPECT_EQ(Redact(R"({"args":["sqlplus","--db-password","hunter2x"]})").out,
            R"({"args":["sqlplus","--db-password","[REDACTED]"]})");
  // kubectl sorts a container's keys: its args come before its command. A
  // sidecar's command is not the next container's program.
  EXPECT_EQ(Redact(R"({"containers":[{"args":["-a","hunter2x"],"command":["redis-cli"]},{"args":["-p","8080"]}]})").out,
            R"({"containers":[{"args":["-a","[REDACTED]"],"command":["redis-cli"]},{"args":["-p","8080"]}]})");
  EXPECT_EQ(Redact(R"({"c":[{"command":["sshpass"],"args":["-p","hunter2x"]},{"name":"b","args":["-p","8080"]}]})").out,
            R"({"c":[{"command":["sshpass"],"args":["-p","[REDACTED]"]},{"name":"b","args":["-p","8080"]}]})");
  EXPECT_EQ(Redact(R"({"command":["docker","run"],"args":["-p","8080:80","nginx"]})").out,
            R"({"command":["docker","run"],"args":["-p","8080:80","nginx"]})");
  EXPECT_EQ(Redact(R"({"Path":"/bin/sh","Args":["-c","redis-cli -a hunter2x ping"],"proc.args":"-u a mysql -phunter2x"})").out,
            R"({"Path":"/bin/sh","Args":["-c","redis-cli -a [REDACTED] ping"],"proc.args":"-u a mysql -p[REDACTED]"})");
  // The quote a command opened in closes it: the password stops there.
  EXPECT_EQ(Redact(R"({"CommandLine":"cmd.exe /c \"sqlcmd -S db -U sa -P hunter2x\""})").out,
            R"({"CommandLine":"cmd.exe /c \"sqlcmd -S db -U sa -P [REDACTED]\""})");
  EXPECT_EQ(Redact(R"x({"command":["python3","-c","os.system('mysql -phunter2x')"],"a":["bash","-ceu","mysql -phunter2x"]})x").out,
            R"x({"command":["python3","-c","os.system('mysql -p[REDACTED]')"],"a":["bash","-ceu","mysql -p[REDACTED]"]})x");
}

TEST_F(RecordRedactorTest, AShellsTraceIsReadAsACommandLine) {
  // bash's set -x in a CI job's log: any message, any key.
  EXPECT_EQ(Redact(R"({"msg":"+ docker login -u bob -p hunter2x registry.example.com"})").out,
            R"({"msg":"+ docker login -u bob -p [REDACTED] registry.example.com"})");
  EXPECT_EQ(Redact(R"({"log":"++ mysql -uroot -phunter2x app","x":"+ redis-cli -h r -a hunter2x ping"})").out,
            R"({"log":"++ mysql -uroot -p[REDACTED] app","x":"+ redis-cli -h r -a [REDACTED] ping"})");
  EXPECT_EQ(Redact(R"({"msg":"+ java -jar agent.jar -secret 3f2a1b4c5d6e7f80 -workDir /home/jenkins"})").out,
            R"({"msg":"+ java -jar agent.jar -secret [REDACTED] -workDir /home/jenkins"})");
  for (std::string line : {R"({"msg":"+ docker run -p 8080:80 app"})", R"({"msg":"+ 3 more"})",
                           R"({"msg":"+1 555 0100 mysql -px"})", R"({"msg":"a + mysql -px"})", R"({"msg":"+"})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

TEST_F(RecordRedactorTest, KeyRulesWithACheckTakeOnlyValuesThatPass) {
  // "auth": base64 of user:password (Docker's config.json, npm), masked;
  // a mode or a scheme under the same key stays, and is scanned as text.
  Redacted r = Redact(R"({"auths":{"ghcr.io":{"auth":"Ym9iOmh1bnRlcjJ4","email":null}},"_auth":"Ym9iOmh1bnRlcjJ4",)"
                      R"("NPM_CONFIG__AUTH":"Ym9iOmh1bnRlcjJ4","//registry.npmjs.org/:_auth":"Ym9iOmh1bnRlcjJ4"})");
  EXPECT_EQ(r.out, R"({"auths":{"ghcr.io":{"auth":"[REDACTED]","email":null}},"_auth":"[REDACTED]",)"
                   R"("NPM_CONFIG__AUTH":"[REDACTED]","//registry.npmjs.org/:_auth":"[REDACTED]"})");
  ASSERT_EQ(r.hits, 4u);
  EXPECT_EQ(rules_->rule(redactor_.hits()[0]).name, "auth_credentials");
  // Escaped ('\/' in base64) and in a name/value pair.
  EXPECT_EQ(Redact(R"({"auth":"Ym9iOmE\/fg=="})").out, R"({"auth":"[REDACTED]"})");
  EXPECT_EQ(Redact(R"({"env":[{"name":"AUTH","value":"Ym9iOmh1bnRlcjJ4"}]})").out,
            R"({"env":[{"name":"AUTH","value":"[REDACTED]"}]})");
  // A pair named "auth" with an object: walked, its own keys decide.
  EXPECT_EQ(Redact(R"({"name":"auth","value":{"password":"S3cretY4","mode":"x"}})").out,
            R"({"name":"auth","value":{"password":"[REDACTED]","mode":"x"}})");
  EXPECT_EQ(Redact(R"({"auth":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"})").out,
            R"({"auth":"Bearer [REDACTED:jwt]"})");
  // An object under the key is walked: its own keys decide.
  EXPECT_EQ(Redact(R"({"auth":{"method":"oauth2","client":{"client_secret":"wYK54RkG"}},"a":["Ym9iOmh1bnRlcjJ4"]})").out,
            R"({"auth":{"method":"oauth2","client":{"client_secret":"[REDACTED]"}},"a":["Ym9iOmh1bnRlcjJ4"]})");
  EXPECT_EQ(Redact(R"({"auth":["none","Ym9iOmh1bnRlcjJ4"]})").out, R"({"auth":["none","[REDACTED]"]})");
  for (std::string line : {R"({"auth":"oauth","n":{"auth":"basic"},"m":{"auth":true},"k":{"auth":12}})",
                           R"({"auth":["none","ldap"]})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

TEST_F(RecordRedactorTest, CommandLinesUnderCommandKeysLoseTheirPasswords) {
  // Falco, ECS, Sysmon, journald (--keep-envelope), Ansible: a command line
  // as one string, whether the line's marking pass saw anything in it or not.
  EXPECT_EQ(Redact(R"({"output_fields":{"proc.cmdline":"mysql -uroot -phunter2x app","user.name":"root"}})").out,
            R"({"output_fields":{"proc.cmdline":"mysql -uroot -p[REDACTED] app","user.name":"root"}})");
  EXPECT_EQ(Redact(R"({"process":{"command_line":"docker login -u bob -p hunter2x ghcr.io"}})").out,
            R"({"process":{"command_line":"docker login -u bob -p [REDACTED] ghcr.io"}})");
  EXPECT_EQ(Redact(R"({"CommandLine":"sqlcmd -S db -U sa -P \"hunter 2x\" -Q \"SELECT 1\""})").out,
            R"({"CommandLine":"sqlcmd -S db -U sa -P \"[REDACTED]\" -Q \"SELECT 1\""})");
  EXPECT_EQ(Redact(R"({"_CMDLINE":"/usr/bin/redis-cli -h cache -a hunter2x ping"})").out,
            R"({"_CMDLINE":"/usr/bin/redis-cli -h cache -a [REDACTED] ping"})");
  // After sudo, a shell, a separator; every password of the line; the rule
  // for "password" counts them.
  Redacted r = Redact(R"({"cmd":"sudo -u app sshpass -p hunter2x ssh h && curl -s -u ci:hunter3y https://x"})");
  EXPECT_EQ(r.out, R"({"cmd":"sudo -u app sshpass -p [REDACTED] ssh h && curl -s -u [REDACTED] https://x"})");
  EXPECT_EQ(r.hits, 2u);
  EXPECT_EQ(rules_->rule(redactor_.hits()[0]).name, "password");
  // Escaped text is read decoded and written back escaped.
  EXPECT_EQ(Redact(R"({"cmd":"mysql -p\u0068unter2x\tdb"})").out, R"({"cmd":"mysql -p[REDACTED]\tdb"})");
  // Text that needs decoding twice, and a secret of another kind beside.
  EXPECT_EQ(Redact(R"({"cmd":"printf 'token=S3cretI5\\n' && sshpass -p S3cretI6 ssh h"})").out,
            R"({"cmd":"printf 'token=[REDACTED]\\n' && sshpass -p [REDACTED] ssh h"})");
  // Any program's flag named like a sensitive key, one dash or two.
  EXPECT_EQ(Redact(R"({"cmd":"keytool -importkeystore -storepass changeit -keypass 's3 cret' -alias x"})").out,
            R"({"cmd":"keytool -importkeystore -storepass [REDACTED] -keypass '[REDACTED]' -alias x"})");
  EXPECT_EQ(Redact(R"({"command":"influx -username admin -password S3cretPw -host db"})").out,
            R"({"command":"influx -username admin -password [REDACTED] -host db"})");
  // Other commands, other programs, mysql's -p alone, a flag after -a, and
  // the same text under a key that names no command line.
  for (std::string line : {R"({"cmd":"docker run -p 8080:80 nginx; ssh -p 22 host; mysql -u root -p orders"})",
                           R"({"cmd":"app -password-file /run/pw -token --verbose -no-password x -n -1 -pw"})",
      R"({"cmd":"mongod --auth -f /etc/mongod.conf"})",
                           R"({"cmdline":"redis-cli -a --no-auth-warning"})",
                           R"({"msg":"sshpass -p hunter2x ssh h"})", R"({"cmd":"sshpass"})", R"({"cmd":""})"}) {
    EXPECT_EQ(Redact(line).out, line);
  }
}

TEST_F(RecordRedactorTest, EscapedPasswordKeyAfterManyEscapedKeysIsRedacted) {
  std::string line = "{";
  // Enough escaped keys to fill any fixed space kept for decoded keys, to the byte.
  for (int i = 0; i < 10000; ++i) line += R"("\u0041":1,)";
  line += R"("pass\u0077ord":"hunter2"})";
  Redacted r = Redact(line);
  ASSERT_TRUE(r.walked);
  EXPECT_EQ(r.hits, 1u);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
  EXPECT_TRUE(IsValidJsonObject(r.out));
}

TEST_F(RecordRedactorTest, EveryPasswordIsRedacted) {
  Redacted r = Redact(R"({"password":"a1","x":{"password":"b2","y":[{"password":"c3"}]},"password":"d4"})");
  ASSERT_TRUE(r.walked);
  EXPECT_EQ(r.hits, 4u);
  EXPECT_TRUE(IsValidJsonObject(r.out)) << r.out;
  for (const char* secret : {"a1", "b2", "c3", "d4"}) EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
  // The structure around the values is untouched.
  EXPECT_NE(r.out.find(R"(,"x":{"password":)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"(,"y":[{"password":)"), std::string::npos) << r.out;
}

TEST_F(RecordRedactorTest, EditsDoNotLeakIntoTheNextRecord) {
  Redacted first = Redact(R"({"password":"hunter2","a":1})");
  ASSERT_TRUE(first.changed);
  const std::string clean = R"({"b":2,"c":"three"})";
  Redacted second = Redact(clean);
  EXPECT_FALSE(second.changed);
  EXPECT_EQ(second.hits, 0u);
  EXPECT_EQ(second.out, clean);
}

TEST_F(RecordRedactorTest, AppendsAfterWhatTheOutputHolds) {
  const std::string line = R"({"password":"hunter2"})";
  simdjson::padded_string padded(line);
  ondemand::document doc;
  ondemand::object object;
  ASSERT_EQ(parser_.iterate(padded).get(doc), simdjson::SUCCESS);
  ASSERT_EQ(doc.get_object().get(object), simdjson::SUCCESS);
  redactor_.BeginRecord(std::string_view(padded.data(), line.size()));
  RedactingVisitor visitor{&redactor_};
  ASSERT_EQ(walker_.Walk(object, padded.data() + line.size(), &visitor), simdjson::SUCCESS);
  std::string out = "previous\n";
  redactor_.AppendRedacted(std::string_view(padded.data(), line.size()), &out);
  EXPECT_EQ(out.substr(0, 9), "previous\n");
  EXPECT_TRUE(IsValidJsonObject(out.substr(9))) << out;
}

// Found by tests/fuzz/record_fuzz: a message holding JSON whose key carried an
// AWS key id and a JWT came out with both. Keys are scanned like values.
TEST_F(RecordRedactorTest, SecretsInKeysAreRedacted) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {R"({"sessions":{"AKIAIOSFODNN7EXAMPLE":1},"n":2})", R"({"sessions":{"[REDACTED]":1},"n":2})"},
      {R"({"\u0041KIAIOSFODNN7EXAMPLE":true})", R"({"[REDACTED]":true})"},
      {R"({"id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln x":null})", R"({"id [REDACTED:jwt] x":null})"},
      {R"({"msg":"{\"a AKIAIOSFODNN7EXAMPLE\":\"0.012\"}"})", R"({"msg":"{\"a [REDACTED]\":\"0.012\"}"})"},
      // A key rule still decides on the whole key; the secret in it goes too.
      {R"({"AKIAIOSFODNN7EXAMPLE password":"x"})", R"({"[REDACTED] password":"[REDACTED]"})"},
  };
  for (const Case& c : cases) {
    Redacted r = Redact(c.in);
    ASSERT_TRUE(r.walked) << c.in;
    EXPECT_FALSE(r.failed) << c.in;
    EXPECT_EQ(r.out, c.out) << c.in;
    EXPECT_GE(r.hits, 1u) << c.in;
  }
  // A plain key is left alone.
  EXPECT_EQ(Redact(R"({"access_count":1,"AKIA":2})").out, R"({"access_count":1,"AKIA":2})");
}

// Keys repeat on every line, and the redactor remembers what it decided about
// them (KeyMemo): the second and later lines must come out as the first did.
TEST_F(RecordRedactorTest, RepeatedKeysAreDecidedTheSameEveryTime) {
  const std::string lines[] = {
      R"({"password":"a1","user":"bob","sessions":{"AKIAIOSFODNN7EXAMPLE":1}})",
      R"({"pass\u0077ord":"b2","user":"eve","\u0041KIAIOSFODNN7EXAMPLE":2})",
      R"({"token_type":"bearer","tokens_used":12,"id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln x":null})",
  };
  std::vector<std::string> first;
  for (const std::string& line : lines) first.push_back(Redact(line).out);
  EXPECT_EQ(first[0], R"({"password":"[REDACTED]","user":"bob","sessions":{"[REDACTED]":1}})");
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < std::size(lines); ++i) EXPECT_EQ(Redact(lines[i]).out, first[i]) << round;
  }
  // Many distinct keys evict each other; the decisions stay right.
  for (int i = 0; i < 2000; ++i) {
    const std::string line = R"({"k)" + std::to_string(i) + R"(":1,"api_key":"s)" + std::to_string(i) + R"("})";
    EXPECT_EQ(Redact(line).out, R"({"k)" + std::to_string(i) + R"(":1,"api_key":"[REDACTED]"})");
  }
}

// Found by tests/fuzz/record_fuzz: a replaced string value followed by ':'
// walked cleanly and came out as {"password":"[REDACTED]":}}.
TEST_F(RecordRedactorTest, ColonAfterAReplacedValueFailsTheWalk) {
  EXPECT_FALSE(Redact(R"({"password":"x":}})").walked);
  EXPECT_FALSE(Redact(R"({"a":1,"password":"x"::}})").walked);
  EXPECT_TRUE(Redact(R"({"password":"x","b":"y"})").walked);
}

TEST_F(RecordRedactorTest, InvalidEscapeInAStringFailsTheRecord) {
  for (std::string line : {R"({"msg":"a\qb"})", R"({"msg":"\u12G4"})", R"({"a":{"b":["ok","bad\x"]}})"}) {
    Redacted r = Redact(line);
    ASSERT_TRUE(r.walked) << line;
    EXPECT_TRUE(r.failed) << line;
  }
  Redacted fine = Redact(R"({"msg":"ok \n \u00e9"})");
  EXPECT_FALSE(fine.failed);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Values are told clean by marks over the whole line (LineMarks): a secret,
// an escape or a key=value pair must be found wherever it falls against the
// marking's 64-byte blocks, in a value or in a key, and clean values around it
// must stay byte for byte.
TEST_F(RecordRedactorTest, FindsSecretsAtEveryOffsetOfTheLine) {
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"},
      {"card 4111 1111 1111 1111 ok", "4111 1111 1111"},
      {"password=hunter2", "hunter2"},
      {"\\u0041KIAIOSFODNN7EXAMPLE", "KIAIOSFODNN7EXAMPLE"},
      {"mail bob@example.com", "bob@example.com"},
  };
  for (const auto& [value, secret] : secrets) {
    for (size_t pad = 0; pad < 140; ++pad) {
      const std::string head = R"({"a":")" + std::string(pad, 'x') + R"(","ts":"2026-11-30T02:38:11Z",)";
      for (bool in_key : {false, true}) {
        const std::string line =
            head + (in_key ? "\"" + value + "\":1" : "\"msg\":\"" + value + "\"") + R"(,"z":"clean"})";
        Redacted r = Redact(line);
        ASSERT_TRUE(r.walked) << line;
        EXPECT_TRUE(r.changed) << line;
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        EXPECT_EQ(r.out.substr(0, head.size()), head) << r.out;
        EXPECT_NE(r.out.find(R"(,"z":"clean"})"), std::string::npos) << r.out;
      }
    }
  }
}

}  // namespace
}  // namespace sluice
