// RecordWalker: one pass over a parsed record (a simdjson On-Demand object)
// that shows a visitor every member key, every string and number with its path,
// and lets the visitor replace or drop whole member values.
//
// Why one walk: redaction and metrics both need every member; walking once and
// telling both is what keeps the hot path near simdjson's own speed. Values are
// reported as raw views into the line (no copy): the visitor decodes escapes
// only when a string has any.
//
// A value the visitor replaces keeps true, false and null as they are, at any
// depth: they hold no secret, and a string in their place would change the
// member's type ("automountServiceAccountToken": true).
// Visitor interface (all called in document order):
//   KeyDecision OnKey(std::string_view key);             // unescaped key
//   void OnRawKey(std::string_view body);  // optional: the key as written, between the quotes
//   KeyDecision OnPairName(std::string_view body);  // optional: see "Name/value pairs" below
//   void OnString(const KeyPath&, std::string_view body); // between the quotes, raw
//   void OnNumber(const KeyPath&, std::string_view token);
//   void OnReplaceValue(int rule, const char* begin, const char* end);  // the value's bytes
//   void OnRemove(int rule, const char* begin, const char* end);  // a dropped member with its comma
// Name/value pairs: many producers log a map as a list of pairs (HAR and
// Kubernetes {"name":"DB_PASSWORD","value":"..."}, OpenTelemetry
// {"key":"password","value":{"stringValue":"..."}}, AWS {"Key":..,"Value":..},
// CloudFormation {"ParameterKey":..,"ParameterValue":..}, Sentry's header
// tuples [["X-Api-Key","..."],...]). The visitor marks a pair's name and
// value keys with KeyAction kVisitName and kVisitValue (which spellings are
// its choice; the walk treats them as kVisit when the visitor has no
// OnPairName). In an object that has both, the string of a name member is
// shown to OnPairName as if it were a member key;
// when the answer is replace or drop, every value member of that object gets
// it, whether it comes after the name or before it (then replaced, even for
// drop: its member is already behind the walk). In an array, which element
// names which (a flag and its value, a [name, value] tuple, a flat header
// list) is ArgumentArray's to say (argument_array.h), which may also have
// the visitor read a program's arguments (its optional OnProgramArgument).
// The walk also validates what On-Demand leaves unchecked (literals, number
// syntax), so that every record that walks cleanly is valid JSON.
// Errors: returns the simdjson error (DEPTH_ERROR past kMaxNesting levels); the
// visitor must then discard the record.
// Tests: tests/parse/record_walker_test.cpp.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/argument_array.h"
#include "parse/json_tokens.h"
#include "parse/key_decision.h"

namespace sluice {

namespace ondemand = simdjson::ondemand;

// The unescaped keys from the record's root to the current member. Paths
// deeper than kMaxDepth keep only their first kMaxDepth keys (metrics look at
// shallow paths; redaction does not use paths).
class KeyPath {
 public:
  static constexpr int kMaxDepth = 16;
  std::span<const std::string_view> keys() const {
    return {keys_.data(), static_cast<size_t>(depth_ < kMaxDepth ? depth_ : kMaxDepth)};
  }
  int depth() const { return depth_; }
  void Push(std::string_view key) {
    if (depth_ < kMaxDepth) keys_[depth_] = key;
    ++depth_;
  }
  void Pop() { --depth_; }
  void Reset() { depth_ = 0; }

 private:
  std::array<std::string_view, kMaxDepth> keys_{};
  int depth_ = 0;
};

template <class Visitor>
class RecordWalker {
 public:
  // `line_end` bounds scans for key ends. Returns SUCCESS or the first error.
  simdjson::error_code Walk(ondemand::object& root, const char* line_end, Visitor* visitor) {
    Begin(line_end, visitor);
    return WalkObject(root, nullptr);
  }

  // The same for a record that is an array (JSON held in a string may be
  // one): every element is walked as a member's value would be.
  simdjson::error_code WalkArrayRoot(ondemand::array& root, const char* line_end, Visitor* visitor) {
    Begin(line_end, visitor);
    return WalkArray(root, false);
  }

  // The walk recurses into objects and arrays: deeper nesting is DEPTH_ERROR
  // (as simdjson's own limit), so that a hostile line cannot exhaust the stack.
  static constexpr int kMaxNesting = static_cast<int>(simdjson::DEFAULT_MAX_DEPTH);

