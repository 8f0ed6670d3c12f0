// SecretPlanter: plants the secrets a redactor must catch, and near misses it
// must leave alone, into the lines the shape writers produce, and records each
// one in the line's LineTruth.
//
// With probability secret_rate a line gets one planted secret (two for arrays
// of objects): under a sensitive key at some depth, inside ordinary text, in a
// query string, in JSON text held in a string value, or written with JSON
// escapes. Every value is random and unique in the file. With probability
// near_miss_rate the line also gets near misses (Luhn-failing order ids,
// "tokens_used", "token_type":"bearer", UUIDs, digests, versions).
//
// Shape writers call the hooks at the places a real service would put such
// text; each hook writes only when the plan targets it, and OnExtras (called
// once per object line, after at least one member) writes whatever is left.
// Not thread-safe; one per LogGenerator. Tests: tests/gen/log_generator_test.cpp
// (every planted secret is in the text; survivors too).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gen/generator_truth.h"
#include "gen/json_buffer.h"
#include "gen/log_shape.h"
#include "gen/rng.h"
#include "gen/secret_values.h"

namespace sluice::gen {

class SecretPlanter {
 public:
  // rng: not owned, outlives this.
  SecretPlanter(Rng* rng, double secret_rate, double near_miss_rate);

  // Decides what the next line gets. truth: where plantings are recorded (not
  // cleared here); must stay valid until the next BeginLine.
  void BeginLine(Shape shape, LineTruth* truth);
  // A secret is planned and not yet written.
  bool pending() const { return placement_ != Placement::kNone; }
  // The pending secret fits in plain message text (journal's plain MESSAGE).
  bool pending_fits_text() const { return placement_ == Placement::kMessage; }
  // Byte offset in the current buffer just past the last secret written; 0
  // when none was. Whoever escapes a nested line into an outer buffer moves it
  // there with NoteSecretEnd.
  size_t last_secret_end() const { return last_secret_end_; }
  void NoteSecretEnd(size_t offset) { last_secret_end_ = offset; }

  // Inside a message string (no quotes): writes prose carrying the secret.
  bool OnMessage(JsonBuffer* out);
  // At the end of a request path; has_query: the path already holds a '?'.
  bool OnQuery(bool has_query, JsonBuffer* out);
  // Inside a headers object that already has a member: writes ,"name":"value".
  bool OnHeaders(JsonBuffer* out);
  // Inside the top-level object, after a member: writes what is still pending
  // and the near misses, as ,"key":value members.
  void OnExtras(JsonBuffer* out);

 private:
  enum class Placement : uint8_t { kNone, kMessage, kQuery, kHeaders, kMember };

  // Writes `value` escaped and records it.
  void Plant(std::string_view value, JsonBuffer* out);
  void WriteText(SecretKind kind, JsonBuffer* out);
  void WriteUrl(bool escaped_slashes, JsonBuffer* out);
  void WriteQueryParam(JsonBuffer* out);
  void WriteKeyedMember(SecretKind kind, JsonBuffer* out);
  void WriteKeyedStructure(SecretKind kind, JsonBuffer* out);
  void WriteJsonInString(JsonBuffer* out);
  // A pair, argument list or Kubernetes Secret member (kNameValuePair and after).
  void WriteStructure(SecretKind kind, JsonBuffer* out);
  void WriteNearMisses(JsonBuffer* out);
  void Survive(std::string_view text) { truth_->survivors.emplace_back(text); }

  Rng* rng_;
  double secret_rate_;
  double near_miss_rate_;
  LineTruth* truth_ = nullptr;
  SecretKind kind_ = SecretKind::kCount;
  Placement placement_ = Placement::kNone;
  bool near_miss_ = false;
  size_t last_secret_end_ = 0;
  SecretValues values_;
  std::string scratch_;  // nested JSON before it is escaped
};

}  // namespace sluice::gen
