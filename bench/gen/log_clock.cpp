// LogClock: see log_clock.h. Tests: tests/gen/log_clock_test.cpp.
#include "gen/log_clock.h"

#include <cstring>

namespace sluice::gen {
namespace {

constexpr char kMonths[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 to civil date (H. Hinnant's algorithm).
void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(yoe + era * 400 + (m <= 2));
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

void Put4(char* p, int v) {
  Put2(p, v / 100);
  Put2(p + 2, v % 100);
}

// Writes `digits` digits of `value`, zero padded, then drops trailing zeros
// (and the point when nothing is left), as Go's fmtFrac does.
void AppendTrimmedFraction(uint64_t value, int digits, JsonBuffer* out) {
  char buf[12];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  int len = digits;
  while (len > 0 && buf[len - 1] == '0') --len;
  if (len == 0) return;
  out->Char('.');
  out->Raw(std::string_view(buf, static_cast<size_t>(len)));
}

}  // namespace

void LogClock::Refresh() {
  const int64_t second = now_us_ / 1000000;
  if (second == cached_second_) return;
  cached_second_ = second;
  const int64_t days = second / 86400;
  const int64_t in_day = second % 86400;
  int year, month, day;
  CivilFromDays(days, &year, &month, &day);
  const int hh = static_cast<int>(in_day / 3600);
  const int mm = static_cast<int>(in_day / 60 % 60);
  const int ss = static_cast<int>(in_day % 60);

  Put4(iso_, year);
  iso_[4] = '-';
  Put2(iso_ + 5, month);
  iso_[7] = '-';
  Put2(iso_ + 8, day);
  iso_[10] = 'T';
  Put2(iso_ + 11, hh);
  iso_[13] = ':';
  Put2(iso_ + 14, mm);
  iso_[16] = ':';
  Put2(iso_ + 17, ss);

  Put2(nginx_, day);
  nginx_[2] = '/';
  std::memcpy(nginx_ + 3, kMonths[month - 1], 3);
  nginx_[6] = '/';
  Put4(nginx_ + 7, year);
  nginx_[11] = ':';
  std::memcpy(nginx_ + 12, iso_ + 11, 8);
  std::memcpy(nginx_ + 20, " +0000", 6);
}

void LogClock::AppendIso(JsonBuffer* out, int fraction_digits) {
  Refresh();
  out->Raw(std::string_view(iso_, sizeof iso_));
  if (fraction_digits == 3) {
    out->Char('.');
    out->Padded(static_cast<uint64_t>(now_us_ / 1000 % 1000), 3);
  } else if (fraction_digits == 6) {
    out->Char('.');
    out->Padded(static_cast<uint64_t>(now_us_ % 1000000), 6);
  }
  out->Char('Z');
}

void LogClock::AppendNginx(JsonBuffer* out) {
  Refresh();
  out->Raw(std::string_view(nginx_, sizeof nginx_));
}

void LogClock::AppendEpochSeconds(JsonBuffer* out, int decimals) {
  int64_t scaled = now_us_;
  for (int i = decimals; i < 6; ++i) scaled /= 10;
  out->Fixed(static_cast<uint64_t>(scaled), decimals);
}

void AppendGoDuration(int64_t ns, bool ascii_micro, JsonBuffer* out) {
  if (ns <= 0) {
    out->Raw("0s");
    return;
  }
  const uint64_t u = static_cast<uint64_t>(ns);
  if (u < 1000) {
    out->Uint(u);
    out->Raw("ns");
  } else if (u < 1000000) {
    out->Uint(u / 1000);
    AppendTrimmedFraction(u % 1000, 3, out);
    out->Raw(ascii_micro ? "us" : "\xC2\xB5s");
  } else if (u < 1000000000) {
    out->Uint(u / 1000000);
    AppendTrimmedFraction(u % 1000000, 6, out);
    out->Raw("ms");
  } else {
    uint64_t seconds = u / 1000000000;
    const uint64_t minutes = seconds / 60 % 60;
    const uint64_t hours = seconds / 3600;
    seconds %= 60;
    if (hours > 0) {
      out->Uint(hours);
      out->Char('h');
    }
    if (hours > 0 || minutes > 0) {
      out->Uint(minutes);
      out->Char('m');
    }
    out->Uint(seconds);
    AppendTrimmedFraction(u % 1000000000, 9, out);
    out->Char('s');
  }
}

}  // namespace sluice::gen
