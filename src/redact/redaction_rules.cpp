// Interim rule set: the sensitive key list only, until the full engine (value
// patterns, rule packs, modes) lands. Same contract as redaction_rules.h.
#include "redact/redaction_rules.h"

#include <algorithm>
#include <cctype>

namespace sluice {

struct RedactionRules::Impl {
  std::vector<RedactionRule> rules;
  std::vector<std::string> keys;  // normalised: lowercase, no separators
};

namespace {
std::string Normalize(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '_' || c == '-' || c == '.' || c == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}
}  // namespace

RedactionRules::RedactionRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedactionRules::~RedactionRules() = default;

std::shared_ptr<const RedactionRules> RedactionRules::Default() {
  auto impl = std::make_unique<Impl>();
  impl->rules.push_back({"sensitive_key", RedactMode::kMask, "[REDACTED]", 4});
  impl->rules.push_back({"undecided", RedactMode::kMask, "[REDACTED]", 4});
  for (const char* k : {"password", "passwd", "pwd", "secret", "clientsecret", "token", "accesstoken",
                        "refreshtoken", "idtoken", "apikey", "xapikey", "authorization",
                        "proxyauthorization", "cookie", "setcookie", "session", "sessionid",
                        "privatekey", "cardnumber", "cvv", "ssn"}) {
    impl->keys.push_back(k);
  }
  return std::shared_ptr<const RedactionRules>(new RedactionRules(std::move(impl)));
}

std::shared_ptr<const RedactionRules> RedactionRules::Load(const RulesOptions& options) {
  if (!options.files.empty()) throw RulesError("rule files are not supported yet");
  return Default();
}

size_t RedactionRules::rule_count() const { return impl_->rules.size(); }
const RedactionRule& RedactionRules::rule(size_t id) const { return impl_->rules[id]; }
uint16_t RedactionRules::undecided_rule() const { return 1; }

int RedactionRules::MatchKey(std::string_view key) const {
  std::string n = Normalize(key);
  return std::find(impl_->keys.begin(), impl_->keys.end(), n) != impl_->keys.end() ? 0 : kNoRule;
}

ScanStatus RedactionRules::ScanValue(std::string_view, std::vector<ValueMatch>*) const {
  return ScanStatus::kClean;
}

void RedactionRules::AppendReplacement(uint16_t id, std::string_view, std::string* out) const {
  out->append(impl_->rules[id].label);
}

size_t RedactionRules::ScrubRawText(std::string_view raw, std::string* out) const {
  out->append(raw);
  return 0;
}

}  // namespace sluice