 private:
  // One kind of pair in the object being walked: its decision once a name
  // is found sensitive, and where its waiting names and values start on the
  // kind's stacks (SIZE_MAX: none yet).
  struct PairState {
    KeyDecision decision;
    size_t names_mark = SIZE_MAX;
    size_t values_mark = SIZE_MAX;
  };
  void Begin(const char* line_end, Visitor* visitor) {
    visitor_ = visitor;
    line_end_ = line_end;
    path_.Reset();
    unescaped_keys_used_ = 0;
    overflow_keys_.clear();
    for (auto& names : pair_names_) names.clear();
    for (auto& values : pair_values_) values.clear();
    nesting_ = 1;
  }

  // `open_brace`: position of '{' (null for the root: found from the first key).
  simdjson::error_code WalkObject(ondemand::object& object, const char* open_brace) {
    const char* last_kept_end = open_brace ? open_brace + 1 : nullptr;
    const char* pending_drop = nullptr;  // start of a dropped member not yet closed
    int pending_rule = -1;
    constexpr bool kPairs = requires(Visitor* v, std::string_view body) { v->OnPairName(body); };
    // Name/value pairs: this object's decision once a name is found
    // sensitive; before that, its name strings and walked values wait on
    // the stacks of their kind, from these marks up (taken at the first of them).
    PairState pairs[kPairKinds];
    for (auto field_result : object) {
      // Used in place: copying simdjson's iterators costs a store-forwarding
      // stall per member (a struct written as two words, read as one vector).
      SIMDJSON_TRY(field_result.error());
      ondemand::field& field = field_result.value_unsafe();
      const char* key_body = field.key().raw();
      const char* member_begin = key_body - 1;
      if (!last_kept_end) last_kept_end = FindOpenBrace(member_begin);
      if (pending_drop) {
        // A dropped member followed by another: remove it with its comma.
        visitor_->OnRemove(pending_rule, pending_drop, member_begin);
        pending_drop = nullptr;
      }
      std::string_view key, raw_key;
      SIMDJSON_TRY(ReadKey(key_body, &key, &raw_key));
      KeyDecision decision = visitor_->OnKey(key);
      if constexpr (requires(Visitor* v, std::string_view body) { v->OnRawKey(body); }) visitor_->OnRawKey(raw_key);
      ondemand::value& value = field.value();
      if (decision.action == KeyAction::kVisit) {
        SIMDJSON_TRY(WalkMember(key, value, &last_kept_end));
        continue;
      }
      if (decision.action >= KeyAction::kVisitName) [[unlikely]] {
        if constexpr (!kPairs) {
          SIMDJSON_TRY(WalkMember(key, value, &last_kept_end));
          continue;
        } else {
          const int kind = decision.action >= KeyAction::kVisitKind ? 1 : 0;
          PairState& pair = pairs[kind];
          if (pair.names_mark == SIZE_MAX) {
            pair.names_mark = pair_names_[kind].size();
            pair.values_mark = pair_values_[kind].size();
          }
          // A value member: the object's names are asked now, if not yet.
          const bool is_value = decision.action == KeyAction::kVisitValue || decision.action == KeyAction::kVisitData;
          if (is_value && pair.decision.action == KeyAction::kVisit) pair.decision = DecidePair(kind, pair);
          decision = is_value ? pair.decision : KeyDecision{};
          if (decision.action == KeyAction::kVisit) {
            SIMDJSON_TRY(WalkPairMember(key, value, is_value, kind, &pair, &last_kept_end));
            continue;
          }
          if (decision.action == KeyAction::kReplace) {
            // A container keeps its shape (OpenTelemetry's {"stringValue":..}):
            // what it holds is replaced.
            ondemand::json_type type;
            SIMDJSON_TRY(value.type().get(type));
            if (type == ondemand::json_type::object || type == ondemand::json_type::array) {
              if (decision.strings_only) {
                SIMDJSON_TRY(WalkMember(key, value, &last_kept_end));
              } else {
                SIMDJSON_TRY(ReplaceLeaves(value, decision.rule, &last_kept_end));
              }
              continue;
            }
          }
        }
      }
      const char* value_begin = nullptr;
      const char* value_end = nullptr;
      SIMDJSON_TRY(SkipValue(value, &value_begin, &value_end));
      if (decision.action == KeyAction::kReplace) {
        if (!HoldsNothing(std::string_view(value_begin, static_cast<size_t>(value_end - value_begin)))) {
          visitor_->OnReplaceValue(decision.rule, value_begin, value_end);
        }
        last_kept_end = value_end;
      } else {
        pending_drop = member_begin;
        pending_rule = decision.rule;
        pending_end_ = value_end;
      }
    }
    if (pending_drop) {
      // The last member was dropped: remove it with the comma before it.
      visitor_->OnRemove(pending_rule, last_kept_end ? last_kept_end : pending_drop, pending_end_);
    }
    if constexpr (kPairs) {
      for (int kind = 0; kind < kPairKinds; ++kind) {
        if (pairs[kind].names_mark != SIZE_MAX) [[unlikely]] {
          pair_names_[kind].resize(pairs[kind].names_mark);
          pair_values_[kind].resize(pairs[kind].values_mark);
        }
      }
    }
    return simdjson::SUCCESS;
  }

