// TriggerTable: the prefilter that keeps RE2 off clean text. One pass over a
// value finds the bytes that could start a secret and tells which value
// patterns are worth running.
//
// Why this design: a value pattern declares literals that every match contains
// ("eyJ", "AKIA", "bearer") or a minimum run of digits (card numbers). Each
// literal is indexed by its rarest byte, by a static estimate of byte
// frequency in service logs ('J' of "eyJ", 'z' of "AIza"); a literal declared
// to start at a word start (the regex has \b before it) may be indexed by its
// first byte, which then counts only after a non-word byte, so the 'b' of
// "bearer" does not fire inside hex ids.
// The pass classifies 16 bytes at a time with SSSE3 nibble lookups: the byte's
// trigger groups (six bits, each a rectangle of low x high nibbles, allocated
// at Build() to cover the trigger bytes with as few look-alikes as possible),
// a digit bit and a separator bit; a lookup of the byte before says whether it
// lets each group fire (a non-word byte for word-start literals, the byte
// before the indexed one for the others: 'y' before the 'J' of "eyJ", so the
// 'z' of "Mozilla" does not fire for "AIza"). Its cost does not grow with the
// number of literals. Only at a trigger byte are whole literals compared; digit runs are
// found with shift-and on the digit/separator masks. A scalar path with the
// same tables serves CPUs without SSSE3 and the differential test.
// Bytes registered with AddSinkByte ('=' and ':' for key=value detection) are
// reported to a Sink. Immutable after Build(); Scan allocates nothing.
// MarkLine runs the same classification once over a whole line (AVX-512 or
// AVX2, 64 bytes a step), so that a redactor can tell most string values clean without
// a call per value: the per-value calls, not the bytes, were the prefilter's
// cost on ~20 short values a line. MarkLine also looks up the byte after: a
// group fires only where it can follow the group's indexed byte in one of its
// literals, which cut the literal compares on generated logs tenfold (from
// ~17,000 to ~1,700 a MB; the "sk" of "task" and words starting with "b"
// were most of them).
// Tests: tests/redact/trigger_table_test.cpp.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class TriggerTable {
 public:
  static constexpr size_t kMaxPatterns = 256;
  using PatternSet = std::bitset<kMaxPatterns>;

  class Sink {
   public:
    virtual void OnByte(size_t pos) = 0;

   protected:
    ~Sink() = default;
  };

  // Registers literals for pattern `id`: the pattern is a candidate when any of
  // them occurs (with word_start: occurs where the byte before it, if any, is
  // not [A-Za-z0-9_]). Returns false (and registers nothing) when some literal
  // has no printable ASCII byte to index; such a pattern must run on every
  // value.
  bool AddLiterals(uint16_t id, const std::vector<std::string>& literals, bool ignore_case,
                   bool word_start = false);
  // Pattern `id` is a candidate when the text has a run of at least
  // `min_digits` digits, where bytes in `separators` do not break a run. A
  // digit right after a letter or '_' ("a716" in a UUID) does not count, and
  // a run so glued restarts at its next separator: the pattern's regex must
  // not match digits glued to a word either (lead with \b or [^0-9A-Za-z_]).
  void AddDigitRun(uint16_t id, int min_digits, std::string_view separators);
  // Occurrences of `c` (printable ASCII) are reported to the Sink. At most
  // kMaxSinkBytes distinct bytes: false for one more.
  static constexpr int kMaxSinkBytes = 4;
  bool AddSinkByte(unsigned char c);
  // MarkLine marks a sink byte only after a byte of `key_ends` (bytes of 0x80
  // and up always count), and a ':' not at all when "//" follows it: the
  // Sink's KeyValueFinder finds no sensitive key before such a sink (a URL's
  // "https://", "::ffff:10.0.0.1", "server.go:301" are no key=value).
  // Default: every byte counts.
  void SetSinkKeyEnds(const std::bitset<256>& key_ends);
  void Build();

  // Adds candidate patterns for `text` to *candidates; reports sink bytes in
  // increasing position. Uses SSSE3 when the CPU has it.
  void Scan(std::string_view text, PatternSet* candidates, Sink* sink) const;
  // The portable path (also what Scan uses without SSSE3).
  void ScanScalar(std::string_view text, PatternSet* candidates, Sink* sink) const;
  bool uses_simd() const { return simd_; }

  // Marks a whole line (one bit per byte, (line.size() + 63) / 64 words of
  // `marks`, all written): backslashes, literal occurrences (at the literal's
  // indexed byte), starts of digit runs long enough for a digit rule, and sink
  // bytes, except a sink byte right after '"', after two digits and before
  // a digit, after a byte that ends no key (SetSinkKeyEnds) or a ':' before
  // "//".
  // Guarantee: for a JSON string body of the line (the bytes between its
  // quotes) with no marked byte, Scan(body) finds no candidate and reports
  // only sink bytes that KeyValueFinder rejects (at the body's first
  // position, after a number and before a digit, after a byte that ends no sensitive key, a
  // ':' before "//"), and the body has no escape. Reads only the line;
  // allocates nothing. Uses AVX-512 or AVX2 when the CPU has it.
  void MarkLine(std::string_view line, uint64_t* marks) const;
  // Each path, for tests (call one only when uses_...() says the CPU has it);
  // the scalar one is what MarkLine uses without AVX2.
  void MarkLineScalar(std::string_view line, uint64_t* marks) const;
  void MarkLineAvx2(std::string_view line, uint64_t* marks) const;
  void MarkLineAvx512(std::string_view line, uint64_t* marks) const;
  bool uses_avx2() const { return avx2_; }
  bool uses_avx512() const { return avx512_; }

  // Frequency estimate used to pick the byte a literal is indexed by (lower is
  // rarer). Exposed for tests.
  static int Commonness(unsigned char c);
  // Index into `literal` of the byte it is indexed by, or -1.
  static int RarestByte(std::string_view literal, bool ignore_case, bool word_start = false);
  // Bytes that trigger, look-alikes included (for tests and tuning).
  std::bitset<256> TriggerBytes() const;

 private:
  static constexpr int kGroups = 6;
  static constexpr int kPartnerGroups = 4;
  static constexpr uint8_t kTriggerBits = 0x3F;
  static constexpr uint8_t kDigitBit = 0x40;
  static constexpr uint8_t kSeparatorBit = 0x80;

  struct Literal {
    // The first min(8, length) bytes as a little-endian word: a text word w
    // matches when ((w | head_fold) & head_mask) == head. head_fold has 0x20
    // on the letters of an ignore_case literal (head holds them lowercase).
    uint64_t head;
    uint64_t head_mask;
    uint64_t head_fold;
    uint32_t offset;      // into pool_ (lowercase if ignore_case)
    uint16_t pattern;
    uint8_t length;
    uint8_t at;           // index of the indexed byte within the literal
    bool ignore_case;
    bool word_start;
  };
  struct DigitRule {
    uint16_t pattern;
    int min_digits;
  };

  void ScanSimd(std::string_view text, PatternSet* candidates, Sink* sink) const;
  template <int kSinks>
  void MarkLineAvx512With(std::string_view line, uint64_t* marks) const;
  // One 64-byte block of a line, as bit masks (bit i: byte i of the block).
  struct LineBlock {
    uint64_t trigger;      // trigger byte allowed by the byte before it
    uint64_t digit_runs;   // digits and separators
    uint64_t run_starts;   // digits after a non-word byte
    uint64_t digits;       // '0'..'9'
    uint64_t backslashes;
    uint64_t after_quote;  // the byte before is '"'
    uint64_t sinks;
    uint64_t key_ends;     // the byte before may end a sensitive key
    uint64_t url_colons;   // ':' followed by "//" (bits 0..61 only)
  };
  // Literal candidates are compared after the vector loop, kLiteralBatch
  // blocks at a time: a call inside the loop made the compiler spill and
  // reload its vector constants around it on every block.
  static constexpr size_t kLiteralBatch = 64;
  // What one block passes to the next.
  struct LineCarry {
    uint64_t digits = 0;
    uint64_t runs = 0;
    uint64_t starts = 0;
    // Trigger bits of blocks w - w % kLiteralBatch .. w, not yet compared.
    std::array<uint64_t, kLiteralBatch> literal_triggers;
  };
  void FinishBlock(const unsigned char* line, size_t n, size_t w, const LineBlock& b,
                   LineCarry* carry, uint64_t* marks) const;
  void MarkBatchLiterals(const unsigned char* line, size_t n, size_t first_word, size_t count,
                         const LineCarry& carry, uint64_t* marks) const;
  void FinishLine(const unsigned char* line, size_t n, size_t words, const LineCarry& carry,
                  uint64_t* marks) const;
  uint64_t LineRunStarts(uint64_t lo, uint64_t hi) const;
  uint64_t MarkLiterals(const unsigned char* line, size_t n, size_t base, uint64_t triggers) const;
  void HandleTriggers(std::string_view text, size_t base, uint32_t mask, PatternSet* candidates,
                      Sink* sink) const;
  static bool LiteralAt(const Literal& lit, const char* pool, const unsigned char* text,
                        size_t start, size_t n);
  void RefineDigitRuns(std::string_view text, PatternSet* candidates) const;
  struct Condition;
  void AllocateGroups();

  // class(b) = lo_[b & 15] & hi_[b >> 4] gives the trigger groups of byte b.
  // Group k of a byte at i counts when k is in always_bits_, or in
  // word_start_bits_ and the byte before is not a word byte, or the byte
  // before is in group k's partner rectangle: bit 4 + k of
  // before_lo_[c & 15] & before_hi_[c >> 4] (bits 0..3 there: word bytes).
  alignas(16) std::array<uint8_t, 16> lo_{};
  alignas(16) std::array<uint8_t, 16> hi_{};
  alignas(16) std::array<uint8_t, 16> before_lo_{};
  alignas(16) std::array<uint8_t, 16> before_hi_{};
  // MarkLine only: group k of a byte at i counts only if the byte after it
  // is in bit k of after_lo_[c & 15] & after_hi_[c >> 4] (the followers'
  // rectangle: "sk_live_" fires on "sk_", not on the "sk" of "task").
  // Scan does without it and only compares more literals.
  alignas(16) std::array<uint8_t, 16> after_lo_{};
  alignas(16) std::array<uint8_t, 16> after_hi_{};
  uint8_t word_start_bits_ = 0;
  uint8_t always_bits_ = 0;
  std::array<bool, 256> sink_byte_{};
  // Bytes b < 0x80 that may end a key: bit b >> 4 of key_end_lo_[b & 15]
  // (bytes from 0x80 count always). key_end_ holds the same for the scalar path.
  alignas(16) std::array<uint8_t, 16> key_end_lo_{};
  std::bitset<256> key_end_;
  bool key_ends_set_ = false;  // else Build() lets every byte count
  std::array<bool, 256> separator_{};
  // Literals indexed by byte: first_[b] .. first_[b + 1] in literals_.
  std::array<uint32_t, 257> first_{};
  std::vector<Literal> literals_;
  std::vector<std::pair<unsigned char, Literal>> pending_;
  std::string pool_;
  std::vector<DigitRule> digit_rules_;
  int min_run_ = 0;  // shortest digit run any rule needs; 0: none
  // Shift-and doubling for runs of min_run_ bits (MarkLine): 1, 2, 4, ...,
  // then the remainder.
  std::array<uint8_t, 8> run_shifts_{};
  int run_shift_count_ = 0;
  std::array<unsigned char, kMaxSinkBytes> sinks_{};  // the sink bytes, for MarkLine
  int sink_count_ = 0;
  bool sinks_have_literals_ = false;       // some literal is indexed by a sink byte
  bool simd_ = false;
  bool avx2_ = false;
  bool avx512_ = false;
};

}  // namespace sluice
