// LineMarks: one bit per byte of a line, set by RedactionRules::MarkLine where
// a value pattern could find something (and at every backslash), and the
// question the redactor asks of each string value: is its range unmarked?
//
// Why: most string values of a log line are clean, and asking the prefilter
// about each one separately cost a call, a table set-up and a short load per
// value (~20 a line), plus a memchr for escapes. One pass over the line, then
// a few word operations per value, is the cheap way. An unmarked value needs
// neither decoding nor a scan (the guarantee is TriggerTable::MarkLine's).
// No allocation once the words have grown to the longest line.
// Thread safety: none; one per RecordRedactor.
// Tests: tests/redact/line_marks_test.cpp, and record_redactor_test.cpp for
// the redactor's use of it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice {

class LineMarks {
 public:
  // Room for a line of `line.size()` bytes: the words MarkLine fills. The
  // marks then describe `line` until the next Reset or Words.
  uint64_t* Words(std::string_view line) {
    words_.resize((line.size() + 63) / 64);
    line_ = line;
    return words_.data();
  }
  // Forget the line: every range is then "not known quiet".
  void Reset() { line_ = {}; }

  // True when `range` lies inside the marked line and no byte of it is marked.
  bool Quiet(std::string_view range) const {
    if (line_.data() == nullptr || range.data() < line_.data() ||
        range.data() + range.size() > line_.data() + line_.size()) {
      return false;
    }
    if (range.empty()) return true;
    const size_t begin = static_cast<size_t>(range.data() - line_.data());
    const size_t last = begin + range.size() - 1;
    const size_t first_word = begin >> 6;
    const size_t last_word = last >> 6;
    const uint64_t head = ~uint64_t{0} << (begin & 63);
    const uint64_t tail = ~uint64_t{0} >> (63 - (last & 63));
    if (first_word == last_word) return (words_[first_word] & head & tail) == 0;
    if ((words_[first_word] & head) != 0) return false;
    for (size_t w = first_word + 1; w < last_word; ++w) {
      if (words_[w] != 0) return false;
    }
    return (words_[last_word] & tail) == 0;
  }

 private:
  std::vector<uint64_t> words_;
  std::string_view line_;
};

}  // namespace sluice
