// BuiltinPacks: the embedded default and strict rule packs (see builtin_packs.h).
// Keep identical to pipeline/rules/default.toml and pipeline/rules/strict.toml;
// tests/redact/rule_pack_loader_test.cpp fails when they drift.
#include "redact/builtin_packs.h"

namespace sluice {
namespace {

constexpr std::string_view kDefault = R"sluice-pack(# sluice default redaction rule pack.
#
# This is the built-in pack: src/redact/builtin_packs.cpp embeds this exact
# text (tests/redact/rule_pack_loader_test.cpp checks they are identical), so
# sluice needs no rules file at run time. Edit both together.
# The schema is documented in example-custom.toml beside this file.

# KEY=VALUE, KEY: VALUE and "KEY": "VALUE" inside free text (messages, query
# strings, raw broken lines): VALUE is masked when KEY matches a key rule.
scan_key_values = true

# Keys that look sensitive but are not. Compared after normalisation (case,
# '_', '-', '.', ' ' ignored); an allowed key beats every key rule.
allow_keys = [
  "token_type", "tokens_used", "max_tokens", "token_count", "token_limit",
  "prompt_tokens", "completion_tokens", "total_tokens", "input_tokens", "output_tokens",
  "next_token", "page_token", "next_page_token",
  # Idempotency and pagination tokens (AWS ClientRequestToken, S3
  # NextContinuationToken, MongoDB change-stream resume tokens), Helm's name
  # of an existing Secret.
  "idempotency_token", "client_request_token", "continuation_token", "next_continuation_token",
  "resume_token", "existing_secret", "pagination_token", "sync_token", "skip_token",
  "bypass", "compass", "overpass", "underpass", "trespass", "multipass", "first_pass", "second_pass",
  "single_pass", "one_pass", "two_pass", "lowpass", "highpass", "bandpass", "boarding_pass", "render_pass",
  "lint_pass", "test_pass", "tests_pass",
  # CloudWatch Logs' paging tokens, EFS's creation token, .NET's
  # CancellationToken, a tokenizer's special tokens ("eos_token": "</s>").
  "next_forward_token", "next_backward_token", "creation_token", "cancellation_token", "max_token",
  "eos_token", "bos_token", "pad_token", "unk_token", "sep_token", "cls_token", "mask_token",
  "google_application_credentials",
]

# Keys whose values are ids, matched as suffixes: no value pattern runs on
# them. A 19-digit Datadog trace id passes a card's checks one time in ten.
id_keys = ["trace_id", "span_id", "parent_id"]

# Keys whose values are command lines, matched as suffixes: "cmdline",
# Falco's "proc.cmdline", ECS's "process.command_line", Sysmon's
# "CommandLine", journald's "_CMDLINE", Ansible's "cmd", Falco's "proc.args"
# and a container's "args" (after its command: sh -c). The password a program's short flag
# carries is masked there by the "password" key rule: "mysql -uroot -ppw",
# "redis-cli -a pw", "sshpass -p pw", "docker login -p pw", "curl -u
# user:pw" (the programs: src/redact/program_flags.cpp); "docker run -p
# 8080:80" and mysql's "-p" alone are no passwords. In other text, the strict
# pack's cli_short_flag finds them.
command_keys = ["cmdline", "command_line", "command", "cmd", "args"]

# ---------------------------------------------------------------- key rules
# keys: the normalised key equals one of these ("API-Key" == "api_key").
# key_suffixes: the normalised key ends with one of these, so "x-api-key",
# "db_password", "client_secret" and "X-Auth-Token" match without listing
# every prefix. A key that matches nothing and ends in digits is tried
# without them ("password1", "token_2", "api_key_v2"), one with a qualifier
# without it ("password_b64", "secretValue", "token_encoded"); a form
# field's name, "user[password]", by its last bracketed part.

[[key_rule]]
name = "password"
keys = ["pwd", "pw", "db_pass", "smtp_pass", "mail_pass", "email_pass", "mysql_pass", "redis_pass", "ldap_pass",
        "ftp_pass", "admin_pass", "root_pass", "user_pass", "rabbitmq_default_pass", "mysql_pwd",
        "requirepass", "masterauth", "storepass", "keypass"]
# "pass" as a suffix: nodemailer's auth.pass, DEPLOY_PASS, ansible_become_pass;
# its look-alikes are allowed (bypass, compass).
key_suffixes = ["password", "passwd", "passphrase", "passwords", "password_confirmation",
                "password_confirm", "password_hash", "password_digest", "pass"]

[[key_rule]]
name = "secret"
# (Not secret_id: in AWS events, secretId is a secret's name or ARN.)
keys = ["client_secret", "secret_string", "secret_binary", "secret_hash", "credentials", "bind_credential"]
# registry_auth: Docker's X-Registry-Auth header, base64 of a JSON login.
# access_key, storage_key: Azure's ARM_ACCESS_KEY and AZURE_STORAGE_KEY.
# credentials: DB_CREDENTIALS, aws_credentials (GOOGLE_APPLICATION_CREDENTIALS,
# a file's path, is allowed).
key_suffixes = ["secret", "secret_key", "secret_access_key", "secret_key_base", "encryption_key",
                "signing_key", "master_key", "registry_auth", "hmac_key", "jwt_key", "access_key", "storage_key",
                "credentials"]

[[key_rule]]
name = "token"
# OAuth: PKCE verifier, device code, OAuth 1 verifier; a SAML response is a
# bearer assertion. One-time codes: an authorization code in a token
# request's body, a second factor.
keys = ["access_token", "refresh_token", "id_token", "code_verifier", "device_code", "oauth_verifier",
        "saml_response", "auth_code", "authorization_code", "otp", "totp", "otp_code", "totp_code", "mfa_code",
        "verification_code", "passcode"]
key_suffixes = ["token"]

# An OAuth authorization code or an Azure Functions key ("?code=...&state="),
# an API key ("?key=", "?auth=" as Firebase takes it) in a query string: only
# there, since elsewhere these words name error codes, cache keys and modes.
[[key_rule]]
name = "query_secret"
keys = ["code", "key", "auth"]
scope = "query"

# Docker's config.json ("auths": {"ghcr.io": {"auth": "..."}}, also as
# DOCKER_AUTH_CONFIG) and npm's .npmrc ("//registry/:_auth=...",
# NPM_CONFIG__AUTH) keep base64 of "user:password" under a key ending in
# "auth": masked when the value decodes so, since elsewhere "auth" names a
# mode ("auth": "oauth"). A value that does not is scanned as any other.
[[key_rule]]
name = "auth_credentials"
key_suffixes = ["auth"]
validate = "basic_credentials"

[[key_rule]]
name = "api_key"
keys = ["x-api-key", "x-auth", "x-auth-key", "x-access-key", "x-honeycomb-team"]
# account_key, shared_access_key: Azure storage and Service Bus connection
# strings ("AccountKey=...;", "SharedAccessKey=...;").
# functions_key: Azure Functions' x-functions-key header.
# app_key, application_key: Laravel's APP_KEY, Datadog's DD-APPLICATION-KEY;
# license_key, insert_key: New Relic; write_key: Segment; authkey: Tailscale.
key_suffixes = ["api_key", "subscription_key", "account_key", "shared_access_key", "functions_key", "app_key",
                "application_key", "license_key", "insert_key", "write_key", "auth_key", "authkey"]

[[key_rule]]
name = "authorization"
keys = ["proxy-authorization"]
key_suffixes = ["authorization"]
# In text, "Authorization: SSWS 00ab..." is one header to the end of its
# line, whatever the scheme (a known one, such as Bearer, is kept).
text_value = "line"

# In text, "Cookie: _ga=1; app_session=x" is one header: its whole line.
[[key_rule]]
name = "cookie"
keys = ["set-cookie", "cookie_header", "cookiejar"]
key_suffixes = ["cookie", "cookies"]
text_value = "line"

[[key_rule]]
name = "session"
# Frameworks' session cookie names: Laravel, CodeIgniter, Express, GitLab, Rack, Koa, ASP.NET Core.
keys = ["session", "session_key", "phpsessid", "laravel_session", "ci_session", "connect.sid", "_gitlab_session", "rack.session",
        "koa.sess", ".AspNetCore.Session"]
key_suffixes = ["session_id"]

# client_key_data: a kubeconfig's client key (its client-key is a path);
# private_key_data: GCP service account keys; tls_key: a Helm value's or a
# Secret's tls.key (PEM, or its base64).
[[key_rule]]
name = "private_key"
keys = ["client_key_data"]
key_suffixes = ["private_key", "private_key_data", "tls_key"]

[[key_rule]]
name = "card_number"
keys = ["credit_card", "cc_number"]
key_suffixes = ["card_number"]
mode = "partial"
keep_last = 4

[[key_rule]]
name = "card_cvv"
keys = ["cvv2", "cvc", "cvc2", "cvn", "security_code", "card_code", "card_security_code", "verification_value",
        "pin", "pin_code"]
key_suffixes = ["cvv"]

[[key_rule]]
name = "ssn"
keys = ["ssn", "social_security_number", "customer_ssn", "user_ssn", "patient_ssn",
        "employee_ssn", "member_ssn"]

# sig= and X-Amz-Signature= in signed URLs.
[[key_rule]]
name = "signature"
keys = ["sig"]
key_suffixes = ["signature"]

# ----------------------------------------------------------- value patterns
# RE2 syntax. Every pattern has a prefilter, so RE2 never sees clean text;
# prefilter_word_start says the regex has \b before the literal.

[[pattern]]
name = "jwt"
regex = '''\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){1,3}'''
prefilter = ["eyJ"]
prefilter_word_start = true
label = "[REDACTED:jwt]"

# Tokens of 16+ characters, so that "bearer token_count" in prose survives.
# Any blank between scheme and token, a no-break space (UTF-8) included.
[[pattern]]
name = "bearer"
regex = '''(?i)\bbearer(?:[\t\n\v\f\r ]|\xc2\xa0)+([A-Za-z0-9._~+/=-]{16,})'''
group = 1
prefilter = ["bearer"]
prefilter_word_start = true
prefilter_ignore_case = true

[[pattern]]
name = "basic_auth"
regex = '''(?i)\bbasic(?:[\t\n\v\f\r ]|\xc2\xa0)+([A-Za-z0-9+/]{4,}={0,2})'''
group = 1
prefilter = ["basic"]
prefilter_word_start = true
prefilter_ignore_case = true
validate = "basic_credentials"

# 13-19 digits, single spaces or dashes between them, not glued to a word or
# to a hex group and a dash on either side (the digit runs of UUIDs); checked
# for a card issuer's first digit (2-6) and the Luhn sum, so that order ids,
# epoch timestamps and other long numbers survive.
[[pattern]]
name = "payment_card"
regex = '''(?:^|[^0-9A-Za-z_-]|(?:^|[^0-9A-Fa-f])-)((?:[0-9][ -]?){12,18}[0-9])(?:$|[^0-9A-Za-z_-]|-(?:$|[^0-9A-Fa-f]))'''
group = 1
prefilter_digits = 13
digit_separators = " -"
validate = "payment_card"
mode = "partial"
keep_last = 4

# The first alternative consumes URL user info ("https://user:pw@host"), which
# url_password handles, so that it is not taken for an address, the second
# an SCP-style remote ("git@github.com:org/repo.git", rsync's
# "deploy@web1:/var/www"), the third a systemd template unit
# ("user@1000.service", "getty@tty1.service"); a ',' ';' or
# '|' ends it ("sites=http://a.example,bob@b.example"). Two-byte UTF-8
# characters are letters ("andré@example.fr", "info@bücher.de"); CJK text and
# emoji (three or four bytes) are not, so "ありがとう@tanaka.jp" is prose. The
# top-level domain ends the name: "rabbit@rabbitmq-0.rabbitmq-nodes.rabbitmq-system",
# a RabbitMQ node, is no address (it was masked up to "-system"); a '-' and
# no letter may follow ("bob@example.com-1700000000", "bob@example.com-->").
[[pattern]]
name = "email"
regex = '''(?i)[a-z][a-z0-9+.-]*://[^\s/?#,;|]*@|\bgit@[a-z0-9.-]+:|\b[a-z0-9._-]+@[a-z0-9.-]+:[/~]|[a-z0-9_.:%+-]+@[a-z0-9_.:\\-]*\.(?:service|socket|timer|mount|automount|slice|target|path|scope|swap|device)\b|((?:[a-z0-9._%+-]|[\xc2-\xdf][\x80-\xbf])+@(?:[a-z0-9-]|[\xc2-\xdf][\x80-\xbf])+(?:\.(?:[a-z0-9-]|[\xc2-\xdf][\x80-\xbf])+)*\.[a-z]{2,})(?:$|[^a-z0-9-]|-(?:$|[^a-z]))'''
group = 1
prefilter = ["@"]
label = "[REDACTED:email]"

# scheme://user:PASSWORD@host: only the password. The user may hold an
# unencoded '@' (an address as the SMTP or git login).
# Oracle's JDBC URL has no scheme's "//": jdbc:oracle:thin:scott/PASSWORD@db
# (its own group: group = [1, 2]), to the first '@' unless quoted. A '#' is the password's (Oracle
# allows it unquoted; an unencoded one in a URL is still the secret).
[[pattern]]
name = "url_password"
regex = '''(?i)(?:\b[a-z][a-z0-9+.-]*://[^\s/?#:]*:([^\s/?]+)|\bjdbc:oracle:(?:thin|oci8?):[A-Za-z0-9_$#.]+/("[^"\s]+"|[^\s/?@"]+))@'''
group = [1, 2]
prefilter = ["@"]

# user:PASSWORD@host with no scheme, as an HTTPS_PROXY written without
# http:// and Go's dial errors echo it, or an ioredis address: only with a
# port after the host ("bob:pw@proxy:3128") or an IPv4 host, so that
# "ERROR:x@example.com" stays (the email rule sees the address), and with a
# user that is no number ("12:30@host:8080" is a time).
[[pattern]]
name = "bare_url_password"
regex = '''(?:^|[\s=("'\[,])[A-Za-z0-9_.-]{0,63}[A-Za-z_.-][A-Za-z0-9_.-]{0,63}:([^\s@/:"']{1,128})@(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*:[0-9]{2,5}\b|[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b)'''
group = 1
prefilter = ["@"]

# Go's MySQL driver writes a DSN without a scheme: user:PASSWORD@tcp(host)/db.
[[pattern]]
name = "mysql_dsn_password"
regex = '''(?:^|[^A-Za-z0-9_.:/-])[A-Za-z0-9_.-]*:([^\s"']+)@(?:tcp6?|unix)\('''
group = 1
prefilter = ["@tcp", "@unix("]

[[pattern]]
name = "aws_access_key_id"
regex = '''\b(?:AKIA|ASIA)[A-Z0-9]{16}\b'''
prefilter = ["AKIA", "ASIA"]
prefilter_word_start = true

[[pattern]]
name = "github_token"
regex = '''\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})'''
prefilter = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]
prefilter_word_start = true

[[pattern]]
name = "slack_token"
regex = '''\bxox[abposr]-[A-Za-z0-9-]{10,}'''
prefilter = ["xox"]
prefilter_word_start = true

# Incoming webhooks, and Slack's workflow and trigger URLs: the path after
# the host is the credential.
[[pattern]]
name = "slack_webhook"
regex = '''hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/-]+)'''
group = 1
prefilter = ["hooks.slack.com/"]

# A Discord webhook's token (after its numeric id; the API version optional). (Microsoft Teams' and
# PagerDuty's webhook URLs cost the marking pass 3-17% more: bench/README.md,
# "Tried and measured".)
[[pattern]]
name = "discord_webhook"
regex = '''discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/[0-9]+/([A-Za-z0-9_-]+)'''
group = 1
prefilter = ["/webhooks/"]

[[pattern]]
name = "stripe_key"
regex = '''\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})'''
prefilter = ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_"]
prefilter_word_start = true

[[pattern]]
name = "google_api_key"
regex = '''\bAIza[0-9A-Za-z_-]{35}'''
prefilter = ["AIza"]
prefilter_word_start = true

# OpenAI and Anthropic API keys ("sk-proj-...", "sk-ant-api03-...", and
# OpenAI's older "sk-...T3BlbkFJ..." form).
[[pattern]]
name = "ai_api_key"
regex = '''\bsk-(?:(?:proj|svcacct|admin|ant-[a-z]+[0-9]*)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})'''
prefilter = ["sk-"]
prefilter_word_start = true

# Service tokens with a fixed prefix: GitLab (personal, pipeline trigger,
# deploy, runner), Grafana service accounts, Postman, Sentry. (npm, PyPI,
# SendGrid, Shopify, Vault and Hugging Face prefixes cost the prefilter
# 10-80% more on BM_MarkLine: bench/README.md, "Tried and measured".)
[[pattern]]
name = "service_token"
regex = '''\b(?:gl(?:pat|ptt|dt|rt)-[A-Za-z0-9_-]{20,}|glsa_[A-Za-z0-9_]{32,}|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|sntry[su]_[A-Za-z0-9_+/=-]{30,})'''
prefilter = ["glpat-", "glptt-", "gldt-", "glrt-", "glsa_", "PMAK-", "sntry"]
prefilter_word_start = true

# A command line's flag named like a secret and the value after it, in one
# string ("app --db-password x", auditd, Falco and _CMDLINE) or as a list's
# text ("['pg_dump', '--password', 'x']"), and the password of curl's
# --user user:password; redis-server's --requirepass and --masterauth.
# Off-switches are no flags, and a redirection no value (--with-token <<< x).
[[pattern]]
name = "cli_secret_flag"
regex = '''(?i)--(?:no|skip|show|disable|without|ignore)-[a-z0-9-]*|--(?:(?:[a-z0-9]+[-_])*(?:password|passwd|pass|token|secret|api[-_]?key|access[-_]?key|secret[-_]?key|client[-_]?secret|auth[-_]?token|requirepass|masterauth)(?:\\?["']\s*,\s*\\?["']|[ \t]+)|user(?:\\?["']\s*,\s*\\?["']|[ \t=]+)[^\s"'\\:,\]]*:)([^-\s"'\\,\]<>][^\s"'\\,\]]*)'''
group = 1
prefilter = ["--"]

# A password set in SQL, as statement logs, slow logs and APM spans record
# it: PostgreSQL's PASSWORD 'x', MySQL's IDENTIFIED [WITH plugin] BY 'x' and
# SET PASSWORD FOR user = 'x' (SET PASSWORD = 'x' is a key=value), and the
# old one after REPLACE 'x'. One blank before the quote.
[[pattern]]
name = "sql_password"
regex = '''(?i)(?:\b(?:password|identified(?:\s+with\s+["'`]?[a-z0-9_]+["'`]?)?\s+by(?:\s+password)?)\s+|\bset\s+password\b[^=;]{0,160}=\s*(?:password\s*\(\s*)?|'\s+replace\s+)'((?:[^'\\]|\\.|'')*)''''
group = 1
# The quote in the literals: "password" alone marked ~4% more of the bench
# input's strings (bench/README.md, "Tried and measured").
prefilter = ["password '", "by '", "for '"]
prefilter_word_start = true
prefilter_ignore_case = true

# A password after a user's IDENTIFIED BY that is no single-quoted literal:
# Oracle takes an identifier, bare or double-quoted (ALTER USER scott
# IDENTIFIED BY tiger [REPLACE old], CREATE DATABASE LINK .. CONNECT TO
# scott IDENTIFIED BY "pw"), MySQL a double-quoted string (also for a
# second user, a second factor, 'pw' AND IDENTIFIED); a hash after VALUES or
# PASSWORD, or a password plugin's AS (mysql_native_password AS '*6BB..'),
# goes too. A double-quoted one goes with its quotes. The statement before
# it keeps prose ("a peer identified by its key", "authenticated and
# identified by DKIM", "connect to a host identified by") out; other plugins' AS
# (an LDAP DN, an OS user) and RANDOM PASSWORD stay. Oracle's GRANT of several
# users takes their passwords as a list (TO a, b IDENTIFIED BY x, y: group 1 of [1, 2]);
# its older form, a IDENTIFIED BY x, b IDENTIFIED BY y, goes from x to y.
[[pattern]]
name = "sql_identified_by"
regex = '''(?i)(?:(?:\b(?-i:GRANT)\b|\bgrant\b[^;]{0,200}?\bon\b)[^;]{0,200}?\bto\s+(?:[^\s,]+\s*,\s*){1,32}\S+\s+identified\s+by\s+([^\s'";,)]+(?:\s*,\s*[\w$#]+)+)|(?:\b(?:alter|create)\s+(?:user|role)(?:\s+if\s+(?:not\s+)?exists)?\s+(?:"[^"]*"|\S+)|\blink\s+\S+\s+connect\s+to\s+\S+|(?:\b(?-i:GRANT)\b|\bgrant\b[^;]{0,200}?\bon\b)[^;]{0,200}?\bto\s+(?:[^\s,]+\s*,\s*){0,32}\S+|,\s*'[^']*'@'[^']*'|["']\s+and|\d\s+factor)\s+identified(?:\s+with\s+["'`]?[a-z0-9_]+["'`]?\s+by\s+|\s+with\s+["'`]?[a-z0-9_]*password["'`]?\s+as\s+'|\s+by\s+(?:(?:values|password)\s+')?)(?:random\s+password|([^\s'";,)]+(?:;[^\s'";,)]+)*(?:\s+replace\s+[^\s'";,)]+)?(?:\s*,\s*(?:"[^"]*"|[\w$#]+)\s+identified\s+by\s+[^\s'";,)]+)*)))'''
group = [1, 2]
# "dentified" anywhere: as "identified by" at a word start it cost +18% on
# the marking pass (bench/README.md, "Tried and measured").
prefilter = ["dentified"]
prefilter_ignore_case = true

[[pattern]]
name = "sql_identified_by_quoted"
regex = '''(?i)(?:(?:\b(?:alter|create)\s+(?:user|role)(?:\s+if\s+(?:not\s+)?exists)?\s+(?:"[^"]*"|\S+)|\blink\s+\S+\s+connect\s+to\s+\S+|(?:\b(?-i:GRANT)\b|\bgrant\b[^;]{0,200}?\bon\b)[^;]{0,200}?\bto\s+(?:[^\s,]+\s*,\s*){0,32}\S+|,\s*'[^']*'@'[^']*'|["']\s+and|\d\s+factor)\s+identified(?:\s+with\s+["'`]?[a-z0-9_]+["'`]?)?\s+by|"\s+replace)\s+"((?:[^"]|"")*(?:"\s*,\s*(?:"[^"]*"|[\w$#]+)\s+identified\s+by\s+"(?:[^"]|"")*)*)"'''
group = 1
prefilter = ["dentified"]  # the same literal: no more marking
prefilter_ignore_case = true

# A whole PEM private key block; a block cut short is masked to the end.
[[pattern]]
name = "private_key_block"
regex = '''(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|\z)'''
prefilter = ["-----BEGIN"]
label = "[REDACTED:private_key]"
)sluice-pack";

