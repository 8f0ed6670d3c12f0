// JournalWriter: see journal_writer.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/journal_writer.h"

#include <string_view>

namespace sluice::gen {
namespace {

constexpr std::string_view kPlainMessages[] = {
    "Started orders-api.service - Orders API.",
    "orders-api.service: Consumed 1min 3.204s CPU time.",
    "Stopping orders-api.service - Orders API...",
    "[WARN] worker 3 restarted after panic: runtime error: index out of range",
    "INFO  [main] Listening on 0.0.0.0:8080",
    "gc 42 @12.004s 1%: 0.012+1.4+0.003 ms clock",
};

// Text journald stores as bytes: Latin-1, or with terminal escape sequences.
constexpr std::string_view kByteMessages[] = {
    "Benutzer M\xfcller angemeldet",
    "Caf\xe9 ouvert \xe0 8h",
    "\x1b[31mERROR\x1b[0m disk almost full",
    "\x1b[1;32mready\x1b[0m in 412 ms",
};

constexpr int kPriorities[] = {7, 6, 4, 3};  // debug, info, warning, err

}  // namespace

JournalWriter::JournalWriter(Rng* rng, LogClock* clock, SecretPlanter* planter,
                             ShapeWriter* shapes, std::vector<Shape> inner_shapes)
    : rng_(rng), clock_(clock), planter_(planter), shapes_(shapes),
      inner_shapes_(std::move(inner_shapes)) {
  if (inner_shapes_.empty()) {
    for (int i = 0; i < kAppShapeCount; ++i) inner_shapes_.push_back(static_cast<Shape>(i));
  }
  boot_id_[0] = rng_->Next();
  boot_id_[1] = rng_->Next();
  seqnum_id_[0] = rng_->Next();
  seqnum_id_[1] = rng_->Next();
  seqnum_ = 0x4e000 + rng_->Below(0x10000);
  boot_epoch_us_ = clock_->now_us() - 86400000000LL - rng_->Below(1u << 31);
}

Shape JournalWriter::InnerShape() {
  return inner_shapes_[rng_->Below(static_cast<uint32_t>(inner_shapes_.size()))];
}

void JournalWriter::Write(Shape inner_shape, const RecordFacts& facts, JsonBuffer* out,
                          LineTruth* truth) {
  const int64_t now = clock_->now_us();
  const int64_t monotonic = now - boot_epoch_us_;
  ++seqnum_;

  out->Raw("{\"__CURSOR\":\"s=");
  out->Hex(seqnum_id_[0], 16);
  out->Hex(seqnum_id_[1], 16);
  out->Raw(";i=");
  {
    char hex[17];
    int n = 0;
    for (uint64_t v = seqnum_; v != 0; v >>= 4) hex[n++] = "0123456789abcdef"[v & 15];
    while (n > 0) out->Char(hex[--n]);
  }
  out->Raw(";b=");
  out->Hex(boot_id_[0], 16);
  out->Hex(boot_id_[1], 16);
  out->Raw(";m=");
  out->Hex(static_cast<uint64_t>(monotonic), 10);
  out->Raw(";t=");
  out->Hex(static_cast<uint64_t>(now), 13);
  out->Raw(";x=");
  out->Hex(rng_->Next(), 16);
  out->Raw("\",\"__REALTIME_TIMESTAMP\":\"");
  out->Int(now);
  out->Raw("\",\"__MONOTONIC_TIMESTAMP\":\"");
  out->Int(monotonic);
  out->Raw("\",\"_BOOT_ID\":\"");
  out->Hex(boot_id_[0], 16);
  out->Hex(boot_id_[1], 16);
  out->Raw("\",\"_TRANSPORT\":\"stdout\",\"PRIORITY\":\"");
  out->Int(kPriorities[static_cast<int>(facts.level)]);
  out->Raw("\",\"_PID\":\"");
  out->Uint(800 + facts.service * 37);
  out->Raw("\",\"_COMM\":\"");
  out->Raw(kServices[facts.service]);
  out->Raw("\",\"_HOSTNAME\":\"");
  out->Raw(kHosts[facts.host]);
  out->Raw("\",\"_SYSTEMD_UNIT\":\"");
  out->Raw(kServices[facts.service]);
  out->Raw(".service\",\"SYSLOG_IDENTIFIER\":\"");
  out->Raw(kServices[facts.service]);
  out->Raw("\",\"MESSAGE\":");

  // A secret that needs JSON structure forces an app line; prose fits plain text.
  const uint32_t roll = rng_->Below(100);
  const bool app_line = roll < 86 || (planter_->pending() && !planter_->pending_fits_text());
  if (app_line) {
    inner_.clear();
    JsonBuffer inner(&inner_);
    shapes_->Write(inner_shape, facts, &inner, truth);
    out->Char('"');
    out->Escaped(inner_);
    if (planter_->last_secret_end() > 0) planter_->NoteSecretEnd(out->size());
    out->Raw("\"}");
    return;
  }
  if (roll < 94 || planter_->pending()) {
    out->Char('"');
    if (!planter_->OnMessage(out)) out->Raw(kPlainMessages[facts.pick % std::size(kPlainMessages)]);
    out->Raw("\"}");
  } else if (roll < 97) {
    const std::string_view bytes = kByteMessages[facts.pick % std::size(kByteMessages)];
    out->Char('[');
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (i > 0) out->Char(',');
      out->Uint(static_cast<unsigned char>(bytes[i]));
    }
    out->Raw("]}");
  } else {
    out->Raw("null}");
  }
}

}  // namespace sluice::gen
