// Table-driven tests of the default (and strict) rule packs through the public
// RedactionRules API: every value pattern's true positives with their exact
// [begin, end), the near misses that must survive, key=value in free text,
// rendering per mode, fail-closed behaviour and ScrubRawText on broken lines.
#include "redact/redaction_rules.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "redact/program_flags.h"

namespace sluice {
namespace {

// Secrets are written between ⟦ and ⟧ in the case text; the markers are
// removed and their positions become the expected [begin, end).
constexpr std::string_view kOpen = "⟦";
constexpr std::string_view kClose = "⟧";

struct Expected {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
};

Expected Unmark(std::string_view marked) {
  Expected e;
  size_t i = 0;
  uint32_t begin = 0;
  while (i < marked.size()) {
    if (marked.substr(i, kOpen.size()) == kOpen) {
      begin = static_cast<uint32_t>(e.text.size());
      i += kOpen.size();
    } else if (marked.substr(i, kClose.size()) == kClose) {
      e.spans.emplace_back(begin, static_cast<uint32_t>(e.text.size()));
      i += kClose.size();
    } else {
      e.text.push_back(marked[i++]);
    }
  }
  return e;
}

struct ValueCase {
  std::string marked;
  std::vector<std::string> rules;  // one rule name per marked span
};

std::string Describe(const RedactionRules& rules, std::string_view text,
                     const std::vector<ValueMatch>& matches) {
  std::string out;
  for (const ValueMatch& m : matches) {
    out += rules.rule(m.rule).name + "[" + std::to_string(m.begin) + "," + std::to_string(m.end) +
           ")='" + std::string(text.substr(m.begin, m.end - m.begin)) + "' ";
  }
  return out;
}

void ExpectCases(const RedactionRules& rules, const std::vector<ValueCase>& cases) {
  for (const ValueCase& c : cases) {
    const Expected e = Unmark(c.marked);
    ASSERT_EQ(e.spans.size(), c.rules.size()) << c.marked;
    std::vector<ValueMatch> matches;
    const ScanStatus status = rules.ScanValue(e.text, &matches);
    SCOPED_TRACE(e.text + "  ->  " + Describe(rules, e.text, matches));
    EXPECT_EQ(status, ScanStatus::kMatched);
    ASSERT_EQ(matches.size(), e.spans.size());
    for (size_t i = 0; i < matches.size(); ++i) {
      EXPECT_EQ(matches[i].begin, e.spans[i].first) << i;
      EXPECT_EQ(matches[i].end, e.spans[i].second) << i;
      EXPECT_EQ(rules.rule(matches[i].rule).name, c.rules[i]) << i;
    }
  }
}

void ExpectClean(const RedactionRules& rules, const std::vector<std::string>& texts) {
  for (const std::string& text : texts) {
    std::vector<ValueMatch> matches;
    EXPECT_EQ(rules.ScanValue(text, &matches), ScanStatus::kClean)
        << text << "  ->  " << Describe(rules, text, matches);
    EXPECT_TRUE(matches.empty());
  }
}

TEST(RedactionRulesTest, DefaultValuePatternsFindExactSpans) {
  const auto rules = RedactionRules::Default();
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
      "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
  const std::string pem =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98\nq2Fx0==\n"
      "-----END RSA PRIVATE KEY-----";
  ExpectCases(*rules, {
      {"session ⟦" + jwt + "⟧ accepted", {"jwt"}},
      {"⟦" + jwt + "⟧", {"jwt"}},
      {"sent Bearer ⟦abcDEF123456.xyz-_~+/=⟧ upstream", {"bearer"}},
      {"sent Bearer\xc2\xa0⟦abcDEF123456.xyz-_~+/=⟧ and Bearer\v⟦abcDEF123456.xyz-_~+/=⟧", {"bearer", "bearer"}},
      {"sent bearer ⟦" + jwt + "⟧", {"jwt"}},  // same span: the lower rule id names it
      {"upstream said: basic ⟦dXNlcjpwYXNzd29yZA==⟧", {"basic_auth"}},
      // Service tokens with a fixed prefix.
      {"export GITLAB_TOKEN ⟦glpat-abcdefghij1234567890⟧; git clone", {"service_token"}},
      {"key ⟦PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01⟧ and "
       "⟦sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_abcdefghij⟧", {"service_token", "service_token"}},
      {"grafana sa ⟦glsa_abcdefghijklmnopqrstuvwxyz012345_0a1b2c3d⟧ ok", {"service_token"}},
      // Passwords set in SQL statements.
      {"statement: ALTER ROLE app WITH LOGIN PASSWORD '⟦hunter2 it''s⟧' VALID UNTIL 'infinity'", {"sql_password"}},
      {"CREATE USER 'app'@'%' IDENTIFIED BY '⟦hunter2pass⟧'", {"sql_password"}},
      {"ALTER USER app IDENTIFIED WITH caching_sha2_password BY '⟦pw1⟧'", {"sql_password"}},
      {"SET PASSWORD FOR 'app'@'%' = '⟦hunter2pass⟧';", {"sql_password"}},
      // Oracle's identifiers, MySQL's double quotes, hashes.
      {"ALTER USER scott IDENTIFIED BY ⟦tiger123⟧;", {"sql_identified_by"}},
      {"alter user scott identified by \"⟦Tiger#1,2;3 x⟧\" ACCOUNT UNLOCK", {"sql_identified_by_quoted"}},
      {"ALTER USER scott IDENTIFIED BY ⟦NewPw123 REPLACE OldPw456⟧", {"sql_identified_by"}},
      {"ALTER USER app IDENTIFIED BY '⟦NewPw1⟧' REPLACE '⟦OldPw4⟧'", {"sql_password", "sql_password"}},
      {"CREATE USER 'a'@'%' IDENTIFIED BY \"⟦pw1⟧\", 'b'@'%' IDENTIFIED BY \"⟦pw2⟧\"",
       {"sql_identified_by_quoted", "sql_identified_by_quoted"}},
      {"ALTER USER app IDENTIFIED BY \"⟦pw1⟧\" AND IDENTIFIED WITH ldap_simple BY \"⟦pw2⟧\" REPLACE \"⟦old⟧\"",
       {"sql_identified_by_quoted", "sql_identified_by_quoted", "sql_identified_by_quoted"}},
      {"ALTER USER app ADD 2 FACTOR IDENTIFIED WITH authentication_ldap_simple BY \"⟦pw2⟧\"", {"sql_identified_by_quoted"}},
      {"CREATE DATABASE LINK remote CONNECT TO scott IDENTIFIED BY ⟦tiger123⟧ USING 'orcl'", {"sql_identified_by"}},
      // Oracle's GRANT of several users and their passwords, in both forms.
      {"GRANT CONNECT TO scott, adams IDENTIFIED BY ⟦tiger1, wood2⟧", {"sql_identified_by"}},
      {"GRANT CONNECT TO a IDENTIFIED BY ⟦tiger1, b IDENTIFIED BY wood2⟧", {"sql_identified_by"}},
      {"CREATE USER \"bob\" IDENTIFIED BY \"⟦hunter2x\", \"alice\" IDENTIFIED BY \"hunter3x⟧\"",
       {"sql_identified_by_quoted"}},
      {"ALTER USER app IDENTIFIED BY ⟦hunter2x⟧, status=ok, rows=0", {"sql_identified_by"}},
      {"ALTER USER 'app'@'%' IDENTIFIED WITH 'caching_sha2_password' BY \"⟦hunter2x⟧\";", {"sql_identified_by_quoted"}},

      {"CREATE USER IF NOT EXISTS app@localhost IDENTIFIED WITH mysql_native_password AS '⟦*6BB4837EB74329105EE4⟧'",
       {"sql_identified_by"}},
      {"ALTER USER bob IDENTIFIED BY VALUES '⟦S:8F2D65FB5547B71C8DA3760F10960428CD30;T:DB5B8F6A1B2C3D⟧'",
       {"sql_identified_by"}},
      {"paid with ⟦4111 1111 1111 1111⟧ today", {"payment_card"}},
      // A greedy match takes digits next to the card too; its groups are tried.
      {"charged ⟦4111 1111 1111 1111⟧ 12/25", {"payment_card"}},
      {"card ⟦4111111111111111⟧ 1", {"payment_card"}},
      {"ref 12 ⟦5500-0000-0000-0004⟧-1", {"payment_card"}},
      {"Card: ⟦4111 1111 1111 1111⟧ 123 (cvv)", {"payment_card"}},
      // An address as the URL's user: the password still goes.
      {"git https://bob@corp.com:⟦Hunter2Val⟧@git.corp.com/r", {"url_password"}},
      {"url=jdbc:oracle:thin:scott/⟦tiger1x⟧@db01:1521:orcl", {"url_password"}},
      {"jdbc:oracle:oci8:app_user/⟦tiger1x⟧@//db01:1521/svc", {"url_password"}},
      {"jdbc:oracle:thin:scott/⟦tiger#1⟧@db01:1521:orcl", {"url_password"}},
      {"url=jdbc:oracle:thin:scott/⟦tiger⟧@db01:1521:orcl,owner=⟦dba@corp.com⟧", {"url_password", "email"}},
      {"git https://bob:⟦pa#ss⟧@host/x", {"url_password"}},
      {"jdbc:oracle:thin:scott/⟦\"p@ss\"⟧@db01", {"url_password"}},
      // UTF-8 addresses, and an address right after a URL and a comma.
      {"invite ⟦andré@example.fr⟧ and ⟦info@bücher.de⟧", {"email", "email"}},
      // A command line in one string, or a list's text.
      // auditd's EXECVE record: a flag's value in the next argument, a
      // password glued to mysql's -p, an argument auditd hex-encoded.
      {"audit(1705312345.123:456): argc=3 a0=\"app\" a1=\"--db-password\" a2=\"⟦hunter2x⟧\"", {"password"}},
      // Windows switches: /Name:value after a blank.
      {"cmdkey /add:server01 /user:bob /pass:⟦Hunter2x!⟧", {"password"}},
      {"sqlpackage /Action:Publish /TargetPassword:⟦hunter2x⟧ /TargetUser:sa", {"password"}},
      // Behind sudo: the program that runs last.
      {"argc=5 a0=\"sudo\" a1=\"-u\" a2=\"app\" a3=\"redis-cli\" a4=\"-a\" a5=\"⟦hunter2x⟧\"", {"password"}},
      {"argc=4 a0=\"/usr/bin/sudo\" a1=\"docker\" a2=\"login\" a3=\"-p⟦hunter2x⟧\"", {"password"}},
      {"argc=4 a0=\"rabbitmqctl\" a1=\"add_user\" a2=\"bob\" a3=\"⟦hunter2x⟧\"", {"password"}},
      // bash -c's command line, hex-encoded by auditd: whole ("mysql -uroot -pS3cretpw").
      {"argc=3 a0=\"bash\" a1=\"-c\" a2=⟦6D7973716C202D75726F6F74202D705333637265747077⟧", {"password"}},
      {"argc=6 a0=\"docker\" a1=\"login\" a2=\"-u\" a3=\"bob\" a4=\"-p\" a5=\"⟦hunter2x⟧\"", {"password"}},
      {"argc=3 a0=\"/usr/bin/mysql\" a1=\"-uroot\" a2=\"-p⟦hunter2x⟧\"", {"password"}},
      {"argc=3 a0=\"redis-cli\" a1=\"-a\" a2=⟦68756E7465722078⟧", {"password"}},
      {"argc=3 a0=\"mysql\" a1=\"-uroot\" a2=⟦2D7053336372657420505721⟧", {"password"}},  // "-pS3cret PW!"
      {"argc=3\na0=\"app\"\na1=\"--token\"\na2=\"⟦t0k3n-x⟧\"", {"token"}},
      // user:password@host without a scheme: with a port, or an IPv4 host.
      {"HTTPS_PROXY=bob:⟦hunter2x⟧@proxy:3128", {"bare_url_password"}},
      {"connecting to bob:⟦hunter2x⟧@redis:6379 failed", {"bare_url_password"}},
      {"dial tcp: lookup bob:⟦hunter2x⟧@10.0.0.5: no such host", {"bare_url_password"}},
      {"proxy user1:⟦hunter2x⟧@proxy:3128", {"bare_url_password"}},
      // An address followed by '-' and no letter is still one.
      {"lock held by ⟦bob@example.com⟧-1700000000 and <!-- ⟦ann@example.org⟧-->", {"email", "email"}},
      // A placeholder is "$" and at most three digits: these are passwords.
      {"password=⟦$ecret9⟧ and pw=⟦$1234⟧", {"password", "password"}},
      {"/usr/bin/app --db-password ⟦hunter2pass⟧ --port 5432", {"cli_secret_flag"}},
      {"+ redis-server --requirepass ⟦hunter2x⟧ --masterauth ⟦hunter3y⟧ --appendonly yes",
       {"cli_secret_flag", "cli_secret_flag"}},
      {"curl --user deploy:⟦Hunter2pw⟧ https://x and --user=ci:⟦pw2⟧", {"cli_secret_flag", "cli_secret_flag"}},
      {"Command '['pg_dump', '--password', '⟦hunter2pass⟧']' returned 1", {"cli_secret_flag"}},
      {"exec [\\\"app\\\",\\\"--api-key\\\",\\\"⟦k-1234⟧\\\"]", {"cli_secret_flag"}},
      {"sites=http://shop.example,⟦alice@example.com⟧", {"email"}},
      {"card ⟦5500-0000-0000-0004⟧ declined", {"payment_card"}},
      {"amex ⟦378282246310005⟧", {"payment_card"}},
      {"⟦4111111111111111⟧", {"payment_card"}},
      {"order-⟦4012888888881881⟧,ok", {"payment_card"}},
      {"two cards ⟦4111111111111111⟧,⟦5555555555554444⟧", {"payment_card", "payment_card"}},
      {"phone 555 1234 ⟦4111111111111111⟧", {"payment_card"}},
      {"contact ⟦bob.smith+tag@example.co.uk⟧ now", {"email"}},
      {"mailto:⟦Alice@Example.COM⟧", {"email"}},
      {"user@1000.service mailed ⟦ops@example.services⟧", {"email"}},
      {"from ⟦a@b.io⟧ to ⟦c.d@e-f.org⟧", {"email", "email"}},
      {"connect https://admin:⟦pw123⟧@example.com/path", {"url_password"}},
      {"clone https://x-access-token:⟦Hunter2Val⟧@github.com/org/r.git into /w", {"url_password"}},
      {"dsn root:⟦Hunter2Val⟧@tcp(127.0.0.1:3306)/app", {"mysql_dsn_password"}},
      {"DSN=app:⟦p@ss:w⟧@unix(/tmp/mysql.sock)/db", {"mysql_dsn_password"}},
      {"redis://:⟦hunter2⟧@cache:6379/0", {"url_password"}},
      {"postgres://app:⟦p@ss⟧@db.internal:5432/app", {"url_password"}},
      {"key ⟦AKIAIOSFODNN7EXAMPLE⟧ used", {"aws_access_key_id"}},
      {"temp ⟦ASIAY34FZKBOKMUTVV7A⟧", {"aws_access_key_id"}},
      {"gh ⟦ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789⟧ ok", {"github_token"}},
      {"⟦github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz⟧", {"github_token"}},
      {"slack ⟦xoxb-123456789012-abcdefghij⟧", {"slack_token"}},
      {"post to https://hooks.slack.com/services/⟦T000/B000/XXXXXXXX⟧", {"slack_webhook"}},
      {"POST https://hooks.slack.com/workflows/⟦T00000000/A00000000/123456789012345678/abcdefABCDEF0123⟧ 200",
       {"slack_webhook"}},
      {"POST https://discord.com/api/webhooks/1234567890123456789/⟦AbCdEfGh-_0123456789xYz⟧ 204", {"discord_webhook"}},
      {"POST https://discord.com/api/v10/webhooks/1234567890123456789/⟦AbCdEfGh-_0123456789xYz⟧", {"discord_webhook"}},
      {"stripe ⟦sk_live_0000000000000000FAKE⟧", {"stripe_key"}},
      {"⟦whsec_000000000000000000000000FAKE⟧", {"stripe_key"}},
      {"maps ⟦AIzaSyA-" + std::string(31, '0') + "⟧", {"google_api_key"}},
      {"openai ⟦sk-proj-abcdefghijklmnopqrstuvwxyzABCD0123⟧ rejected", {"ai_api_key"}},
      {"key=⟦sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123⟧", {"ai_api_key"}},
      {"legacy ⟦sk-abcdefghij0123456789T3BlbkFJabcdefghij0123456789⟧", {"ai_api_key"}},
      {"key:\n⟦" + pem + "⟧\nend", {"private_key_block"}},
      {"cut ⟦-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC⟧", {"private_key_block"}},
  });
}

TEST(RedactionRulesTest, DefaultKeyValuesInFreeTextMaskOnlyTheValue) {
  const auto rules = RedactionRules::Default();
  ExpectCases(*rules, {
      // A struct's or map's closing bracket after the last value is not the
      // value's, unless the value opened it.
      {"config loaded: {Host:db User:app Password:⟦hunter2x⟧} retries=3", {"password"}},
      {"config: map[host:db password:⟦hunter2x⟧] ok; map[a:map[token:⟦t0k⟧]]", {"password", "token"}},
      {"User(name=bob, password=⟦hunter2x⟧) and password=⟦pa(ss)⟧ token=⟦ab)⟧", {"password", "password", "token"}},
      // A Secret as YAML: its data (keys with it), in its own document only.
      {"apiVersion: v1\nkind: Secret\ndata:\n  ⟦DB_PASS: aHVudGVyMg==\n  url: cG9zdGdyZXM6Ly8=⟧\ntype: Opaque\n"
       "---\nkind: ConfigMap\ndata:\n  level: info\n",
       {"secret"}},
      {"kind: Secret\nstringData:\n  ⟦token: abc⟧\n", {"secret"}},
      // A parenthesised list goes whole, and what is glued after it.
      {"password=⟦(S3c)ret⟧ next", {"password"}},
      {"COPY INTO t FROM 's3://b/p' CREDENTIALS=⟦(AWS_KEY_ID='k' AWS_SECRET_KEY='s (x)')⟧;", {"secret"}},
      // PostgreSQL's unique and foreign key violations name the columns.
      {"DETAIL:  Key (api_token)=(⟦abc123def456⟧) already exists.", {"token"}},
      {"Key (tenant_id, \"api_key\")=(⟦5, k-123 (x)⟧) is not present in table \"keys\".", {"api_key"}},
      // "auth" with base64 of user:password: npm's .npmrc; a query's auth.
      {"//registry.npmjs.org/:_auth=⟦Ym9iOmh1bnRlcjJ4⟧ always-auth=true", {"auth_credentials"}},
      {"GET /v1?auth=⟦AIzaSyKey⟧&x=1 and auth=basic", {"query_secret"}},
      // A command line after a key command_keys names: its short flags.
      {"bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/docker login -u bob -p ⟦hunter2x⟧",
       {"password"}},
      {"{\"proc.cmdline\": \"mysql -uroot -p⟦hunter2x⟧\", \"user\": \"root\"}", {"password"}},
      // What comes before the command's passwords, and all of them.
      {"COMMAND=/usr/bin/env DB_PASSWORD=⟦S3cretO1⟧ /usr/bin/mysql -p⟦S3cretO2⟧ app && keytool -storepass ⟦S3cretO3⟧",
       {"password", "password", "password"}},
      {"login failed password=⟦hunter2⟧ user=bob", {"password"}},
      {"GET /cb?code=⟦1⟧&access_token=⟦ya29.abc-DEF_123⟧&state=xyz", {"query_secret", "token"}},
      // "code", "key" and "auth" only as query parameters (an OAuth code, an
      // Azure Functions key, an API key).
      {"GET /maps/api/geocode/json?address=x&key=⟦k-123⟧ 200", {"query_secret"}},
      // URL-encoded pairs: a redirect target in a query, a JSON body encoded.
      {"redirect=%2Flogin%3Fpassword%3D⟦Hunter2Val⟧%26user%3Dbob", {"password"}},
      {"redirect_uri=https%3A%2F%2Fapp%2Fcb%3Ftoken%3D⟦abc⟧%26x%3D1&rt=code", {"token"}},
      {"next=%2Fcb%3Fcode%3D⟦4%2F0Ae⟧%26state%3Ds", {"query_secret"}},
      // A query logged on its own (nginx's $args), a fragment, "&amp;".
      {"code=⟦abc⟧&state=x", {"query_secret"}},
      {"/cb#code=⟦abc⟧&state=y <a href=\"/cb?x=1&amp;code=⟦def⟧\">", {"query_secret", "query_secret"}},
      {"body={%22password%22:%22⟦Hunter2Val⟧%22,%22user%22:%22bob%22}", {"password"}},
      // Go's %#v of an http.Header: the slice literal after its type.
      {"http.Header{\"Authorization\":⟦[]string{\"Token abc\"}⟧, \"Accept\":[]string{\"*/*\"}}", {"authorization"}},
      {"x-forwarded-uri: /oauth2/callback?state=s&code=⟦4/0AeaYSHB⟧ 302", {"query_secret"}},
      {"/s3/obj?X-Amz-Expires=60&X-Amz-Signature=⟦abcdEFGH1234⟧", {"signature"}},
      {"/file?sig=⟦abcdEFGH%2F123⟧&se=2024-01-01", {"signature"}},
      {"/login?user=bob&password=⟦hunter2⟧", {"password"}},
      {"call with api_key=⟦k-123456⟧", {"api_key"}},
      {"payload {\"password\": \"⟦hunter2⟧\", \"user\": \"bob\"}", {"password"}},
      {"payload {'apiKey':'⟦k-1⟧'}", {"api_key"}},
      {"client_secret: ⟦abc123⟧", {"secret"}},
      {"X-Api-Key: ⟦k-123⟧", {"api_key"}},
      {"Authorization: Basic ⟦dXNlcjpwYXNz⟧", {"authorization"}},
      // A Cookie header is one value to the end of its line: the session
      // cookie usually follows an analytics one.
      {"header Cookie: ⟦sid=abc; Path=/⟧", {"cookie"}},
      {"GET / HTTP/1.1\r\nCookie: ⟦_ga=GA1.2.3; _app_session=abc; theme=dark⟧\r\nHost: x", {"cookie"}},
      // logfmt's cookie=VALUE is one token.
      {"cookie=⟦abc⟧ user=bob status=200", {"cookie"}},
      {"cookie=⟦theme=dark⟧; connect.sid=⟦s%3Aabc⟧; laravel_session=⟦eyJpdiI6⟧; x=y", {"cookie", "session", "session"}},
      {"raw {\"h\":\"Cookie: ⟦_ga=1; connect.sid=s%3Aabc⟧\",\"n\":1}", {"cookie"}},
      {"db.password = '⟦p w⟧'", {"password"}},
      {"escaped {\\\"token\\\": \\\"⟦abc⟧\\\"}", {"token"}},
      // JSON in a string in a string: the quotes behind three backslashes.
      {R"(body {\\\"client_secret\\\":\\\"⟦yAMc3lmnuy⟧\\\"})", {"secret"}},
      {"cfg password => \"⟦pw⟧\"", {"password"}},
      // PHP's var_dump: the value on the line after, behind its type and
      // length; a property's visibility after its name.
      {"array(2) {\n  [\"user\"]=>\n  string(3) \"bob\"\n  [\"password\"]=>\n  string(8) \"⟦hunter2x⟧\"\n}",
       {"password"}},
      {"object(User)#1 (2) { [\"password\":protected]=> string(2) \"⟦pw⟧\" [\"token\":\"User\":private]=> "
       "string(2) \"⟦tk⟧\" }",
       {"password", "token"}},
      {"$_POST[\"password\"]=\"⟦hunter2x⟧\";", {"password"}},
      // print_r's visibility, CRLF, a reference, Xdebug's form.
      {"App\\User Object\n(\n    [password:protected] => ⟦S3cret pw x⟧\n    [token:App\\User:private] => ⟦tk1⟧\n)",
       {"password", "token"}},
      {"array(1) {\r\n  [\"password\"]=>\r\n  &string(8) \"⟦S3cretpw⟧\"\r\n}", {"password"}},
      // An array or object under a secret's name: all of it, to its close
      // (to the text's end when it is cut short).
      {"array(2) {\n  [\"password\"]=>\n  ⟦array(1) {\n    [0]=>\n    string(9) \"S3cretV1x\"\n  }⟧\n  [\"n\"]=>\n  int(1)\n}",
       {"password"}},
      {"object(U)#1 (1) {\n  [\"token\":protected]=>\n  ⟦object(T)#2 (1) {\n    [\"v\"]=>\n    string(2) \"pw\"\n  }⟧\n}",
       {"token"}},
      {"Array\n(\n    [password] => ⟦Array\n        (\n            [0] => S3cretV2x\n        )⟧\n\n    [next] => 1\n)",
       {"password"}},
      {"Array\n(\n    [password] => ⟦Array\n        (\n            [0] => S3cretV3x⟧", {"password"}},
      // A reference, Xdebug's object, var_export's array.
      {"array(1) {\n  [\"password\"]=>\n  &⟦array(1) {\n    [0]=>\n    string(2) \"pw\"\n  }⟧\n}", {"password"}},
      {"array(1) {\n  'password' =>\n  ⟦class Secret#2 (1) {\n    public $v =>\n    string(2) \"pw\"\n  }⟧\n}",
       {"password"}},
      {"array (\n  'password' => \n  ⟦array (\n    0 => 'pw',\n  )⟧,\n  'user' => 'bob',\n)", {"password"}},
      {"array(1) {\n  'password' => string '⟦S3cretpw⟧' (length=8)\n}", {"password"}},
      {"unterminated {\"password\": \"⟦hunter2⟧", {"password"}},
      // A sensitive key's array or object value is masked whole, to its
      // matching bracket (strings with brackets skipped), or to the end of a cut text.
      {"body: {\"user\":\"bob\",\"password\":⟦[\"Hunter2Val\"]⟧}", {"password"}},
      {"payload={\"session\":⟦{\"id\":\"x]}\",\"n\":[1,{\"k\":\"v\"}]}⟧} after", {"session"}},
      {"raw {\\\"password\\\":⟦[\\\"a]\\\",\\\"b\\\"]⟧} tail", {"password"}},
      {"cut {\"set-cookie\":⟦[\"a=1\",\"sid=abc⟧", {"cookie"}},
      // Keys that end in a digit are keys, not the first half of a time.
      {"cvv2=⟦123⟧ ok", {"card_cvv"}},
      {"GET /pay?cvv2=⟦321⟧&x=1", {"card_cvv"}},
      {"cvc2:⟦456⟧", {"card_cvv"}},
      {"password := ⟦Hunter2Val⟧", {"password"}},
      {"POST user[name]=bob&user[password]=⟦Hunter2Val⟧&x=1", {"password"}},
      // Under any HTTP auth scheme, the credentials.
      {"Authorization: Digest ⟦Hunter2Val⟧", {"authorization"}},
      // An unknown scheme is masked with the credentials, to the line's end.
      {"Authorization: ⟦SSWS 00abcdefghijklmnopqrstuvwxyz⟧\r\nHost: x", {"authorization"}},
      {"upstream {\"h\":\"Authorization: ⟦Splunk 12345678-abcd-1234⟧\",\"n\":1}", {"authorization"}},
      {"curl -H 'Authorization: ⟦Bot MTk4NjIy.Gx⟧' https://x", {"authorization"}},
      {"proxy-authorization=Negotiate ⟦YIIabc123⟧ next", {"authorization"}},
      {"Authorization: \"AWS4-HMAC-SHA256 ⟦Credential=AKID/2024⟧\"", {"authorization"}},
      // Numbered and versioned keys, form fields in brackets.
      {"retry password1=⟦Hunter2Val⟧ now", {"password"}},
      {"JWT_SECRET_V2: ⟦abc⟧", {"secret"}},
      // Name/value pairs in text: the value of a sensitive name, the members
      // between them still scanned; raw, escaped, Go, YAML and logfmt.
      {"[{\"name\":\"DB_PASSWORD\",\"value\":\"⟦Tr0ub4dor⟧\"},{\"name\":\"LEVEL\",\"value\":\"info\"}]",
       {"password"}},
      {"body {\\\"value\\\":\\\"⟦Tr0ub4dor⟧\\\",\\\"key\\\":\\\"api_key\\\"}", {"api_key"}},
      {"&EnvVar{Name:DB_PASSWORD,Value:⟦Tr0ub4dor⟧,ValueFrom:nil,}", {"password"}},
      {"- name: DB_PASSWORD\n  value: ⟦Tr0ub4dor⟧\n- name: PORT\n  value: 80", {"password"}},
      {"env name=DB_PASSWORD token=⟦abc⟧ value=⟦Tr0ub4dor⟧", {"token", "password"}},
      {"body: {\"user[password]\":\"⟦Tr0ub4dor⟧\"}", {"password"}},
      // URL-encoded form fields.
      {"POST user%5Bemail%5D=bob&user%5Bpassword%5D=⟦Tr0ub4dor⟧&order%5Bcard%5D%5Bcvv%5D=⟦123⟧", {"password", "card_cvv"}},
      // YAML block scalars: the lines indented under the key.
      {"db:\n  password: |\n    ⟦Tr0ub4dor horse\n    line2⟧\n  user: bob", {"password"}},
      {"- name: API_TOKEN\n  value: >-\n    ⟦Tr0ub4dor⟧\n- name: PORT", {"token"}},
      // An environment entry holds its value to the end.
      {"DB_PASSWORD=⟦Tr0ub4dor&3 horse; x⟧", {"password"}},
      {"PWD=⟦hunter2⟧ pwd=⟦/x⟧", {"password", "password"}},  // only the upper-case PWD with a path is a directory
      // Azure connection strings.
      {"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=⟦abc+def==⟧;EndpointSuffix=x", {"api_key"}},
      {"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=⟦abc=⟧", {"api_key"}},
      // XML and HTML elements named like a sensitive key: their text.
      {"<user><password>⟦Tr0ub4dor&amp;3⟧</password><name>bob</name></user>", {"password"}},
      {"<ns2:ApiKey>⟦k-123⟧</ns2:ApiKey>", {"api_key"}},
      // With attributes (WS-Security's UsernameToken), or a CDATA section.
      {"<wsse:Username>bob</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss#PasswordText\">"
       "⟦hunter2pass⟧</wsse:Password>", {"password"}},
      {"<Password xsi:type=\"xsd:string\">⟦hunter2pass⟧</Password>", {"password"}},
      {"<password><![CDATA[⟦hunter2 <pass>⟧]]></password>", {"password"}},
      // An element named by its key or name attribute (Java properties, Hibernate).
      {"<entry key=\"db.password\">⟦hunter2pass⟧</entry> <property name='api_key'>⟦k-1⟧</property>",
       {"password", "api_key"}},
      // A key after a log prefix's ':' with a blank after its own.
      {"INFO:root:password: ⟦hunter2⟧", {"password"}},
      {"config/app.yml:12:token: ⟦abc⟧", {"token"}},
      // Wrapped strings: Python's bytes and unicode literals, Rust's Some(..);
      // a Python tuple whole.
      {"{'password': b'⟦hunter2pass⟧', 'token': u\"⟦abc⟧\"}", {"password", "token"}},
      {"DbConfig { password: Some(\"⟦hunter2pass⟧\") }", {"password"}},
      {"SET PASSWORD = PASSWORD('⟦pw1⟧'); password = N'⟦pw2⟧'", {"password", "password"}},
      {"connect(password=⟦('bob', 'hunter2pass')⟧) ok", {"password"}},
      // A Terraform plan's changed attribute: the old and the new value.
      {"  ~ password = \"⟦oldpass123\" -> \"hunter2pass⟧\"", {"password"}},
      {"  ~ password = \\\"⟦old\\\" -> \\\"new⟧\\\" }", {"password"}},
  });
}

TEST(RedactionRulesTest, PairsInTextNeedASensitiveNameInTheSameObject) {
  const auto rules = RedactionRules::Default();
  ExpectClean(*rules, {
      "name=alice value=3 key=k1 value=5",
      "[{\"name\":\"DB_PASSWORD\"},{\"value\":\"x\"}]",
      "{\"value\":\"x\"} then {\"name\":\"password\"}",
      "{\"name\":\"LEVEL\",\"value\":\"info\"}",
      "PATH=/usr/bin:/bin",
      "{\"caller_method_name\":\"getToken\",\"level_value\":20000}",
      // Elements: only a start tag's text, only when named like a key.
      "<password></password> a -> b, x => y, <b>bold</b>",
      "</password>text <a href=\"/password\">reset</a>",
      // A start tag alone is a generic type or a placeholder.
      "Mono<Token> f(Optional<Session> s) {\n  at x.y(Z.java:12)\n} vault login <token>",
      "<password>x</token>",
      "<password type=\"x\"/>ok</password> <token a=\"1\">x</tok> <b class=\"p\">bold</b> a<token and x->y",
      "<password><![CDATA[x]]></token>",
      "<entry key=\"db.url\">jdbc:x</entry> <property name=\"user\">bob</property> <a title=\"password\">x</a>",
  });
}

// Text that repeats a pair's key with no end to its value holds nothing to
// mask. (It used to be read to its end at each key: seconds for 1 MB. Its
// cost is BM_ScanValue_RepeatedPairKeys in bench/redaction_rules_bench.cpp.)
TEST(RedactionRulesTest, RepeatedPairKeysHoldNothing) {
  const auto rules = RedactionRules::Default();
  for (std::string unit : {"Key=", "name=a]", "value=[", "NAME=NAME="}) {
    std::string text;
    while (text.size() < 64 * 1024) text += unit;
    std::vector<ValueMatch> matches;
    EXPECT_EQ(rules->ScanValue(text, &matches), ScanStatus::kClean) << unit;
  }
}

TEST(RedactionRulesTest, DefaultNearMissesSurvive) {
  const auto rules = RedactionRules::Default();
  ExpectClean(*rules, {
      "",
      "GET /api/v1/users/42 200 15ms",
      "GET /api/webhooks/123/deliveries 200",
      "DETAIL:  Key (order_id)=(42) already exists.",
      "kind: ConfigMap\ndata:\n  level: info\n",
      "kind: Secret\nmetadata:\n  name: db\ndata: {}\n",
      "f(x)=(y) and main(): started",
      "the request identified by its id failed; user identified by email",
      "Forwarding request to backend identified by pod-7f9c; peer identified by fingerprint x",
      "mail authenticated and identified by DKIM signature; could not connect to peer identified by key",
      "grant access to team identified by slug eng",
      "the suspect, john identified by police",
      "Suspects: smith, jones IDENTIFIED BY witnesses as leaders",
      "Loaded driver oracle:thin:19.3/lib@classpath",
      "jdbc:oracle:thin:@db01:1521:orcl user scott",
      "CREATE USER app IDENTIFIED BY RANDOM PASSWORD",
      "CREATE USER app@localhost IDENTIFIED WITH auth_socket AS 'app'",
      "CREATE USER app IDENTIFIED WITH auth_socket",
      "/token:refresh", "GET /v1/secrets/db:access",
      "argc=7 a0=\"sshpass\" a1=\"-f\" a2=\"pw.txt\" a3=\"ssh\" a4=\"-p\" a5=\"2222\" a6=\"h\"",
      "argc=4 a0=\"sudo\" a1=\"-p\" a2=\"prompt\" a3=\"ls\"",
      "argc=3 a0=\"bash\" a1=\"-c\" a2=6563686F2068656C6C6F",  // "echo hello"
      "array(1) { [\"name\":protected]=> string(3) \"bob\" [\"id\":\"User\":private]=> int(7) }",
      "Array\n(\n    [password] => \n    [user] => bob\n)",
      "User Object\n(\n    [name:protected] => bob\n)",
      "<auth>oauth</auth> <auth>ldap</auth>",
      "550e8400-e29b-41d4-a716-446655440000",
      // Digit runs inside UUIDs that pass Luhn: "8224-4226-8025-4" and the
      // 16 digits after the last dash.
      "514b5a4b-8224-4226-8025-4a432de634c6",
      "3f2504e0-4f89-11d3-9a0c-4012888888881881",
      "40128888-8888-1881-9a0c-0305e82c3301",
      // Epoch microseconds passing Luhn: no card issuer starts with 1.
      "1795440577022598",
      "at 1795440577022598 us",
      "request 3F2504E0-4F89-11D3-9A0C-0305E82C3301 done",
      "2024-01-15T10:30:00.123Z",
      "2024-01-15 10:30:00,123 INFO worker started",
      "meeting at 2:30 or 12:45, ratio a=1:2",
      "order 4111111111111112 shipped",
      // Groups of a card-length run are tried as cards only when they look
      // like card groups: not in a list of small numbers.
      "steps 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
      "ids 77092 49650 10146 74913 72225",  // no card layout (4-4-4-4, 4-6-5)
      "ids 63772 3299 84830 54715",
      "ありがとうございます@tanaka.jp and done✅@build.ci",  // CJK and emoji are no address
      "Traceback:\n  if user.password == password:\nAttributeError: x",
      "token:\n  ttl: 30",
      "order 4111 1111 1111 1112 99",
      "id 1234567890123456",
      "ids 1234567890123 1234567890124 12345678901234567890",
      "version v1.2.3 build 1.24.0-rc1+20240115",
      "pulling /v2/app/blobs/sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "usage tokens_used=1500 max_tokens=4096 token_type=bearer token_count: 12",
      "{\"prompt_tokens\": 10, \"completion_tokens\": 20, \"total_tokens\": 30}",
      "client 10.0.0.1 and 192.168.1.20 via 2001:db8::1 and fe80::1%eth0",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Safari/537.36",
      "basic information about the service",
      "node rabbit@rabbitmq-server-0.rabbitmq-nodes.rabbitmq-system started",
      "the bearer token was missing",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
      "exit code=3 error code: E42 {\"code\":\"E42\"} name=code value=x key=user:1 auth=oidc",
      "GET /search?q=red%20dress&l=caf%C3%A9 100%25 done, next=%2Fa%3Fcode%3D",
      "clone git@github.com:org/repo.git and git@gitlab.example.com:g/p.git",
      "rsync -a ./ deploy@web1.example.com:/var/www; scp app@db.internal:~/dump.sql .",
      "has_password=true token: null secret=false imei 356938035643809",
      // Escapes cut at the end of the text.
      "password%3", "password%", "x={%2", "x:%2",
      "user:@tcp(db:3306)/app at 10:30 bob@tcp(x)",
      "user system:serviceaccount:ns:token-reader forbidden",
      "pip install scikit-learn; task-1234567890abcdefghijklmnop sk-1",
      "user@localhost and @mention",
      "sudo: bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/ls OLDPWD=/tmp",
      "psql --no-password --password -h db --token-file /t --pass-through x --show-token y -----BEGIN CERTIFICATE-----",
      "curl --user bob https://x",
      "Started user@1000.service; getty@tty1.service: Deactivated; wg-quick@wg0.service, "
      "systemd-fsck@dev-disk-by\\x2duuid-12ab.service postgresql@14-main.service",
      "ssn-shaped 123-45-6789 is strict only",
      "https://example.com/path?page=2&sort=asc#top",
      "ssh://git@github.com/org/repo.git",
      "at 12:30:45 ratio 3:4 and a=1:2",
      "phone +1 415 555 0100",
      "passwordless=true password_reset_required: false author: bob",
      "session_duration_ms=1500 tokenizer=bpe",
      "password=",
      "token: \"\"",
      "eyJhbGci short",
      "AKIAB and ghp_short and xox and AIza and sk_live_",
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      // Words that say how a secret fared; Terraform's mark for a hidden value.
      "Access denied for user 'app'@'10.0.0.5' (using password: YES)",
      "using password: NO, secret: not found, token: expired. session: none",
      "  + password = (sensitive value) and token = (sensitive)",
      "ALTER ROLE app PASSWORD NULL; password_encryption = 'scram-sha-256'; passwordless 'x'",
      "glpat-short sntry_ok PMAK-12 xglpat-abcdefghij1234567890",
      // EXECVE arguments that are no passwords: a port, mysql's database
      // after its lone -p, a flag after --password.
      "argc=4 a0=\"docker\" a1=\"run\" a2=\"-p\" a3=\"8080:80\"",
      "argc=3 a0=\"mysql\" a1=\"-p\" a2=\"orders\"",
      "argc=4 a0=\"psql\" a1=\"--password\" a2=\"--host=db\" a3=\"x\"",
      "a1=5 a2=7 ratio",
      "ERROR:bad@request and at 12:30@home, 12:30@host:8080",
      // Bound parameters' placeholders in SQL text.
      "SELECT * FROM users WHERE username = $1 AND password = $2",
      "UPDATE users SET password = ? WHERE id = ?; password=%s; password = :1; password=@p3",
  });
}

TEST(RedactionRulesTest, MatchesAreSortedAndOverlapsMerged) {
  const auto rules = RedactionRules::Default();
  // The JWT sits inside a token= value: one match, the union, the key rule's.
  const std::string text =
      "a=1 token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig email x@y.io";
  std::vector<ValueMatch> matches;
  ASSERT_EQ(rules->ScanValue(text, &matches), ScanStatus::kMatched);
  ASSERT_EQ(matches.size(), 2u) << Describe(*rules, text, matches);
  EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin),
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig");
  EXPECT_EQ(rules->rule(matches[0].rule).name, "token");
  EXPECT_EQ(rules->rule(matches[1].rule).name, "email");
  // ScanValue appends: earlier content of the vector is kept.
  std::vector<ValueMatch> more = {{1, 2, 0}};
  ASSERT_EQ(rules->ScanValue(text, &more), ScanStatus::kMatched);
  EXPECT_EQ(more.size(), 3u);
  EXPECT_EQ(more[0].begin, 1u);
}

TEST(RedactionRulesTest, StrictPackAddsIpsNationalIdsAndRarerCredentials) {
  RulesOptions options;
  options.strict = true;
  const auto rules = RedactionRules::Load(options);
  ExpectCases(*rules, {
      {"client ⟦10.0.0.1⟧ connected.", {"ipv4"}},
      {"⟦192.168.1.20⟧:8080", {"ipv4"}},
      {"via ⟦2001:db8::1⟧ and ⟦fe80::1⟧", {"ipv6", "ipv6"}},
      {"full ⟦2001:0db8:85a3:0000:0000:8a2e:0370:7334⟧ ok", {"ipv6"}},
      {"loopback ⟦::1⟧", {"ipv6"}},
      {"ssn ⟦123-45-6789⟧ on file", {"us_ssn"}},
      {"on file: ⟦123 45 6789⟧.", {"us_ssn"}},
      {"password=⟦hunter2⟧", {"password"}},
      // Next to a ':' that is not part of the address.
      {"connect to ⟦2001:db8::5⟧: Connection refused", {"ipv6"}},
      {"from [IPv6:⟦2001:db8::1⟧]", {"ipv6"}},
      {"inet6 addr:⟦fe80::a00:27ff:fe4e:66a1⟧/64", {"ipv6"}},
      {"⟦fe80::1⟧: no route", {"ipv6"}},
      // Redis passwords in commands and configuration.
      {"requirepass ⟦hunter2x⟧\nmaxmemory 1gb", {"redis_config_password"}},
      {"CONFIG SET masterauth ⟦hunter2x⟧", {"redis_config_password"}},
      {"AUTH ⟦hunter2x⟧", {"redis_auth"}},
      {"HELLO 3 AUTH default ⟦hunter2x⟧", {"redis_auth"}},
      {"1700000000.123456 [0 ⟦127.0.0.1⟧:51234] \"AUTH\" \"⟦hunter2x⟧\"", {"ipv4", "redis_auth"}},
      {"[db0] AUTH bob ⟦hunter2x⟧ ", {"redis_auth"}},
      // A private key as base64 (a Secret's tls.key), one line or wrapped.
      {"applied ⟦LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBMFozVlM1SkpjZHMzeGZuCi0tLS0tRU5E"
       "IFJTQSBQUklWQVRFIEtFWS0tLS0tCg==⟧ (applied)", {"private_key_base64"}},
      {"⟦LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBMFozVlM1Skpj\nZHMzeGZuCi0tLS0tRU5E"
       "IFJTQSBQUklWQVRFIEtFWS0tLS0tCg==⟧\n", {"private_key_base64"}},
      // A program's short password flags in any text: a CI log's shell
      // trace, sudo's line, a Python error, a quoted argument.
      {"+ docker login -u bob -p ⟦hunter2x⟧ registry.example.com", {"cli_short_flag"}},
      {"+ mysql -uroot -p⟦hunter2x⟧ app", {"cli_short_flag"}},
      {"+ sudo -E /usr/bin/redis-cli -h r -a ⟦hunter2x⟧ ping", {"cli_short_flag"}},
      {"+ ldapsearch -x -D cn=admin,dc=ex,dc=org -w ⟦hunter2x⟧ -b dc=ex", {"cli_short_flag"}},
      {"+ curl -u ⟦admin:hunter2x⟧ https://ci.example.com", {"cli_short_flag"}},
      {"+ mysql '-p⟦hunter;2x⟧' app && sqlcmd -S db -U sa -P \"⟦hunter 3y⟧\" -Q 1",
       {"cli_short_flag", "cli_short_flag"}},
  });
  ExpectClean(*rules, {
      "2024-01-15T10:30:00.123Z",
      "at 12:30:45",
      "mac aa:bb:cc:dd:ee:ff",
      "ts 10:30:45: done",
      "took 123 45 ms",
      "date 2024-01-15",
      "GET /api/v1/users/42 200 15ms",
      "AUTH failed for user bob, retrying",
      "SMTP AUTH is not offered by the server",
      "ca.crt LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVUQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==",
      "docker run -p 8080:80 nginx; ssh -p 22 host; mysql -u root -p orders",
      "+ curl -s -o out -w '%{http_code}' https://x",
      "zip -r out.zip dir; mysql -u root -p",
  });
  EXPECT_NE(rules->MatchKey("passport_number"), RedactionRules::kNoRule);
  EXPECT_EQ(RedactionRules::Default()->MatchKey("passport_number"), RedactionRules::kNoRule);
  EXPECT_EQ(RedactionRules::Strict()->rule_count(), rules->rule_count());
  EXPECT_EQ(RedactionRules::Strict().get(), RedactionRules::Strict().get());
}

struct KeyCase {
  std::string key;
  std::string rule;  // "" for none
};

TEST(RedactionRulesTest, KeyNormalisationAndSuffixes) {
  const auto rules = RedactionRules::Default();
  const std::vector<KeyCase> cases = {
      {"password", "password"}, {"Password", "password"}, {"PASSWORD", "password"},
      {"db_password", "password"}, {"dbPassword", "password"}, {"user.password", "password"},
      {"pass word", "password"}, {"passwd", "password"}, {"pwd", "password"},
      {"new-passphrase", "password"},
      {"secret", "secret"}, {"client_secret", "secret"}, {"clientSecret", "secret"},
      {"aws_secret_access_key", "secret"}, {"webhook-secret", "secret"},
      {"token", "token"}, {"access_token", "token"}, {"accessToken", "token"},
      {"refresh_token", "token"}, {"id_token", "token"}, {"X-Auth-Token", "token"},
      {"csrfToken", "token"},
      {"api_key", "api_key"}, {"apiKey", "api_key"}, {"API-Key", "api_key"},
      {"X-Api-Key", "api_key"}, {"x_api_key", "api_key"}, {"apikey", "api_key"},
      {"authorization", "authorization"}, {"Authorization", "authorization"},
      {"proxy-authorization", "authorization"}, {"Proxy-Authorization", "authorization"},
      {"cookie", "cookie"}, {"Cookie", "cookie"}, {"set-cookie", "cookie"},
      {"Set-Cookie", "cookie"}, {"cookies", "cookie"},
      {"session", "session"}, {"sessionid", "session"}, {"session_id", "session"},
      {"SessionId", "session"}, {"JSESSIONID", "session"}, {"PHPSESSID", "session"},
      {"private_key", "private_key"}, {"privateKey", "private_key"},
      {"ssh.private-key", "private_key"},
      {"card_number", "card_number"}, {"cardNumber", "card_number"},
      {"credit_card", "card_number"},
      {"cvv", "card_cvv"}, {"CVV", "card_cvv"}, {"card_cvv", "card_cvv"}, {"cvc", "card_cvv"},
      {"ssn", "ssn"}, {"SSN", "ssn"}, {"social_security_number", "ssn"}, {"customer_ssn", "ssn"}, {"patientSSN", "ssn"},
      {"sig", "signature"}, {"X-Amz-Signature", "signature"},
      {std::string(100, 'x') + "_password", "password"},
      // nodemailer's auth.pass, DEPLOY_PASS, ansible_become_pass, ?pw=.
      {"pass", "password"}, {"DEPLOY_PASS", "password"}, {"ansible_become_pass", "password"}, {"pw", "password"},
      // One-time codes: an OAuth token request's code, second factors.
      {"authorization_code", "token"}, {"auth_code", "token"}, {"otp", "token"}, {"mfaCode", "token"},
      {"TOTP", "token"}, {"verification_code", "token"}, {"passcode", "token"},
      {"APP_KEY", "api_key"}, {"DD-APPLICATION-KEY", "api_key"}, {"license_key", "api_key"}, {"writeKey", "api_key"},
      {"X-Insert-Key", "api_key"}, {"TS_AUTHKEY", "api_key"}, {"X-Honeycomb-Team", "api_key"},
      {"security_code", "card_cvv"}, {"cardCode", "card_cvv"}, {"pin", "card_cvv"}, {"bindCredential", "secret"},
      {"session_key", "session"},
      {"ARM_ACCESS_KEY", "secret"}, {"AZURE_STORAGE_KEY", "secret"}, {"db_credentials", "secret"},
      {"jwt_key", "secret"}, {"hmac_key", "secret"}, {".AspNetCore.Session", "session"},
      {"GOOGLE_APPLICATION_CREDENTIALS", ""}, {"aws_access_key_id", ""},
      {"X-Registry-Auth", "secret"}, {"registryAuth", "secret"}, {"tls.key", "private_key"}, {"tlsKey", "private_key"},
      // Near misses.
      {"token_type", ""}, {"tokens_used", ""}, {"max_tokens", ""}, {"maxTokens", ""},
      {"token_count", ""}, {"prompt_tokens", ""}, {"completion_tokens", ""},
      {"total_tokens", ""}, {"nextPageToken", ""}, {"next_token", ""},
      {"nextForwardToken", ""}, {"nextBackwardToken", ""}, {"creationToken", ""}, {"cancellationToken", ""},
      {"eos_token", ""}, {"pad_token", ""}, {"mask_token", ""}, {"max_token", ""},
      {"clientToken", "token"},  // Vault's login answer: the token itself
      {"user", ""}, {"username", ""}, {"author", ""}, {"id", ""}, {"key", ""},
      {"status", ""}, {"passwordless", ""}, {"password_reset_required", ""},
      {"session_count", ""}, {"tokenizer", ""}, {"signature_version", ""},
      {"process_n", ""}, {"class_sn", ""}, {"lessn", ""},  // end in "ssn" once normalised
      {"", ""}, {"___", ""}, {"-", ""}, {"bypass", ""}, {"compass", ""}, {"passes", ""}, {"pass_count", ""},
      {"lowpass", ""}, {"boarding_pass", ""}, {"render_pass", ""}, {"tests_pass", ""},
      {std::string(70, 'a'), ""},
  };
  for (const KeyCase& c : cases) {
    const int id = rules->MatchKey(c.key);
    if (c.rule.empty()) {
      EXPECT_EQ(id, RedactionRules::kNoRule) << c.key << " -> " << rules->rule(id).name;
    } else {
      ASSERT_NE(id, RedactionRules::kNoRule) << c.key;
      EXPECT_EQ(rules->rule(id).name, c.rule) << c.key;
    }
  }
}

std::string Render(const RedactionRules& rules, std::string_view rule, std::string_view secret) {
  std::string out = "<";
  const int id = rules.FindRule(rule);
  EXPECT_NE(id, RedactionRules::kNoRule) << rule;
  rules.AppendReplacement(static_cast<uint16_t>(id), secret, &out);
  out += ">";
  return out;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(RedactionRulesTest, MaskAndPartialRendering) {
  const auto rules = RedactionRules::Default();
  EXPECT_EQ(Render(*rules, "password", "hunter2"), "<[REDACTED]>");
  EXPECT_EQ(Render(*rules, "jwt", "eyJ.x.y"), "<[REDACTED:jwt]>");
  EXPECT_EQ(Render(*rules, "email", "a@b.io"), "<[REDACTED:email]>");
  EXPECT_EQ(Render(*rules, "payment_card", "4111111111111111"), "<************1111>");
  EXPECT_EQ(Render(*rules, "payment_card", "4111 1111 1111 1111"), "<***************1111>");
  EXPECT_EQ(Render(*rules, "card_number", "1234567"), "<*******>");  // < 2 * keep_last
  EXPECT_EQ(Render(*rules, "card_number", "12345678"), "<****5678>");
  EXPECT_EQ(Render(*rules, "card_number", "ééééxyzé"), "<****xyzé>");  // code points
  const uint16_t undecided = rules->undecided_rule();
  EXPECT_EQ(rules->rule(undecided).name, "undecided");
  std::string out;
  rules->AppendReplacement(undecided, "whatever", &out);
  EXPECT_EQ(out, "[REDACTED]");
}

constexpr char kHashEmailPack[] = R"(
[[pattern]]
name = "email"
regex = '''[a-z]+@[a-z]+\.[a-z]{2,}'''
prefilter = ["@"]
mode = "hash"
)";

TEST(RedactionRulesTest, SharedReadsTheKeyFileAndSharesThePlainDefault) {
  RulesOptions plain;
  EXPECT_EQ(RedactionRules::Shared(plain), RedactionRules::Default());

  const std::string pack = WriteTemp("shared_hash_pack.toml", kHashEmailPack);
  RulesOptions options;
  options.files = {pack};
  options.hash_key_file = WriteTemp("shared_key_one", "0123456789abcdef-key-one\n");
  const auto from_file = RedactionRules::Shared(options);
  options.hash_key_file.clear();
  options.hash_key = "0123456789abcdef-key-one";
  const auto from_options = RedactionRules::Load(options);
  // The file's trailing newline is not part of the key.
  EXPECT_EQ(Render(*from_file, "email", "bob@example.com"), Render(*from_options, "email", "bob@example.com"));

  options.hash_key.clear();
  options.hash_key_file = ::testing::TempDir() + "no-such-key-file";
  try {
    RedactionRules::Shared(options);
    ADD_FAILURE() << "a missing key file must be refused";
  } catch (const RulesError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-key-file: cannot read hash key"), std::string::npos) << e.what();
  }
  options.hash_key_file = WriteTemp("shared_key_empty", "\n");
  EXPECT_THROW(RedactionRules::Shared(options), RulesError);
}

TEST(RedactionRulesTest, HashModeIsKeyedAndStable) {
  const std::string pack = WriteTemp("hash_pack.toml", std::string(kHashEmailPack) + R"(
[[key_rule]]
name = "user_id"
keys = ["user_id"]
mode = "drop"
label = "[DROPPED]"
)");
  RulesOptions options;
  options.files = {pack};
  options.hash_key = "0123456789abcdef-key-one";
  const auto a = RedactionRules::Load(options);
  options.hash_key = "0123456789abcdef-key-two";
  const auto b = RedactionRules::Load(options);

  const std::string h1 = Render(*a, "email", "bob@example.com");
  EXPECT_EQ(h1.size(), std::string("<[HASH:0123456789abcdef]>").size()) << h1;
  EXPECT_EQ(h1.substr(0, 7), "<[HASH:");
  EXPECT_EQ(h1, Render(*a, "email", "bob@example.com"));     // equal secrets, equal output
  EXPECT_NE(h1, Render(*a, "email", "eve@example.com"));     // different secrets
  EXPECT_NE(h1, Render(*b, "email", "bob@example.com"));     // different keys
  EXPECT_EQ(h1.find("key-one"), std::string::npos);

  const int user_id = a->MatchKey("userId");
  ASSERT_NE(user_id, RedactionRules::kNoRule);
  EXPECT_EQ(a->rule(user_id).mode, RedactMode::kDrop);
  EXPECT_EQ(Render(*a, "user_id", "42"), "<[DROPPED]>");  // rendered as a mask

  // The same value found by ScanValue renders the same hash.
  std::vector<ValueMatch> matches;
  const std::string text = "from bob@example.com";
  ASSERT_EQ(a->ScanValue(text, &matches), ScanStatus::kMatched);
  ASSERT_EQ(matches.size(), 1u);
  std::string out = "<";
  a->AppendReplacement(matches[0].rule, text.substr(matches[0].begin), &out);
  EXPECT_EQ(out + ">", h1);
}

TEST(RedactionRulesTest, FailsClosedOverTheScanLimit) {
  RulesOptions options;
  options.max_scan_bytes = 64;
  const auto small = RedactionRules::Load(options);
  std::vector<ValueMatch> matches;
  EXPECT_EQ(small->ScanValue(std::string(64, 'a'), &matches), ScanStatus::kClean);
  EXPECT_EQ(small->ScanValue(std::string(65, 'a'), &matches), ScanStatus::kUndecided);
  EXPECT_TRUE(matches.empty());
  std::string out;
  EXPECT_EQ(small->ScrubRawText(std::string(100, 'x') + "password=hunter2", &out), 1u);
  EXPECT_EQ(out, "[REDACTED]");

  const auto rules = RedactionRules::Default();
  const std::string big((size_t{1} << 20) + 1, 'a');
  EXPECT_EQ(rules->ScanValue(big, &matches), ScanStatus::kUndecided);
  EXPECT_EQ(rules->ScanValue(std::string_view(big).substr(1), &matches), ScanStatus::kClean);
}

TEST(RedactionRulesTest, LongValuesAreScannedWhole) {
  const auto rules = RedactionRules::Default();
  std::string text(5000, 'z');
  text += " password=hunter2 ";
  text += std::string(3000, '7');
  text += " 4111111111111111";
  std::vector<ValueMatch> matches;
  ASSERT_EQ(rules->ScanValue(text, &matches), ScanStatus::kMatched);
  ASSERT_EQ(matches.size(), 2u) << Describe(*rules, text, matches);
  EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin), "hunter2");
  EXPECT_EQ(text.substr(matches[1].begin), "4111111111111111");
}