constexpr std::string_view kStrict = R"sluice-pack(# sluice strict redaction rule pack: personal data beyond credentials, and
# rarer credential forms.
#
# Applied on top of the other packs when RulesOptions::strict is set (built in:
# src/redact/builtin_packs.cpp embeds this exact text). It costs more than the
# default pack: the IP patterns are candidates on most values with digits or
# colons, so RE2 runs far more often, and the literals of the credential
# patterns make the marking pass fire on more look-alike bytes.

[[key_rule]]
name = "personal_id"
keys = ["national_id", "passport", "passport_number", "tax_id", "date_of_birth", "dob"]

[[pattern]]
name = "ipv4"
regex = '''\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b'''
prefilter_digits = 4
digit_separators = "."
label = "[REDACTED:ip]"

# An address may follow a word and ':' ("addr:fe80::1", "[IPv6:2001:db8::1]")
# or be followed by ':' and a blank ("2001:db8::5: Connection refused").
[[pattern]]
name = "ipv6"
regex = '''(?i)(?:^|[^0-9a-z:]|[g-z]:|ipv6:)((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})(?:$|[^0-9a-z:]|:(?:$|[^0-9a-z:]))'''
group = 1
prefilter = [":"]
label = "[REDACTED:ip]"

# US social security numbers as written in text: 123-45-6789, 123 45 6789.
[[pattern]]
name = "us_ssn"
regex = '''\b[0-8][0-9]{2}(?:-[0-9]{2}-|\x20[0-9]{2}\x20)[0-9]{4}\b'''
prefilter_digits = 9
digit_separators = "- "
label = "[REDACTED:ssn]"

