// KeyDecision: what a visitor of RecordWalker answers for a member key (or
// a pair's name, or a flag): walk the value, replace it with a rule's
// replacement, drop the member, or walk it as one half of a name/value pair.
// Tests: tests/parse/record_walker_test.cpp.
#pragma once

#include <cstdint>

namespace sluice {

// kVisitName and kVisitValue: visit, and the member is a pair's name or
// value (see "Name/value pairs" in record_walker.h).
enum class KeyAction : uint8_t { kVisit, kReplace, kDrop, kVisitName, kVisitValue, kVisitKind, kVisitData };

struct KeyDecision {
  KeyAction action = KeyAction::kVisit;
  int rule = -1;
  // kReplace of strings only: an object or array value is walked instead
  // (a key rule with a check, which decides on each string it holds).
  bool strings_only = false;
};

}  // namespace sluice