TEST(RedactionRulesTest, UnprefilteredPatternsRunThroughTheSet) {
  const std::string pack = WriteTemp("set_pack.toml", R"(
[[pattern]]
name = "employee_id"
regex = '''\bEMP[0-9]{6}\b'''
label = "[REDACTED:emp]"
)");
  RulesOptions options;
  options.files = {pack};
  const auto rules = RedactionRules::Load(options);
  ExpectCases(*rules, {{"by ⟦EMP123456⟧ and ⟦EMP654321⟧", {"employee_id", "employee_id"}}});
  ExpectClean(*rules, {"by EMP12345 only", "nothing here"});
}

TEST(RedactionRulesTest, ScrubRawTextLeaksNoSecretOfBrokenLines) {
  const auto rules = RedactionRules::Default();
  struct Case {
    std::string raw;
    std::vector<std::string> secrets;
    std::vector<std::string> kept;
  };
  const std::vector<Case> cases = {
      {R"({"password":"hunter2", "token": "abc)", {"hunter2", "abc"}, {R"({"password":")"}},
      {R"({"user":"bob","auth":{"api_key":"k-123","n":1)", {"k-123"}, {"bob", R"("n":1)"}},
      {R"({"msg":"login {\"password\": \"s3cret\"}", "lvl":)", {"s3cret"}, {"login"}},
      {R"({"email":"bob@example.com","card":"4111 1111 1111 1111)",
       {"bob@example.com", "4111 1111 1111 1111"}, {"1111"}},
      {R"({"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", )",
       {"eyJhbGciOiJIUzI1NiJ9", "c2ln"}, {"Bearer"}},
      {R"(GET /cb?access_token=ya29.secret&x=1 HTTP/1.1 {"pin": 1234, "pwd":)",
       {"ya29.secret"}, {"&x=1"}},
      {"{\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\nBgkq", {"MIIEvQIBADAN",
       "Bgkq"}, {}},
      {R"({"cookie":'sid=abc123'})", {"abc123"}, {}},
      // Secrets written with escapes, at one and two levels of nesting.
      {R"({"note":"denied for key \u0041KIACUNN27HATNOY3L7G"} broken)", {"KIACUNN27HATNOY3L7G"}, {"denied"}},
      {R"({"MESSAGE":"{\"note\":\"key \\u0041KIACUNN27HATNOY3L7G, mail bob\\u0040example.com\"})",
       {"KIACUNN27HATNOY3L7G", "example.com"}, {"note"}},
      // Cut inside a string, right after a secret whose pattern needs what followed.
      {R"({"target":"connecting to amqp://svc_orders:gmPFKLGIPDoTMC)", {"gmPFKLGIPDoTMC"}, {"connecting to"}},
      {R"({"auth":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdW)", {"eyJzdW"}, {"auth"}},
      // A journal line cut short: MESSAGE holds JSON whose request_body holds JSON.
      {R"({"MESSAGE":"{\"msg\":\"x\",\"request_body\":\"{\\\"client_secret\\\":\\\"yAMc3lmnuy\\\"}\"})",
       {"yAMc3lmnuy"}, {R"(\"msg\":\"x\")"}},
      // Invalid UTF-8 inside a sensitive key (an invalid_utf8 line).
      {"{\"password\xc3\":\"hunter2\",\"n\":1}", {"hunter2"}, {"\"n\":1"}},
      {"{\"pass\xffword\":\"hunter2\"}", {"hunter2"}, {}},
      {"{\"api_\xed\xa0\x80key\": \"k-123\"}", {"k-123"}, {}},
      // Forms a record's walk finds by their structure: argument lists (also
      // inside JSON held in a string) and a Kubernetes Secret's data.
      {R"({"args":["migrate","--db-password","Hunter2Xq","--verbose"]}{"a")", {"Hunter2Xq"}, {"--verbose"}},
      {R"({"MESSAGE":"{\"args\":[\"-storepass\", \"Kq7pZ0ww\",\"-v\"]}"} x)", {"Kq7pZ0ww"}, {"-v"}},
      {R"({"cmd":["--password",48213907,"--db-password","Cut0ffPw)", {"48213907", "Cut0ffPw"}, {"--password"}},
      {R"({"apiVersion":"v1","data":{"tls.key":"LS0tS2V5","n":{"x":"Yz"}},"kind":"Secret"} x)", {"LS0tS2V5", "Yz"},
       {"tls.key"}},
      {R"({"kind": "Secret", "stringData": {"DATABASE_URL": "pg-Hunter2)", {"Hunter2"}, {"DATABASE_URL"}},
      {R"({"kind":"SecretList","items":[{"metadata":{"name":"db"},"data":{"pw":"aHVudGVy"}},{"data":{"k":"Zm9v)", {"aHVudGVy", "Zm9v"}, {"SecretList"}},
      // A program's short password flags, flat header lists, Secret patches.
      {R"({"args":["/usr/bin/mysqldump","-uroot","-pCZutKOnFw","orders"]} x)", {"CZutKOnFw"}, {"-uroot", "orders"}},
      {R"({"a":["redis-cli","-h","cache","-a","Kq7pZ0w1","PING"],"b":["docker","run","-p","8080:80"]} x)", {"Kq7pZ0w1"},
       {"PING", "8080:80"}},
      {R"({"a":["docker","login","-u","ci","-p","Kq7pZ0w2)", {"Kq7pZ0w2"}, {"login"}},
      // Behind sudo; a shell's -c.
      {R"({"a":["/usr/bin/sudo","-u","app","docker","login","-p","Kq7pZ0x1"]} x)", {"Kq7pZ0x1"}, {"app", "login"}},
      {R"({"a":["/bin/sh","-c","cd /srv && redis-cli -a Kq7pZ0x2 ping"]} x)", {"Kq7pZ0x2"}, {"cd /srv", "ping"}},
      {R"({"a":["rabbitmqctl","add_user","bob","Kq7pZ0x4"],"b":["mysql","-p","x)", {"Kq7pZ0x4"}, {"bob"}},
      // A shell's trace in any string.
      {R"({"log":"+ sshpass -p Kq7pZ0x3 ssh -p 2222 h","n":"+ 3"} x)", {"Kq7pZ0x3"}, {"2222", "+ 3"}},
      {R"({"req":{"rawHeaders":["Host","api","Authorization","Token Oo3LT8rX","Accept","*/*"]}} x)", {"Oo3LT8rX"},
       {"api", "*/*"}},
      {R"({"req":{"rawHeaders":["Host","api","Cookie","sid=dAnXv2K0)", {"dAnXv2K0"}, {"api"}},
      {R"({"headers":[["Authorization","Token abcd0123"],["Accept","*/*"],["X-Api-Key","abc123de)", {"abcd0123", "abc123de"},
       {"*/*"}},
      {R"({"l":["password","reset","now"],"t":[["token","x1"],"y"]} x)", {}, {"reset", "now"}},
      {R"({"verb":"patch","objectRef":{"resource":"secrets"},"requestObject":{"data":{"k":"jYdAm6jI"}}} x)", {"jYdAm6jI"},
       {"patch"}},
      {R"({"requestURI":"/api/v1/namespaces/p/secrets/db","requestObject":[{"op":"add","value":"LGhihIow)", {"LGhihIow"},
       {"/api/v1"}},
      // A pair whose name (or a Secret whose kind) the cut took: undecided.
      {R"({"env":[{"name":"PORT","value":"8080"},{"value":"ZSh.^57vWF","name":)", {"ZSh.^57vWF"}, {"8080"}},
      {R"({"env":[{"value":{"v":"Tk9pZ","n":7},"name")", {"Tk9pZ"}, {R"("v":")"}},
      {R"({"apiVersion":"v1","data":{"tls.key":"LS0tQ"},"metadata":{"name":"web"},)", {"LS0tQ"}, {"web"}},
      {R"({"a":{"value":"Zm9vYmFyYm)", {"Zm9vYmFyYm"}, {}},
      // An XML element named like a secret whose end tag the cut took.
      {R"({"msg":"fault <Login><user>ana</user><password>VlJk67t5</pass)", {"VlJk67t5"}, {"<user>ana</user>"}},
      {R"({"msg":"sent <ns2:Token>Xf3J2QAr)", {"Xf3J2QAr"}, {"sent"}},
      {R"({"body":"<Password Type=\"PasswordText\">hunter2pass</Pa)", {"hunter2pass"}, {"PasswordText"}},
      // nginx's escape=default: '"' written as \x22, which no JSON parser takes.
      {R"({"request_body":"{\x22username\x22:\x22bob\x22,\x22password\x22:\x22hunter2pass\x22}","status":"200"})",
       {"hunter2pass"}, {"bob", R"("status":"200")"}},
      {R"({"request_body":"{\x22card\x22:\x224111111111111111\x22}"})", {"4111111111111111"}, {"card"}},
      {R"({"msg":"<password>hunter2pass</password"})", {"hunter2pass"}, {"msg"}},
      {R"({"msg":"{\"env\":[{\"value\":\"hunter2pass\",\"name\":)", {"hunter2pass"}, {"env"}},
      {R"({"m":"<token>Qw9Zt</token> ok <b>bo)", {"Qw9Zt"}, {"</token> ok <b>"}},
      // A command line under a command key.
      {R"({"proc.cmdline":"mysql -uroot -pKq7pZ0w3 app","user":"root")", {"Kq7pZ0w3"}, {"app", "root"}},
      {R"({"CommandLine":"sshpass -p Kq7pZ0w4 ssh h)", {"Kq7pZ0w4"}, {"sshpass -p"}},
      {R"({"cmd":"mysql -pKq7pZ0w5 a && mysql -pKq7pZ0w6 b" BROKEN)", {"Kq7pZ0w5", "Kq7pZ0w6"}, {"&& mysql -p"}},
      // A Secret as YAML in a string.
      {R"({"msg":"kind: Secret\ndata:\n  DB_URL: cG9zdGdyZXM6Ly8=\n", "broken)", {"cG9zdGdyZXM6Ly8"}, {"kind: Secret"}},
  };
  for (const Case& c : cases) {
    std::string out;
    const size_t n = rules->ScrubRawText(c.raw, &out);
    EXPECT_GT(n, 0u) << c.raw;
    for (const std::string& secret : c.secrets) {
      EXPECT_EQ(out.find(secret), std::string::npos) << c.raw << "\n -> " << out;
    }
    for (const std::string& kept : c.kept) {
      EXPECT_NE(out.find(kept), std::string::npos) << c.raw << "\n -> " << out;
    }
  }
  // Flags that take no value, values that are flags, other kinds, ssh's
  // port behind sshpass: kept.
  for (std::string raw : {R"({"a":["--no-password","keep1","--token","--verbose"]} x)",
                          R"({"kind":"ConfigMap","data":{"LOG_LEVEL":"info"}} x)",
                          R"({"kind":"SecretList","data":{"a":"info"}} x)",
                          R"({"kind":"ConfigMap","data":{"a":"info"},"x":)",
                          R"({"l":[{"name":"PORT","value":"8080","x":)",
                          R"({"a":["sshpass","-f","pw.txt","ssh","-p","2222","h"]} x)",
                          R"({"a":["-h","mongo","-p","27017"]} x)"}) {
    std::string kept;
    EXPECT_EQ(rules->ScrubRawText(raw, &kept), 0u) << raw;
    EXPECT_EQ(kept, raw);
  }
  std::string out;
  EXPECT_EQ(rules->ScrubRawText("clean line {\"a\":1", &out), 0u);
  EXPECT_EQ(out, "clean line {\"a\":1");
  out.clear();
  EXPECT_EQ(rules->ScrubRawText(R"({"a":"done"} trailing word)", &out), 0u);  // not inside a string
  out.clear();
  EXPECT_EQ(rules->ScrubRawText(R"({"password":"hunter2"})", &out), 1u);
  EXPECT_EQ(out, R"({"password":"[REDACTED]"})");
  // A key that is all non-ASCII bytes is no key rule's.
  out.clear();
  EXPECT_EQ(rules->ScrubRawText("{\"\xc3\xa9\xff\":\"value\"}", &out), 0u);
}

// A line cut short (longer than the dead letter keeps, or than
// --max-line-bytes) may end in part of a secret wherever the cut fell.
TEST(RedactionRulesTest, ScrubRawTextMasksTheTailOfALineCutShort) {
  const auto rules = RedactionRules::Default();
  struct Case {
    std::string raw;
    std::string scrubbed;
  };
  const std::vector<Case> cases = {
      {"ERROR yyy AKIAIOSFOD", "ERROR yyy [REDACTED]"},  // outside any string
      {"login https://bob:S3cr3tPassw0rdL", "login [REDACTED]"},
      {"auth Bearer abcdefghijklmn", "auth Bearer [REDACTED]"},
      {"{\"card\":\"4111 1111 1111 11", "{\"card\":\"[REDACTED]"},  // the digit groups too
      {"{\"card\":\"4111-1111-1111 ", "{\"card\":\"[REDACTED]"},
      {"paid 12 EUR, ok ", "paid 12 EUR, ok "},  // nothing after the last blank
      // A cut inside an escape: the word before it goes too.
      {R"({"e":"said \"a\" then \"Mz0nimTYZILqD5\)", R"({"e":"said \"a\" then \"[REDACTED])"},
  };
  for (const Case& c : cases) {
    std::string out;
    rules->ScrubRawText(c.raw, &out, /*cut_short=*/true);
    EXPECT_EQ(out, c.scrubbed) << c.raw;
  }
  std::string out;
  EXPECT_EQ(rules->ScrubRawText("ERROR yyy AKIAIOSFOD", &out), 0u);  // not cut: a whole word
}

// A broken line whose secret sits under more levels of escapes than are
// mapped back is masked whole.
TEST(RedactionRulesTest, ScrubRawTextFailsClosedPastItsDecodingDepth) {
  const auto rules = RedactionRules::Default();
  // The innermost text holds an AWS key id behind a \u escape, or a
  // password in a body nginx escaped (\x22 for '"'), found at every depth.
  for (const std::string inner : {R"({"k":"\u0041KIAIOSFODNN7EXAMPLE"})",
                                   R"({"b":"{\x22password\x22:\x22KIAIOSFODNN7EXAMPLE\x22}"})"}) {
    for (int levels : {3, 4, 6}) {
      std::string line = inner;
      for (int level = 0; level < levels; ++level) {
        std::string escaped;
        for (char c : line) {
          if (c == '"' || c == '\\') escaped += '\\';
          escaped += c;
        }
        line = R"({"m":")" + escaped + "\"}";
      }
      line.pop_back();  // broken
      std::string out;
      rules->ScrubRawText(line, &out);
      EXPECT_EQ(out.find("KIAIOSFODNN7EXAMPLE"), std::string::npos) << levels << ": " << out;
    }
  }
  std::string out;
  const std::string clean = R"({"m":"{\"n\":\"{\\\"x\\\":1}\"}")";
  rules->ScrubRawText(clean, &out);
  EXPECT_EQ(out, clean);
}

// A broken line's argument list whose program stands in the member before
// (a Kubernetes container's command, Docker's Path) is read with it.
TEST(RedactionRulesTest, ScrubRawTextReadsArgumentsWithTheirProgramApart) {
  const auto rules = RedactionRules::Default();
  std::string out;
  rules->ScrubRawText(R"({"command":["redis-cli"],"args":["-h","c","-a","Hunter2pw","PING")", &out);
  EXPECT_EQ(out, R"({"command":["redis-cli"],"args":["-h","c","-a","[REDACTED]","PING")");
  out.clear();
  rules->ScrubRawText(R"({"Path":"redis-cli","Args":["-a","Hunter2pw"],"Config":{"Cmd":["-a","Hunter2pw"],)", &out);
  EXPECT_EQ(out, R"({"Path":"redis-cli","Args":["-a","[REDACTED]"],"Config":{"Cmd":["-a","[REDACTED]"],)");
  out.clear();
  rules->ScrubRawText(R"({"Path":"ssh","Args":["-p","2222","h"],"x":)", &out);
  EXPECT_EQ(out, R"({"Path":"ssh","Args":["-p","2222","h"],"x":)");
}

// journald writes a field that is not UTF-8 as an array of its bytes: a
// broken line's byte arrays are decoded and scanned, and masked whole.
TEST(RedactionRulesTest, ScrubRawTextDecodesByteArrays) {
  const auto rules = RedactionRules::Default();
  auto bytes = [](std::string_view text) {
    std::string out = "[";
    for (unsigned char c : text) out += std::to_string(c) + ",";
    out.back() = ']';
    return out;
  };
  const std::string secret = bytes("pwd=Hunter2Val");
  struct Case {
    std::string raw;
    std::string scrubbed;
  };
  const std::vector<Case> cases = {
      {"{\"MESSAGE\":" + secret + ",\"n\":1", "{\"MESSAGE\":[REDACTED],\"n\":1"},
      {"{\"MESSAGE\":[\"x\"," + secret + "]} junk", "{\"MESSAGE\":[\"x\",[REDACTED]]} junk"},
      {"{\"MESSAGE\":[ 112, 119, 100, 61, 72 , 117,110", "{\"MESSAGE\":[REDACTED]"},  // cut inside
      {"{\"MESSAGE\":" + bytes("mail bob@example.com") + "} x", "{\"MESSAGE\":[REDACTED:email]} x"},
      // Clean bytes and arrays that are not bytes stay.
      {"{\"MESSAGE\":" + bytes("all fine") + "} x", "{\"MESSAGE\":" + bytes("all fine") + "} x"},
      {"{\"ids\":[1,2,300,4,5]} x", "{\"ids\":[1,2,300,4,5]} x"},
  };
  for (const Case& c : cases) {
    std::string out;
    rules->ScrubRawText(c.raw, &out);
    EXPECT_EQ(out, c.scrubbed) << c.raw;
  }
}

TEST(RedactionRulesTest, ScanKeyValuesCanBeTurnedOff) {
  const std::string pack = WriteTemp("no_kv.toml", "scan_key_values = false\n");
  RulesOptions options;
  options.files = {pack};
  const auto rules = RedactionRules::Load(options);
  ExpectClean(*rules, {"password=hunter2"});
  std::string out;
  EXPECT_EQ(rules->ScrubRawText("password=hunter2", &out), 1u);  // raw text always scrubs pairs
  EXPECT_EQ(out, "password=[REDACTED]");
}

// Every program of the short-flag table, in a command line under a command
// key (the default pack) and in any text (the strict pack, whose regex must
// name each program the table knows).
TEST(RedactionRulesTest, EveryProgramsPasswordFlagIsFoundInText) {
  RulesOptions options;
  options.strict = true;
  const auto strict = RedactionRules::Load(options);
  const auto plain = RedactionRules::Default();
  for (const PasswordFlag& entry : PasswordFlags()) {
    const std::string flag(entry.flag);
    std::string line = "+ /usr/bin/" + std::string(entry.program) + " ";
    if (!entry.command.empty()) line += std::string(entry.command) + " ";
    // A user before the password in the flag's value ("-U bob%pw").
    const std::string user = entry.separator != 0 ? std::string("bob") + entry.separator : "";
    line += entry.next ? flag + " " + user + "Hunter2pw" : flag + user + "Hunter2pw";
    line += " --verbose";
    for (const auto& rules : {strict, plain}) {
      // The strict pack's pattern reads short flags in any text; long ones,
      // Windows switches and bare words count on a command line (gh secret
      // set --body, schtasks /rp, nmcli .. password).
      if (rules == strict && (entry.flag.starts_with("--") || entry.flag[0] != '-')) continue;
      std::vector<ValueMatch> matches;
      if (rules == strict) {
        rules->ScanValue(line, &matches);
      } else {
        rules->ScanValue(line, &matches, /*command_line=*/true);
      }
      ASSERT_EQ(matches.size(), 1u) << line << (rules == strict ? " (strict)" : " (command key)");
      EXPECT_EQ(line.substr(matches[0].begin, matches[0].end - matches[0].begin), "Hunter2pw") << line;
    }
  }
}

}  // namespace
}  // namespace sluice