  // Replaces every string and number in `value` (an object or array) with
  // rule `rule`; member keys are still shown to the visitor
  // (OnKey, OnRawKey), whose value patterns may replace a secret in one.
  simdjson::error_code ReplaceLeaves(ondemand::value& value, int rule, const char** value_end) {
    ondemand::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    if (type == ondemand::json_type::object || type == ondemand::json_type::array) {
      if (nesting_ >= kMaxNesting) return simdjson::DEPTH_ERROR;
      ++nesting_;
      simdjson::error_code error = simdjson::SUCCESS;
      if (type == ondemand::json_type::object) {
        ondemand::object object;
        SIMDJSON_TRY(value.get_object().get(object));
        for (auto field_result : object) {
          if ((error = field_result.error())) break;
          ondemand::field& field = field_result.value_unsafe();
          std::string_view key, raw;
          if ((error = ReadKey(field.key().raw(), &key, &raw))) break;
          visitor_->OnKey(key);
          if constexpr (requires(Visitor* v, std::string_view body) { v->OnRawKey(body); }) visitor_->OnRawKey(raw);
          const char* end = nullptr;
          if ((error = ReplaceLeaves(field.value(), rule, &end))) break;
        }
      } else {
        ondemand::array array;
        SIMDJSON_TRY(value.get_array().get(array));
        for (auto element_result : array) {
          if ((error = element_result.error())) break;
          const char* end = nullptr;
          if ((error = ReplaceLeaves(element_result.value_unsafe(), rule, &end))) break;
        }
      }
      --nesting_;
      SIMDJSON_TRY(error);
      return EndAfterContainer(value, value_end);
    }
    const char* begin = nullptr;
    SIMDJSON_TRY(SkipValue(value, &begin, value_end));
    const std::string_view token(begin, static_cast<size_t>(*value_end - begin));
    if (type == ondemand::json_type::string && (token.size() < 2 || token.back() != '"')) {
      return simdjson::STRING_ERROR;
    }
    if (type == ondemand::json_type::number && !IsJsonNumber(token)) return simdjson::NUMBER_ERROR;
    if (type == ondemand::json_type::boolean || type == ondemand::json_type::null) {
      return IsJsonLiteral(token) ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
    }
    visitor_->OnReplaceValue(rule, begin, *value_end);
    return simdjson::SUCCESS;
  }

  // A member's key, from its body (after the opening quote): decoded (*key)
  // and as written (*raw).
  simdjson::error_code ReadKey(const char* key_body, std::string_view* key, std::string_view* raw) {
    bool key_escaped = false;
    const char* key_end = FindKeyEnd(key_body, line_end_, &key_escaped);
    if (!key_end) return simdjson::TAPE_ERROR;
    *raw = std::string_view(key_body, static_cast<size_t>(key_end - key_body));
    *key = *raw;
    if (key_escaped && !UnescapeKey(key)) return simdjson::STRING_ERROR;
    return simdjson::SUCCESS;
  }

  // Walks a member's value under its key; *value_end: where it ends.
  simdjson::error_code WalkMember(std::string_view key, ondemand::value& value, const char** value_end) {
    path_.Push(key);
    const char* end = nullptr;
    simdjson::error_code error = WalkValue(value, &end);
    path_.Pop();
    SIMDJSON_TRY(error);
    *value_end = end;
    return simdjson::SUCCESS;
  }

  // Walks a pair's name or value member, and keeps it waiting for its
  // other half (a name string only while no name of the object was found
  // sensitive).
  simdjson::error_code WalkPairMember(std::string_view key, ondemand::value& value, bool is_value, int kind,
                                      PairState* pair, const char** value_end) {
    const char* value_begin = value.raw_json_token().data();
    SIMDJSON_TRY(WalkMember(key, value, value_end));
    if (is_value) {
      pair_values_[kind].emplace_back(value_begin, *value_end);
    } else if (*value_begin == '"' && pair->decision.action == KeyAction::kVisit) {
      pair_names_[kind].emplace_back(value_begin + 1, *value_end - 1);
      // Values walked before this name are decided by it now.
      if (pair_values_[kind].size() > pair->values_mark) pair->decision = DecidePair(kind, *pair);
    }
    return simdjson::SUCCESS;
  }

