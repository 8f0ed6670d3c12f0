// SecretPlanter: see secret_planter.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/secret_planter.h"

namespace sluice::gen {
namespace {

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Relative weights of the kinds, in SecretKind order.
constexpr uint32_t kKindWeights[] = {
    8, 4, 6, 6, 7, 4, 3, 2, 3, 2,   // keyed
    4, 3, 2, 4, 5, 3, 2, 2, 2, 2, 2, 4, 5, 4, 3,  // in text
    2, 2, 2,                         // escaped
    4,                               // JSON in a string
    2, 2, 2, 2, 2, 2,                // XML, URL-encoded, Cookie, DSN, AI key, ?code=
    2, 2, 2, 2,                      // SQL, service token, wrapped, plan change
    3, 2, 2, 2, 2, 2,                // pair, argument list, Kubernetes Secret, program flag,
                                     // Secret patch, rawHeaders
};
static_assert(std::size(kKindWeights) == static_cast<size_t>(SecretKind::kCount));

constexpr std::string_view kPasswordKeys[] = {"password", "passwd", "pwd", "Password"};
constexpr std::string_view kSecretKeys[] = {"secret", "client_secret", "Secret"};
constexpr std::string_view kTokenKeys[] = {"token", "access_token", "refresh_token", "id_token",
                                           "accessToken"};
constexpr std::string_view kApiKeyKeys[] = {"api_key", "apiKey", "API-Key", "X-Api-Key",
                                            "x-api-key"};
constexpr std::string_view kAuthorizationKeys[] = {"authorization", "Authorization",
                                                   "proxy-authorization", "Proxy-Authorization"};
constexpr std::string_view kCookieKeys[] = {"cookie", "Cookie", "set-cookie", "Set-Cookie"};
constexpr std::string_view kSessionKeys[] = {"session", "sessionid", "sessionId"};
constexpr std::string_view kTextKeys[] = {"detail", "error", "note", "reason", "context",
                                          "description"};
constexpr std::string_view kUrlKeys[] = {"dsn", "upstream", "remote", "target"};
constexpr std::string_view kQueryParams[] = {"token", "password", "api_key", "access_token",
                                             "sig", "id_token"};
constexpr std::string_view kKeyValueKeys[] = {"password", "passwd", "pwd", "secret",
                                              "client_secret", "token", "api_key",
                                              "access_token"};
constexpr std::string_view kArrayNames[] = {"datasources", "accounts", "upstreams",
                                            "integrations"};

struct Prose {
  std::string_view before_json;
  std::string_view after_json;
};

}  // namespace

SecretPlanter::SecretPlanter(Rng* rng, double secret_rate, double near_miss_rate)
    : rng_(rng), secret_rate_(secret_rate), near_miss_rate_(near_miss_rate), values_(rng) {}

void SecretPlanter::BeginLine(Shape shape, LineTruth* truth) {
  truth_ = truth;
  placement_ = Placement::kNone;
  near_miss_ = false;
  last_secret_end_ = 0;
  if (shape == Shape::kNginx) {
    // An access log has fixed fields: secrets arrive in the request's query string.
    if (rng_->Chance(secret_rate_)) {
      kind_ = SecretKind::kQuerySecret;
      placement_ = Placement::kQuery;
    }
    return;
  }
  near_miss_ = rng_->Chance(near_miss_rate_);
  if (!rng_->Chance(secret_rate_)) return;

  static const auto kCumulative = [] {
    struct Table {
      uint32_t at[std::size(kKindWeights)];
    } table{};
    uint32_t sum = 0;
    for (size_t i = 0; i < std::size(kKindWeights); ++i) table.at[i] = sum += kKindWeights[i];
    return table;
  }();
  kind_ = static_cast<SecretKind>(rng_->Weighted(kCumulative.at));
  switch (kind_) {
    case SecretKind::kAuthorizationKey:
    case SecretKind::kCookieKey:
    case SecretKind::kApiKeyKey:
      placement_ = rng_->Chance(0.5) ? Placement::kHeaders : Placement::kMember;
      break;
    case SecretKind::kPasswordKey: case SecretKind::kSecretKey: case SecretKind::kTokenKey:
    case SecretKind::kSessionKey: case SecretKind::kPrivateKeyKey: case SecretKind::kCardKey:
    case SecretKind::kSsnKey: case SecretKind::kJsonInString: case SecretKind::kNameValuePair:
    case SecretKind::kArgumentList: case SecretKind::kKubernetesSecret: case SecretKind::kProgramFlag:
    case SecretKind::kSecretPatch: case SecretKind::kRawHeaders:
      placement_ = Placement::kMember;
      break;
    case SecretKind::kQuerySecret: {
      const uint32_t roll = rng_->Below(10);
      placement_ = roll < 6 ? Placement::kQuery : roll < 8 ? Placement::kMessage
                                                           : Placement::kMember;
      break;
    }
    default:
      placement_ = rng_->Chance(0.5) ? Placement::kMessage : Placement::kMember;
  }
}

void SecretPlanter::Plant(std::string_view value, JsonBuffer* out) {
  out->Escaped(value);
  truth_->secrets.emplace_back(value);
  last_secret_end_ = out->size();
}

void SecretPlanter::WriteUrl(bool escaped_slashes, JsonBuffer* out) {
  struct Target {
    std::string_view scheme, user, host_and_path;
  };
  static constexpr Target kTargets[] = {
      {"postgres", "orders", "db-1.internal:5432/orders?sslmode=require"},
      {"https", "deploy", "git.example.com/acme/orders.git"},
      {"redis", "", "cache-1.internal:6379/0"},
      {"amqp", "svc_orders", "mq.internal:5672/%2F"},
      {"https", "backup", "storage.example.net/v1/buckets/nightly"},
  };
  const Target& target = rng_->Pick(kTargets);
  out->Raw(target.scheme);
  out->Raw(escaped_slashes ? ":\\/\\/" : "://");
  out->Raw(target.user);
  out->Char(':');
  Plant(values_.Alnum(12, 19), out);
  out->Char('@');
  if (!escaped_slashes) {
    out->Raw(target.host_and_path);
    return;
  }
  for (char c : target.host_and_path) {
    if (c == '/') out->Char('\\');
    out->Char(c);
  }
}

void SecretPlanter::WriteQueryParam(JsonBuffer* out) {
  const std::string_view name = rng_->Pick(kQueryParams);
  out->Raw(name);
  out->Char('=');
  if (name == "id_token") {
    Plant(values_.Jwt(), out);
  } else if (name == "password") {
    Plant(values_.Alnum(12, 18), out);
  } else {
    Plant(values_.Base64Url(32, 43), out);
  }
}

void SecretPlanter::WriteText(SecretKind kind, JsonBuffer* out) {
  static constexpr Prose kJwtProse[] = {{"token verified for user 4821: ", ""},
                                        {"rejecting expired jwt ", " (exp in the past)"}};
  static constexpr Prose kBearerProse[] = {
      {"upstream replied 401 to Authorization: Bearer ", ""},
      {"calling billing with Bearer ", " timed out after 3 tries"}};
  static constexpr Prose kBasicProse[] = {{"proxy rejected Authorization: Basic ", ""},
                                          {"retrying registry login with Basic ", ""}};
  static constexpr Prose kCardProse[] = {{"charge declined for card ", ""},
                                         {"card ", " expired, asking customer to update it"}};
  static constexpr Prose kEmailProse[] = {{"password reset requested for ", ""},
                                          {"invoice mailed to ", " (attempt 2)"},
                                          {"user <", "> signed in from a new device"}};
  static constexpr Prose kAwsProse[] = {{"using AWS credentials ", " from environment"},
                                        {"s3 PutObject denied for access key ", ""}};
  static constexpr Prose kGithubProse[] = {{"cloning acme/orders with token ", ""},
                                           {"GITHUB_TOKEN ", " rejected: Bad credentials"}};
  static constexpr Prose kSlackProse[] = {{"posting alert to #ops-alerts with ", ""}};
  static constexpr Prose kStripeProse[] = {{"stripe client initialised with ", ""},
                                           {"refund failed, key ", " lacks permission"}};
  static constexpr Prose kGoogleProse[] = {{"geocoder quota exceeded for ", ""},
                                           {"maps client using ", " (restricted to prod)"}};
  static constexpr Prose kPemProse[] = {{"loaded signing key: ", ""},
                                        {"could not parse ", ": unsupported format"}};
  static constexpr Prose kUrlProse[] = {{"connecting to ", ""},
                                        {"fetch from ", " failed: exit status 128"},
                                        {"dial ", ": i/o timeout"}};
  static constexpr Prose kKeyValueProse[] = {{"auth failed: user=bob attempt=3 ", ""},
                                             {"starting worker region=eu-west-1 ", " debug=false"},
                                             {"retrying with ", " backoff=2s"}};
  static constexpr Prose kQuotedProse[] = {{"config dump: {\\\"region\\\": \\\"eu-west-1\\\", ", "}"},
                                           {"upstream said ", " is not valid"}};
  static constexpr Prose kXmlProse[] = {{"SOAP fault for <Login><user>ana</user><password>", "</password></Login>"},
                                        {"sent <ns2:Token>", "</ns2:Token> to legacy billing"}};
  static constexpr Prose kUrlEncodedProse[] = {{"redirect=%2Flogin%3Fuser%3Dana%26password%3D", "%26next%3D%2F"},
                                               {"form body: user=ana&password=", "&remember=1 rejected"}};
  static constexpr Prose kCookieProse[] = {{"request headers: Cookie: _ga=GA1.2.1234.5678; app_session=", ""}};
  static constexpr Prose kDsnProse[] = {{"opening root:", "@tcp(db-1.internal:3306)/orders?parseTime=true"}};
  static constexpr Prose kAiKeyProse[] = {{"completion client configured with ", ""},
                                          {"model call failed, key ", " was revoked"}};
  static constexpr Prose kCodeProse[] = {{"GET /oauth/callback?code=", "&state=af0ifjsldkj HTTP/1.1 400"}};
  static constexpr Prose kSqlProse[] = {{"statement: ALTER ROLE app WITH LOGIN PASSWORD '", "' VALID UNTIL 'infinity'"},
                                        {"slow query: CREATE USER 'app'@'%' IDENTIFIED BY '", "'"}};
  static constexpr Prose kServiceTokenProse[] = {{"push to gitlab.example.com rejected for ", ": revoked"},
                                                 {"telemetry client set up with ", ""}};
  static constexpr Prose kWrappedProse[] = {{"settings {'user': 'ana', 'password': b'", "', 'port': 5432}"},
                                            {"DbConfig { host: \\\"db-1\\\", password: Some(\\\"", "\\\") }"}};
  static constexpr Prose kPlanProse[] = {{"  ~ password = \\\"Old4Value9\\\" -> \\\"", "\\\""}};

  const Prose* prose = nullptr;
  switch (kind) {
    case SecretKind::kJwt: prose = &rng_->Pick(kJwtProse); break;
    case SecretKind::kBearerText: prose = &rng_->Pick(kBearerProse); break;
    case SecretKind::kBasicText: prose = &rng_->Pick(kBasicProse); break;
    case SecretKind::kCardText: prose = &rng_->Pick(kCardProse); break;
    case SecretKind::kEmail: case SecretKind::kEscapedEmail: prose = &rng_->Pick(kEmailProse); break;
    case SecretKind::kAwsKeyId: case SecretKind::kEscapedAwsKeyId: prose = &rng_->Pick(kAwsProse); break;
    case SecretKind::kGithubToken: prose = &rng_->Pick(kGithubProse); break;
    case SecretKind::kSlackToken: prose = &rng_->Pick(kSlackProse); break;
    case SecretKind::kStripeKey: prose = &rng_->Pick(kStripeProse); break;
    case SecretKind::kGoogleApiKey: prose = &rng_->Pick(kGoogleProse); break;
    case SecretKind::kPemText: prose = &rng_->Pick(kPemProse); break;
    case SecretKind::kUrlPassword: case SecretKind::kEscapedUrlPassword:
      prose = &rng_->Pick(kUrlProse);
      break;
    case SecretKind::kKeyValueText: prose = &rng_->Pick(kKeyValueProse); break;
    case SecretKind::kQuotedKeyText: prose = &rng_->Pick(kQuotedProse); break;
    case SecretKind::kXmlElement: prose = &rng_->Pick(kXmlProse); break;
    case SecretKind::kUrlEncodedPair: prose = &rng_->Pick(kUrlEncodedProse); break;
    case SecretKind::kCookieText: prose = &rng_->Pick(kCookieProse); break;
    case SecretKind::kMysqlDsn: prose = &rng_->Pick(kDsnProse); break;
    case SecretKind::kAiApiKey: prose = &rng_->Pick(kAiKeyProse); break;
    case SecretKind::kQueryCode: prose = &rng_->Pick(kCodeProse); break;
    case SecretKind::kSqlPassword: prose = &rng_->Pick(kSqlProse); break;
    case SecretKind::kServiceToken: prose = &rng_->Pick(kServiceTokenProse); break;
    case SecretKind::kWrappedValue: prose = &rng_->Pick(kWrappedProse); break;
    case SecretKind::kPlanChange: prose = &rng_->Pick(kPlanProse); break;
    case SecretKind::kQuerySecret: {
      out->Raw("GET /v1/oauth/callback?state=");
      for (int i = 0; i < 8; ++i) out->Char(kAlnum[rng_->Below(62)]);
      out->Char('&');
      WriteQueryParam(out);
      out->Raw(" failed with 401");
      return;
    }
    default:  // only text kinds are placed in text; keep the line valid regardless
      kind = SecretKind::kKeyValueText;
      prose = &rng_->Pick(kKeyValueProse);
  }

  out->Raw(prose->before_json);
  switch (kind) {
    case SecretKind::kUrlPassword: WriteUrl(false, out); break;
    case SecretKind::kEscapedUrlPassword: WriteUrl(true, out); break;
    case SecretKind::kEscapedAwsKeyId: {
      const std::string& id = values_.ForKind(kind);
      out->Raw("\\u0041");  // AKIA... / ASIA... with its A escaped
      out->Raw(std::string_view(id).substr(1));
      truth_->secrets.push_back(id);
      last_secret_end_ = out->size();
      break;
    }
    case SecretKind::kEscapedEmail: {
      const std::string& email = values_.ForKind(kind);
      const size_t at = email.find('@');
      out->Raw(std::string_view(email).substr(0, at));
      out->Raw("\\u0040");
      out->Raw(std::string_view(email).substr(at + 1));
      truth_->secrets.push_back(email);
      last_secret_end_ = out->size();
      break;
    }
    case SecretKind::kKeyValueText:
      out->Raw(rng_->Pick(kKeyValueKeys));
      out->Char('=');
      Plant(values_.Password(), out);
      break;
    case SecretKind::kQuotedKeyText:
      out->Raw("\\\"");
      out->Raw(rng_->Pick(kKeyValueKeys));
      out->Raw("\\\": \\\"");
      Plant(values_.Alnum(16, 28), out);
      out->Raw("\\\"");
      break;
    default:
      Plant(values_.ForKind(kind), out);
  }
  out->Raw(prose->after_json);
}

void SecretPlanter::WriteKeyedMember(SecretKind kind, JsonBuffer* out) {
  out->Char('"');
  switch (kind) {
    case SecretKind::kPasswordKey: out->Raw(rng_->Pick(kPasswordKeys)); break;
    case SecretKind::kSecretKey: out->Raw(rng_->Pick(kSecretKeys)); break;
    case SecretKind::kTokenKey: out->Raw(rng_->Pick(kTokenKeys)); break;
    case SecretKind::kApiKeyKey: out->Raw(rng_->Pick(kApiKeyKeys)); break;
    case SecretKind::kAuthorizationKey: out->Raw(rng_->Pick(kAuthorizationKeys)); break;
    case SecretKind::kCookieKey: out->Raw(rng_->Pick(kCookieKeys)); break;
    case SecretKind::kSessionKey: out->Raw(rng_->Pick(kSessionKeys)); break;
    case SecretKind::kPrivateKeyKey: out->Raw("private_key"); break;
    case SecretKind::kCardKey: out->Raw("card_number"); break;
    case SecretKind::kSsnKey: out->Raw(rng_->Chance(0.8) ? "ssn" : "SSN"); break;
    default: out->Raw("password"); kind = SecretKind::kPasswordKey;
  }
  out->Raw("\":\"");
  switch (kind) {
    case SecretKind::kAuthorizationKey:
      if (rng_->Chance(0.7)) {
        out->Raw("Bearer ");
        Plant(values_.ForKind(SecretKind::kBearerText), out);
      } else {
        out->Raw("Basic ");
        Plant(values_.BasicCredentials(), out);
      }
      break;
    case SecretKind::kCookieKey: {
      const bool set_cookie = rng_->Chance(0.4);
      out->Raw(set_cookie ? "session=" : "theme=dark; sessionid=");
      Plant(values_.Alnum(32, 32), out);
      out->Raw(set_cookie ? "; Path=/; HttpOnly; Secure; SameSite=Lax" : "; lang=en-US");
      break;
    }
    default:
      Plant(values_.ForKind(kind), out);
  }
  out->Char('"');
  if (kind == SecretKind::kCardKey) {
    // The CVV is too short to search for on its own: the truth lists it by key.
    std::string cvv = values_.Digits(rng_->Chance(0.9) ? 3 : 4);
    out->Raw(",\"cvv\":\"");
    out->Raw(cvv);
    out->Raw("\",\"exp\":\"0");
    out->Uint(1 + rng_->Below(9));
    out->Raw("/2");
    out->Uint(7 + rng_->Below(3));
    out->Char('"');
    truth_->short_secrets.emplace_back("cvv", std::move(cvv));
  }
}

void SecretPlanter::WriteKeyedStructure(SecretKind kind, JsonBuffer* out) {
  const uint32_t roll = rng_->Below(100);
  if (roll < 40) {
    out->Char(',');
    WriteKeyedMember(kind, out);
  } else if (roll < 60) {
    out->Raw(",\"user\":{\"id\":");
    out->Uint(1000 + rng_->Below(90000));
    out->Raw(",\"name\":\"ana\",");
    WriteKeyedMember(kind, out);
    out->Char('}');
  } else if (roll < 78) {
    out->Raw(rng_->Chance(0.5) ? ",\"config\":{\"db\":{\"host\":\"db-1.internal\",\"port\":5432,"
                               : ",\"auth\":{\"method\":\"oauth2\",\"credentials\":{\"client_id\":"
                                 "\"web-checkout\",");
    WriteKeyedMember(kind, out);
    out->Raw("}}");
  } else {
    // An array of objects, each with its own secret.
    out->Raw(",\"");
    out->Raw(rng_->Pick(kArrayNames));
    out->Raw("\":[{\"name\":\"primary\",\"enabled\":true,");
    WriteKeyedMember(kind, out);
    out->Raw("},{\"name\":\"replica\",\"enabled\":false,\"tags\":[\"ro\",\"eu\"],");
    WriteKeyedMember(kind, out);
    out->Raw("}]");
  }
}

void SecretPlanter::WriteStructure(SecretKind kind, JsonBuffer* out) {
  static constexpr std::string_view kEnvNames[] = {"DB_PASSWORD", "STRIPE_SECRET_KEY", "API_TOKEN",
                                                   "redis-password"};
  static constexpr std::string_view kFlags[] = {"--db-password", "--token", "-storepass", "--api-key"};
  static constexpr std::string_view kDataKeys[] = {"tls.key", "password", ".dockerconfigjson",
                                                   "DATABASE_URL"};
  switch (kind) {
    case SecretKind::kNameValuePair:
      out->Raw(",\"env\":[{\"name\":\"PORT\",\"value\":\"8080\"},");
      if (rng_->Chance(0.5)) {
        out->Raw("{\"name\":\"");
        out->Raw(rng_->Pick(kEnvNames));
        out->Raw("\",\"value\":\"");
        Plant(values_.Password(), out);
        out->Raw("\"}]");
      } else {  // the value before its name
        out->Raw("{\"value\":\"");
        Plant(values_.Password(), out);
        out->Raw("\",\"name\":\"");
        out->Raw(rng_->Pick(kEnvNames));
        out->Raw("\"}]");
      }
      break;
    case SecretKind::kArgumentList:
      out->Raw(",\"args\":[\"/usr/local/bin/migrate\",\"--host\",\"db-1.internal\",\"");
      out->Raw(rng_->Pick(kFlags));
      out->Raw("\",\"");
      Plant(values_.ForKind(kind), out);
      out->Raw("\",\"--verbose\"]");
      break;
    case SecretKind::kProgramFlag:
      switch (rng_->Below(12)) {
        case 0:
          out->Raw(",\"args\":[\"redis-cli\",\"-h\",\"cache-1\",\"-a\",\"");
          Plant(values_.ForKind(kind), out);
          out->Raw("\",\"PING\"]");
          break;
        case 1:
          out->Raw(",\"args\":[\"docker\",\"login\",\"-u\",\"ci\",\"-p\",\"");
          Plant(values_.ForKind(kind), out);
          out->Raw("\",\"registry.example.com\"]");
          break;
        case 2:
          out->Raw(",\"args\":[\"/usr/bin/mysqldump\",\"-uroot\",\"-p");
          Plant(values_.ForKind(kind), out);
          out->Raw("\",\"orders\"]");
          break;
        case 3:  // a command line as one string (ECS, Falco)
          out->Raw(",\"process\":{\"command_line\":\"docker login -u ci -p ");
          Plant(values_.ForKind(kind), out);
          out->Raw(" registry.example.com\"}");
          break;
        case 4:
          out->Raw(",\"proc.cmdline\":\"mysql -uroot -p");
          Plant(values_.ForKind(kind), out);
          out->Raw(" orders\"");
          break;
        case 5:  // behind sudo (auditd, Falco's proc.args)
          out->Raw(",\"process\":{\"args\":[\"/usr/bin/sudo\",\"-u\",\"deploy\",\"docker\",\"login\",\"-p\",\"");
          Plant(values_.ForKind(kind), out);
          out->Raw("\"]}");
          break;
        case 6:  // a shell's -c
          out->Raw(",\"args\":[\"/bin/sh\",\"-c\",\"cd /srv && redis-cli -a ");
          Plant(values_.ForKind(kind), out);
          out->Raw(" ping\"]");
          break;
        case 8:  // a user and its password in one value
          out->Raw(",\"proc.cmdline\":\"smbclient //fs-1/backup -U svc_backup%");
          Plant(values_.ForKind(kind), out);
          out->Raw(" -c ls\"");
          break;
        case 9:  // Oracle's logon by its place
          out->Raw(",\"args\":[\"/opt/oracle/instantclient_21_1/sqlplus\",\"-s\",\"scott/");
          Plant(values_.ForKind(kind), out);
          out->Raw("@orcl\",\"@/srv/report.sql\"]");
          break;
        case 10:  // piped to a program that reads it from stdin
          out->Raw(",\"process\":{\"command_line\":\"sh -c echo ");
          Plant(values_.ForKind(kind), out);
          out->Raw(" | docker login -u ci --password-stdin registry.example.com\"}");
          break;
        case 11:  // a Kubernetes container's program apart from its arguments
          out->Raw(",\"container\":{\"command\":[\"redis-cli\"],\"args\":[\"-h\",\"cache-1\",\"-a\",\"");
          Plant(values_.ForKind(kind), out);
          out->Raw("\",\"PING\"]}");
          break;
        default:  // a shell's trace in a CI job's log
          out->Raw(",\"log\":\"+ sshpass -p ");
          Plant(values_.ForKind(kind), out);
          out->Raw(" ssh -p 2222 deploy@10.0.0.5\"");
      }
      break;
    case SecretKind::kSecretPatch:
      out->Raw(",\"audit\":{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"patch\","
               "\"requestURI\":\"/api/v1/namespaces/prod/secrets/db-creds\",\"objectRef\":{\"resource\":"
               "\"secrets\",\"namespace\":\"prod\",\"name\":\"db-creds\"},\"requestObject\":");
      if (rng_->Chance(0.5)) {
        out->Raw("{\"data\":{\"");
        out->Raw(rng_->Pick(kDataKeys));
        out->Raw("\":\"");
        Plant(values_.ForKind(kind), out);
        out->Raw("\"}}}");
      } else {  // a JSON patch
        out->Raw("[{\"op\":\"replace\",\"path\":\"/data/tls.key\",\"value\":\"");
        Plant(values_.ForKind(kind), out);
        out->Raw("\"}]}");
      }
      break;
    case SecretKind::kRawHeaders:
      out->Raw(",\"req\":{\"method\":\"GET\",\"rawHeaders\":[\"Host\",\"api.example.com\",");
      out->Raw(rng_->Chance(0.5) ? "\"Authorization\",\"Token " : "\"Cookie\",\"sid=");
      Plant(values_.ForKind(kind), out);
      out->Raw("\",\"Accept\",\"*/*\"]}");
      break;
    default: {  // kKubernetesSecret
      const bool sorted = rng_->Chance(0.6);
      out->Raw(",\"object\":{\"apiVersion\":\"v1\",");
      if (!sorted) out->Raw("\"kind\":\"Secret\",");
      out->Raw("\"data\":{\"");
      out->Raw(rng_->Pick(kDataKeys));
      out->Raw("\":\"");
      Plant(values_.ForKind(kind), out);
      out->Raw("\"},");
      if (sorted) out->Raw("\"kind\":\"Secret\",");
      out->Raw("\"metadata\":{\"name\":\"web-tls\",\"namespace\":\"prod\"},\"type\":\"Opaque\"}");
    }
  }
}

void SecretPlanter::WriteJsonInString(JsonBuffer* out) {
  static constexpr std::string_view kBodyKeys[] = {"body", "request_body", "payload", "raw"};
  scratch_.clear();
  JsonBuffer inner(&scratch_);
  switch (rng_->Below(6)) {
    case 0:
      inner.Raw("{\"username\":\"bob\",\"password\":\"");
      Plant(values_.Password(), &inner);
      inner.Raw("\",\"remember\":true}");
      break;
    case 1:
      inner.Raw("{\"grant_type\":\"client_credentials\",\"client_id\":\"svc-orders\","
                "\"client_secret\":\"");
      Plant(values_.Alnum(32, 40), &inner);
      inner.Raw("\"}");
      break;
    case 2:
      inner.Raw("{\"user\":{\"email\":\"");
      Plant(values_.Email(), &inner);
      inner.Raw("\",\"pwd\":\"");
      Plant(values_.Password(), &inner);
      inner.Raw("\"},\"locale\":\"de-DE\"}");
      break;
    case 3:
      inner.Raw("{\"query\":\"shoes\",\"api_key\":\"");
      Plant(values_.ForKind(SecretKind::kApiKeyKey), &inner);
      inner.Raw("\",\"page\":2}");
      break;
    case 4:
      // An Elasticsearch _bulk body: NDJSON, the secret in its second document.
      inner.Raw("{\"index\":{\"_index\":\"users\"}}\n{\"user\":\"bob\",\"password\":\"");
      Plant(values_.Password(), &inner);
      inner.Raw("\"}\n");
      break;
    default:
      // A container's JSON line kept as text (no CRI parser), Go's encoding/json
      // writing '&' as \u0026: the token is found only once decoded twice.
      inner.Raw("2024-01-15T10:00:00.000000001Z stdout F "
                "{\"msg\":\"callback\",\"url\":\"/cb?state=x\\u0026access_token=");
      Plant(values_.Alnum(24, 32), &inner);
      inner.Raw("\",\"status\":302}");
  }
  out->Raw(",\"");
  out->Raw(rng_->Pick(kBodyKeys));
  out->Raw("\":\"");
  out->Escaped(scratch_);
  last_secret_end_ = out->size();
  out->Char('"');
}

void SecretPlanter::WriteNearMisses(JsonBuffer* out) {
  auto record_since = [&](size_t from) {
    Survive(std::string_view(out->text()).substr(from, out->size() - from));
  };
  switch (rng_->Below(7)) {
    case 0: {  // 16 digits with a card-like prefix that fail Luhn
      out->Raw(",\"order_id\":\"");
      std::string digits(1, rng_->Chance(0.5) ? '4' : '5');
      digits += values_.Digits(14);
      const int check = SecretValues::LuhnCheckDigit(digits);
      digits.push_back(static_cast<char>('0' + (check + 1 + rng_->Below(9)) % 10));
      out->Raw(digits);
      out->Char('"');
      Survive(digits);
      break;
    }
    case 1: {  // keys that contain "token" but hold no secret
      size_t at = out->size() + 1;
      out->Raw(",\"tokens_used\":");
      out->Uint(rng_->Below(4000));
      record_since(at);
      at = out->size() + 1;
      out->Raw(",\"max_tokens\":");
      out->Uint(rng_->Chance(0.5) ? 256 : 1024);
      record_since(at);
      break;
    }
    case 2: {
      const size_t at = out->size() + 1;
      out->Raw(",\"token_type\":\"bearer\"");
      record_since(at);
      out->Raw(",\"expires_in\":3600");
      break;
    }
    case 3: {  // a UUID and an ISO timestamp in text
      out->Raw(",\"note\":\"retry of ");
      size_t at = out->size();
      // One draw a statement (argument order is unspecified); the low half is
      // drawn first, which keeps the bundled samples as they were made.
      const uint64_t uuid_lo = rng_->Next();
      const uint64_t uuid_hi = rng_->Next();
      out->Uuid(uuid_hi, uuid_lo);
      record_since(at);
      out->Raw(" scheduled for ");
      at = out->size();
      out->Raw("2026-12-0");
      out->Uint(1 + rng_->Below(9));
      out->Raw("T0");
      out->Uint(rng_->Below(10));
      out->Raw(":");
      out->Padded(rng_->Below(60), 2);
      out->Raw(":00.000Z");
      record_since(at);
      out->Char('"');
      break;
    }
    case 4: {  // a version string
      out->Raw(",\"client_version\":\"");
      const size_t at = out->size();
      out->Uint(1 + rng_->Below(4));
      out->Char('.');
      out->Uint(rng_->Below(30));
      out->Char('.');
      out->Uint(rng_->Below(20));
      record_since(at);
      out->Char('"');
      break;
    }
    case 5: {  // a hex digest in a path
      out->Raw(",\"asset\":\"");
      const size_t at = out->size();
      out->Raw("/static/css/main.");
      out->Hex(rng_->Next(), 16);
      out->Hex(rng_->Next(), 16);
      out->Hex(rng_->Next(), 8);
      out->Raw(".css");
      record_since(at);
      out->Char('"');
      break;
    }
    default: {  // a sha256 checksum
      out->Raw(",\"checksum\":\"");
      const size_t at = out->size();
      out->Raw("sha256:");
      for (int i = 0; i < 4; ++i) out->Hex(rng_->Next(), 16);
      record_since(at);
      out->Char('"');
    }
  }
}

bool SecretPlanter::OnMessage(JsonBuffer* out) {
  if (placement_ != Placement::kMessage) return false;
  placement_ = Placement::kNone;
  WriteText(kind_, out);
  return true;
}

bool SecretPlanter::OnQuery(bool has_query, JsonBuffer* out) {
  if (placement_ != Placement::kQuery) return false;
  placement_ = Placement::kNone;
  out->Char(has_query ? '&' : '?');
  WriteQueryParam(out);
  return true;
}

bool SecretPlanter::OnHeaders(JsonBuffer* out) {
  if (placement_ != Placement::kHeaders) return false;
  placement_ = Placement::kNone;
  out->Char(',');
  WriteKeyedMember(kind_, out);
  return true;
}

void SecretPlanter::OnExtras(JsonBuffer* out) {
  const Placement placement = placement_;
  placement_ = Placement::kNone;
  switch (placement) {
    case Placement::kNone:
      break;
    case Placement::kHeaders:
      out->Raw(",\"request\":{\"headers\":{\"Host\":\"api.example.com\",\"Accept\":\"*/*\",");
      WriteKeyedMember(kind_, out);
      out->Raw("}}");
      break;
    case Placement::kQuery:
      out->Raw(",\"url\":\"https://api.example.com/v1/oauth/callback?state=ok");
      out->Char('&');
      WriteQueryParam(out);
      out->Char('"');
      break;
    case Placement::kMessage:
    case Placement::kMember:
      if (kind_ <= SecretKind::kSsnKey) {
        WriteKeyedStructure(kind_, out);
      } else if (kind_ == SecretKind::kJsonInString) {
        WriteJsonInString(out);
      } else if (kind_ >= SecretKind::kNameValuePair) {
        WriteStructure(kind_, out);
      } else {
        out->Raw(",\"");
        const bool url = kind_ == SecretKind::kUrlPassword ||
                         kind_ == SecretKind::kEscapedUrlPassword;
        out->Raw(url ? rng_->Pick(kUrlKeys) : rng_->Pick(kTextKeys));
        out->Raw("\":\"");
        WriteText(kind_, out);
        out->Char('"');
      }
      break;
  }
  if (near_miss_) {
    near_miss_ = false;
    WriteNearMisses(out);
  }
}

}  // namespace sluice::gen