# Credential forms whose prefilter literals cost the default pack about 4%
# each on the benchmark input (bench/README.md, "Tried and measured"): rare
# enough in most fleets to be opt-in. (redis-server's --requirepass is in the
# default pack's cli_secret_flag.)

# A PEM private key block as base64, as a Kubernetes Secret or a Helm value
# holds it ({"tls.key":"LS0tLS1CRUdJTiBSU0Eg..."}): "LS0tLS1CRUdJTi" is
# "-----BEGIN " encoded from its first byte. The validator decodes the first
# line: a certificate stays.
[[pattern]]
name = "private_key_base64"
regex = '''\bLS0tLS1CRUdJTi[A-Za-z0-9+/\r\n]*={0,2}'''
prefilter = ["LS0tLS1CRUdJTi"]
prefilter_word_start = true
validate = "base64_private_key"
label = "[REDACTED:private_key]"

# Redis passwords: an AUTH command with its password last, as APM spans
# (db.statement), MONITOR output ("AUTH" "pw") and HELLO 3 AUTH user pw
# record it. AUTH in capitals only, and only with one or two words after it
# to the end of the string, so that prose ("AUTH failed for user bob") stays.
[[pattern]]
name = "redis_auth"
regex = '''(?:^|[\s\]])"?AUTH"?[ \t]+(?:"?[^\s"]+"?[ \t]+)?"?([^\s"]+)"?[ \t]*$'''
group = 1
prefilter = ["AUTH"]
prefilter_word_start = true