  // Asks the visitor about the current object's waiting names of `kind`
  // (from its names_mark up) until one is sensitive; then replaces the
  // values of that kind walked so far and returns its decision. The names
  // are used up either way.
  KeyDecision DecidePair(int kind, const PairState& pair) {
    KeyDecision decision;
    if constexpr (requires(Visitor* v, std::string_view body) { v->OnPairName(body); }) {
      auto& names = pair_names_[kind];
      auto& values = pair_values_[kind];
      for (size_t i = pair.names_mark; i < names.size() && decision.action == KeyAction::kVisit; ++i) {
        const auto [begin, end] = names[i];
        decision = visitor_->OnPairName(std::string_view(begin, static_cast<size_t>(end - begin)));
      }
      names.resize(pair.names_mark);
      if (decision.action == KeyAction::kVisit) return decision;
      // Walked already, and replaced as ReplaceLeaves would have: a
      // container keeps its shape and keys (kubectl sorts a Secret's "data"
      // before its "kind").
      leaves_.clear();
      for (size_t i = pair.values_mark; i < values.size(); ++i) {
        const auto [begin, end] = values[i];
        FindValueLeaves(std::string_view(begin, static_cast<size_t>(end - begin)), &leaves_);
      }
      for (const auto& [begin, end] : leaves_) visitor_->OnReplaceValue(decision.rule, begin, end);
      values.resize(pair.values_mark);
    }
    return decision;
  }

  // `in_array`: this array is an element of an array, so it may be a
  // [name, value] tuple. An array of strings may be a command line: a flag
  // named like a secret ("--password", "--db-password") is a pair's name and
  // the string or number after it, unless it is a long flag, its value. So
  // is the argument after "set" ("config", "set", "aws_secret_access_key",
  // ..), the value after a header's name in a flat header list
  // (IsFlatHeaderList); a program's arguments are the visitor's to read
  // (OnProgramArgument: ["redis-cli", "-a", "pw"]), and a flag that is none
  // of its program's is asked about as a name.
  simdjson::error_code WalkArray(ondemand::array& array, bool in_array) {
    constexpr bool kPairs = requires(Visitor* v, std::string_view body) { v->OnPairName(body); };
    // ["Host","api","Authorization","Token x"]: every other string is a name.
    const bool flat_headers = kPairs && !in_array && path_.depth() > 0 && path_.depth() <= KeyPath::kMaxDepth &&
                              IsFlatHeaderList(path_.keys().back());
    ArgumentArray<Visitor> arguments(visitor_, flat_headers);
    for (auto element_result : array) {
      SIMDJSON_TRY(element_result.error());
      ondemand::value& element = element_result.value_unsafe();
      const char* begin = nullptr;
      const char* end = nullptr;
      SIMDJSON_TRY(WalkValue(element, &end, /*in_array=*/true, kPairs ? &begin : nullptr));
      if constexpr (kPairs) arguments.Add(begin, end);
    }
    if constexpr (kPairs) arguments.Finish(in_array);
    return simdjson::SUCCESS;
  }

