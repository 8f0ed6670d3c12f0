// Test and benchmark helper: walks one NDJSON record with simdjson On-Demand
// the way the worker stage does (one pass, keys unescaped, arrays adding no
// key) and feeds every scalar member to a RecordMeasurer (or, for the
// benchmark's baseline, any type with the same four calls). Not production
// code: the real walk lives in the worker stage and also redacts.
// Used by tests/metrics/record_measurer_test.cpp and bench/metrics_bench.cpp.
#pragma once

#include <simdjson.h>

#include <string_view>
#include <utility>
#include <vector>

#include "metrics/record_measurer.h"

namespace sluice::testing {

template <typename Measurer = RecordMeasurer>
class MemberWalker {
 public:
  explicit MemberWalker(Measurer* measurer) : measurer_(measurer) { path_.reserve(32); }

  // Walks one record (must be padded per simdjson). Returns false if the
  // record is not valid JSON or not an object.
  bool Walk(simdjson::ondemand::parser* parser, const simdjson::padded_string_view& json) {
    simdjson::ondemand::document doc;
    if (parser->iterate(json).get(doc)) return false;
    simdjson::ondemand::object root;
    if (doc.get_object().get(root)) return false;
    path_.clear();
    measurer_->BeginRecord();
    if (!WalkObject(root)) return false;
    return true;
  }

 private:
  bool WalkObject(simdjson::ondemand::object object) {
    for (auto field_result : object) {
      simdjson::ondemand::field field;
      if (std::move(field_result).get(field)) return false;
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      path_.push_back(key);
      bool ok = WalkValue(field.value());
      path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  bool WalkValue(simdjson::ondemand::value value) {
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object object;
        if (value.get_object().get(object)) return false;
        return WalkObject(object);
      }
      case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array array;
        if (value.get_array().get(array)) return false;
        for (auto element : array) {
          simdjson::ondemand::value v;
          if (std::move(element).get(v) || !WalkValue(v)) return false;
        }
        return true;
      }
      case simdjson::ondemand::json_type::number:
        measurer_->OnNumber(path_, value.raw_json_token());
        return true;
      case simdjson::ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text)) return false;
        measurer_->OnString(path_, text);
        return true;
      }
      case simdjson::ondemand::json_type::boolean: {
        bool b;
        return !value.get_bool().get(b);
      }
      case simdjson::ondemand::json_type::null:
        return value.is_null();
    }
    return false;
  }

  Measurer* measurer_;
  std::vector<std::string_view> path_;
};

}  // namespace sluice::testing