# requirepass or masterauth before a blank, as redis.conf and CONFIG SET
# have it.
[[pattern]]
name = "redis_config_password"
regex = '''(?i)\b(?:requirepass|masterauth)"?[ \t]+"?([^\s"]+)'''
group = 1
prefilter = ["requirepass", "masterauth"]
prefilter_word_start = true
prefilter_ignore_case = true

# A command line in any text ("+ mysql -uroot -ppw app" in a CI log, sudo's
# COMMAND=): the password a program's short flag carries, as the default
# pack finds it under command_keys and in command lines logged as lists.
# The validator splits the arguments and knows each program's flags
# (src/redact/program_flags.cpp): the regex only finds a program it knows,
# and the prefilter its flags. In the default pack its prefilter cost +8% on
# BM_ParseRedact (bench/README.md, "Tried and measured").
[[pattern]]
name = "cli_short_flag"
regex = '''(?:^|[^A-Za-z0-9_.-])((?i:mysql[a-z]*|mariadb[a-z-]*|sshpass|redis-cli|mongo[a-z]*|sqlcmd|bcp|unzip|zip|7z[a-z]?|curl|az|docker|podman|nerdctl|buildah|skopeo|oras|helm|ldap[a-z]+|psexec|useradd|usermod|openssl|gh|ipmitool|cqlsh|mosquitto_[a-z]+|rabbitmqadmin|rdesktop|smbmap|crackmapexec|netexec|nxc|smbclient|rpcclient|smbcacls|smbget|smbtree|winexe|samba-tool|smbcquotas|net|lftp|open)(?i:\.(?:exe|cmd))?[ \t][^\r\n]{0,1000})'''
group = 1
prefilter = [" -p", " -a", " -P", " -u", " -U", " -w", " -k", " -b"]
validate = "command_line"
)sluice-pack";

}  // namespace

std::string_view BuiltinPacks::DefaultToml() { return kDefault; }
std::string_view BuiltinPacks::StrictToml() { return kStrict; }

}  // namespace sluice