  // *value_begin, when asked for: where the value starts.
  simdjson::error_code WalkValue(ondemand::value& value, const char** value_end, bool in_array = false,
                                 const char** value_begin = nullptr) {
    ondemand::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    switch (type) {
      case ondemand::json_type::object: {
        if (nesting_ >= kMaxNesting) return simdjson::DEPTH_ERROR;
        const char* open = value.raw_json_token().data();
        if (value_begin) *value_begin = open;
        ondemand::object object;
        SIMDJSON_TRY(value.get_object().get(object));
        ++nesting_;
        simdjson::error_code error = WalkObject(object, open);
        --nesting_;
        SIMDJSON_TRY(error);
        return EndAfterContainer(value, value_end);
      }
      case ondemand::json_type::array: {
        if (nesting_ >= kMaxNesting) return simdjson::DEPTH_ERROR;
        if (value_begin) *value_begin = value.raw_json_token().data();
        ondemand::array array;
        SIMDJSON_TRY(value.get_array().get(array));
        ++nesting_;
        simdjson::error_code error = WalkArray(array, in_array);
        --nesting_;
        SIMDJSON_TRY(error);
        return EndAfterContainer(value, value_end);
      }
      case ondemand::json_type::string: {
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        if (token.size() < 2 || token.back() != '"') return simdjson::STRING_ERROR;
        SIMDJSON_TRY(ConsumeString(value));
        visitor_->OnString(path_, token.substr(1, token.size() - 2));
        if (value_begin) *value_begin = token.data();
        *value_end = token.data() + token.size();
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::number: {
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        if (!IsJsonNumber(token)) return simdjson::NUMBER_ERROR;
        visitor_->OnNumber(path_, token);
        if (value_begin) *value_begin = token.data();
        *value_end = token.data() + token.size();
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::boolean:
      case ondemand::json_type::null: {
        std::string_view token = TrimJsonSpace(value.raw_json_token());
        if (!IsJsonLiteral(token)) return simdjson::T_ATOM_ERROR;
        if (value_begin) *value_begin = token.data();
        *value_end = token.data() + token.size();
        return simdjson::SUCCESS;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  // Skips a value the visitor replaces, reporting its exact byte range.
  simdjson::error_code SkipValue(ondemand::value& value, const char** begin, const char** end) {
    ondemand::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    std::string_view span;
    if (type == ondemand::json_type::object) {
      ondemand::object object;
      SIMDJSON_TRY(value.get_object().get(object));
      SIMDJSON_TRY(object.raw_json().get(span));
    } else if (type == ondemand::json_type::array) {
      ondemand::array array;
      SIMDJSON_TRY(value.get_array().get(array));
      SIMDJSON_TRY(array.raw_json().get(span));
    } else {
      span = value.raw_json_token();
      if (type == ondemand::json_type::string) SIMDJSON_TRY(ConsumeString(value));
    }
    span = TrimJsonSpace(span);
    *begin = span.data();
    *end = span.data() + span.size();
    return simdjson::SUCCESS;
  }

  // Moves past a string value. On-Demand skips a value left unread, and its
  // skip takes a string followed by ':' for a key, so {"a":"b":}} would walk
  // cleanly; once the string is read, the ':' after it is an error.
  static simdjson::error_code ConsumeString(ondemand::value& value) {
    ondemand::raw_json_string raw;
    return value.get_raw_json_string().get(raw);
  }

  // After a container is consumed the iterator sits on the next structural
  // character; the container's closing bracket is the last non-space before it.
  simdjson::error_code EndAfterContainer(ondemand::value& value, const char** value_end) {
    const char* next = nullptr;
    if (value.current_location().get(next) != simdjson::SUCCESS) next = line_end_;
    while (IsJsonSpace(next[-1])) --next;
    *value_end = next;
    return simdjson::SUCCESS;
  }

  static bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  static const char* FindOpenBrace(const char* member_begin) {
    const char* p = member_begin;
    while (*(p - 1) != '{') --p;
    return p;
  }

  // Keys with escapes are rare: decode them into a small per-record arena.
  // False on a malformed escape (the record is not valid JSON).
  bool UnescapeKey(std::string_view* key);

  Visitor* visitor_ = nullptr;
  const char* line_end_ = nullptr;
  const char* pending_end_ = nullptr;
  KeyPath path_;
  int nesting_ = 0;  // objects and arrays open around the current value
  std::array<char, 4096> unescaped_keys_{};
  size_t unescaped_keys_used_ = 0;
  std::deque<std::string> overflow_keys_;  // decoded keys past the arena (stable addresses)
  // Name/value pairs waiting for their other half, by object (WalkObject):
  // name string bodies, and walked values' bytes.
  // Kind 0: name and value members; kind 1: Kubernetes' kind and data
  // (kVisitKind, kVisitData), which pair only with each other.
  static constexpr int kPairKinds = 2;
  std::array<std::vector<std::pair<const char*, const char*>>, kPairKinds> pair_names_;
  std::array<std::vector<std::pair<const char*, const char*>>, kPairKinds> pair_values_;
  std::vector<std::pair<const char*, const char*>> leaves_;  // DecidePair's scratch
  std::string key_scratch_;
};

// Defined here so that the template needs only this header.
bool UnescapeKeyInto(std::string_view raw, std::string* scratch);

template <class Visitor>
bool RecordWalker<Visitor>::UnescapeKey(std::string_view* key) {
  if (!UnescapeKeyInto(*key, &key_scratch_)) return false;
  if (unescaped_keys_used_ + key_scratch_.size() > unescaped_keys_.size()) {
    // The arena is full: keep the key decoded anyway (a raw key would escape
    // the key rules). Rare, so a heap copy is fine.
    overflow_keys_.push_back(key_scratch_);
    *key = overflow_keys_.back();
    return true;
  }
  char* dst = unescaped_keys_.data() + unescaped_keys_used_;
  std::memcpy(dst, key_scratch_.data(), key_scratch_.size());
  unescaped_keys_used_ += key_scratch_.size();
  *key = std::string_view(dst, key_scratch_.size());
  return true;
}

}  // namespace sluice
