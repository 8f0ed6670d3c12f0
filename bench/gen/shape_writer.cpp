// ShapeWriter: see shape_writer.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/shape_writer.h"

#include <string_view>

namespace sluice::gen {
namespace {

constexpr std::string_view kPythonLevels[] = {"debug", "info", "warning", "error"};
constexpr std::string_view kGoLevels[] = {"debug", "info", "warn", "error"};
constexpr int kPinoLevels[] = {20, 30, 40, 50};

std::string_view Str(const Level level, const std::string_view (&names)[4]) {
  return names[static_cast<int>(level)];
}

bool PathHasQuery(const Route& route) {
  return route.prefix.find('?') != std::string_view::npos ||
         route.suffix.find('?') != std::string_view::npos;
}

}  // namespace

void ShapeWriter::Write(Shape shape, const RecordFacts& facts, JsonBuffer* out,
                        LineTruth* truth) {
  truth->status = facts.route != nullptr ? facts.status : 0;
  switch (shape) {
    case Shape::kStructlog: WriteStructlog(facts, out, truth); break;
    case Shape::kGo: WriteGo(facts, out, truth); break;
    case Shape::kNginx: WriteNginx(facts, out, truth); break;
    case Shape::kPino: WritePino(facts, out, truth); break;
    case Shape::kOtel:
    case Shape::kJournal: WriteOtel(facts, out, truth); break;
  }
}

void ShapeWriter::AppendPathOnly(const RecordFacts& facts, JsonBuffer* out) {
  const Route& route = *facts.route;
  out->Raw(route.prefix);
  switch (route.var) {
    case PathVar::kNone: break;
    case PathVar::kId:
    case PathVar::kPage: out->Uint(facts.path_value); break;
    case PathVar::kDigest:
      out->Hex(facts.digest[0], 16);
      out->Hex(facts.digest[1], 16);
      out->Hex(facts.digest[2], 8);
      break;
    case PathVar::kWord: out->Raw(kSearchWords[facts.path_value % std::size(kSearchWords)]); break;
  }
  out->Raw(route.suffix);
}

void ShapeWriter::AppendPath(const RecordFacts& facts, JsonBuffer* out) {
  AppendPathOnly(facts, out);
  planter_->OnQuery(PathHasQuery(*facts.route), out);
}

void ShapeWriter::AppendMessage(const RecordFacts& facts, JsonBuffer* out) {
  if (planter_->OnMessage(out)) return;
  if (facts.route == nullptr) {
    out->Raw(facts.event->message_json);
  } else if (facts.status >= 500) {
    out->Raw(kErrorMessagesJson[facts.pick % std::size(kErrorMessagesJson)]);
  } else if (facts.status >= 400) {
    out->Raw(facts.status == 429 ? "rate limited" : "request rejected");
  } else {
    out->Raw(facts.route->event_json);
  }
}

void ShapeWriter::AppendIp(uint32_t ip, JsonBuffer* out) {
  out->Uint(ip >> 24);
  out->Char('.');
  out->Uint((ip >> 16) & 255);
  out->Char('.');
  out->Uint((ip >> 8) & 255);
  out->Char('.');
  out->Uint(ip & 255);
}

// {"timestamp":"...","level":"info","logger":"api.orders","event":"order created",...}
void ShapeWriter::WriteStructlog(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth) {
  out->Raw("{\"timestamp\":\"");
  clock_->AppendIso(out, 6);
  out->Raw("\",\"level\":\"");
  out->Raw(Str(facts.level, kPythonLevels));
  out->Raw("\",\"logger\":\"");
  out->Raw(facts.route != nullptr ? facts.route->logger : facts.event->logger);
  out->Raw("\",\"event\":\"");
  AppendMessage(facts, out);
  out->Raw("\",\"service\":\"");
  out->Raw(kServices[facts.service]);
  if (facts.route != nullptr) {
    out->Raw("\",\"request_id\":\"");
    out->Uuid(facts.request_id[0], facts.request_id[1]);
    out->Raw("\",\"method\":\"");
    out->Raw(facts.route->method);
    out->Raw("\",\"path\":\"");
    AppendPath(facts, out);
    out->Raw("\",\"status_code\":");
    out->Int(facts.status);
  } else {
    out->Raw("\",\"pid\":");
    out->Uint(1000 + facts.host * 7);
    out->Raw(",\"thread\":\"");
    out->Raw(facts.pick % 3 == 0 ? "MainThread" : "ThreadPoolExecutor-0_1");
    out->Raw("\",\"host\":\"");
    out->Raw(kHosts[facts.host]);
    out->Raw("\",\"task_id\":\"");
    out->Uuid(facts.request_id[0], facts.request_id[1]);
    out->Char('"');
  }
  if (facts.has_latency) {
    const uint64_t us = static_cast<uint64_t>(facts.latency_ns / 1000);
    out->Raw(",\"duration_ms\":");
    out->Fixed(us, 3);
    truth->has_latency = true;
    truth->latency_ms = static_cast<double>(us) / 1000.0;
  }
  if (facts.route != nullptr) {
    out->Raw(",\"user_id\":");
    out->Uint(facts.user_id);
    out->Raw(",\"client_ip\":\"");
    AppendIp(facts.client_ip, out);
    out->Char('"');
    if (facts.pick % 5 == 0) {
      out->Raw(",\"customer\":{\"name\":\"");
      out->Raw(kCustomerNames[facts.pick / 5 % std::size(kCustomerNames)]);
      out->Raw("\",\"tier\":\"gold\"}");
    }
    if (facts.pick % 7 == 0) {
      out->Raw(",\"items\":[{\"sku\":\"A-1042\",\"qty\":2,\"price\":19.9},"
               "{\"sku\":\"B-77\",\"qty\":1,\"price\":5.25}]");
    }
  }
  out->Raw(",\"env\":\"prod\"");
  if (facts.with_stack) {
    out->Raw(",\"exception\":\"");
    out->Raw(kPythonTracebacks[facts.pick % std::size(kPythonTracebacks)]);
    out->Char('"');
  }
  planter_->OnExtras(out);
  out->Char('}');
}

// zap: {"level":"info","ts":1795440248.123456,"caller":"...","msg":"...",...}
// logrus (fields in key order): {"component":...,"latency":...,"level":...,"msg":...,"time":...}
void ShapeWriter::WriteGo(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth) {
  int64_t ns = facts.latency_ns;
  const uint32_t precision = facts.pick % 10;
  if (precision < 5) {
    ns = ns / 1000 * 1000;  // microseconds
  } else if (precision < 7 && ns >= 1000000) {
    ns = ns / 100000 * 100000;  // a tenth of a millisecond
  }
  const bool logrus = facts.pick % 4 == 0;
  if (facts.has_latency) {
    truth->has_latency = true;
    truth->latency_ms = static_cast<double>(ns) / 1e6;
  }

  if (logrus) {
    out->Raw("{\"component\":\"");
    out->Raw(facts.route != nullptr ? "http" : facts.event->logger);
    out->Char('"');
    if (facts.with_stack) {
      out->Raw(",\"error\":\"");
      out->Raw(kErrorMessagesJson[facts.pick % std::size(kErrorMessagesJson)]);
      out->Char('"');
    }
    if (facts.has_latency) {
      out->Raw(",\"latency\":\"");
      AppendGoDuration(ns, /*ascii_micro=*/facts.pick % 8 == 0, out);
      out->Char('"');
    }
    out->Raw(",\"host\":\"");
    out->Raw(kHosts[facts.host]);
    out->Raw("\",\"level\":\"");
    out->Raw(facts.level == Level::kWarn ? "warning" : Str(facts.level, kGoLevels));
    if (facts.route != nullptr) {
      out->Raw("\",\"method\":\"");
      out->Raw(facts.route->method);
    }
    out->Raw("\",\"msg\":\"");
    AppendMessage(facts, out);
    if (facts.route != nullptr) {
      out->Raw("\",\"path\":\"");
      AppendPath(facts, out);
      out->Raw("\",\"remote_ip\":\"");
      AppendIp(facts.client_ip, out);
      out->Raw("\",\"request_id\":\"");
      out->Uuid(facts.request_id[0], facts.request_id[1]);
      out->Raw("\",\"status\":");
      out->Int(facts.status);
      out->Raw(",\"time\":\"");
    } else {
      out->Raw("\",\"pid\":");
      out->Uint(2000 + facts.host * 11);
      out->Raw(",\"service\":\"");
      out->Raw(kServices[facts.service]);
      out->Raw("\",\"time\":\"");
    }
    clock_->AppendIso(out, 0);
    out->text().back() = '+';  // logrus writes RFC 3339 with an offset
    out->Raw("00:00\"");
    if (facts.route != nullptr) {
      out->Raw(",\"user_agent\":\"");
      out->Raw(kUserAgents[facts.pick % std::size(kUserAgents)]);
      out->Char('"');
    }
    planter_->OnExtras(out);
    out->Char('}');
    return;
  }

  out->Raw("{\"level\":\"");
  out->Raw(Str(facts.level, kGoLevels));
  out->Raw("\",\"ts\":");
  clock_->AppendEpochSeconds(out, 6);
  out->Raw(",\"logger\":\"");
  out->Raw(kServices[facts.service]);
  out->Raw("\",\"caller\":\"");
  out->Raw(facts.route != nullptr ? facts.route->caller : facts.event->caller);
  out->Raw("\",\"msg\":\"");
  AppendMessage(facts, out);
  out->Char('"');
  if (facts.route != nullptr) {
    out->Raw(",\"method\":\"");
    out->Raw(facts.route->method);
    out->Raw("\",\"path\":\"");
    AppendPath(facts, out);
    out->Raw("\",\"status\":");
    out->Int(facts.status);
  }
  if (facts.has_latency) {
    out->Raw(",\"latency\":\"");
    AppendGoDuration(ns, /*ascii_micro=*/false, out);
    out->Char('"');
  }
  if (facts.route != nullptr) {
    out->Raw(",\"bytes\":");
    out->Uint(facts.bytes_sent);
    out->Raw(",\"remote_ip\":\"");
    AppendIp(facts.client_ip, out);
    out->Raw("\",\"request_id\":\"");
    out->Uuid(facts.request_id[0], facts.request_id[1]);
    out->Char('"');
  } else {
    out->Raw(",\"worker\":");
    out->Uint(facts.pick % 16);
    out->Raw(",\"host\":\"");
    out->Raw(kHosts[facts.host]);
    out->Raw("\",\"build\":\"");
    out->Hex(facts.request_id[0], 12);
    out->Raw("\",\"trace_id\":\"");
    out->Hex(facts.request_id[1], 16);
    out->Hex(facts.request_id[0], 16);
    out->Char('"');
  }
  if (facts.with_stack) {
    out->Raw(",\"error\":\"");
    out->Raw(kErrorMessagesJson[facts.pick % std::size(kErrorMessagesJson)]);
    out->Raw("\",\"stacktrace\":\"");
    out->Raw(kGoStacks[facts.pick % std::size(kGoStacks)]);
    out->Char('"');
  }
  planter_->OnExtras(out);
  out->Char('}');
}

// log_format json escape=json '{"time_local":"$time_local",...}': every value a string.
void ShapeWriter::WriteNginx(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth) {
  const uint64_t ms = static_cast<uint64_t>((facts.latency_ns + 500000) / 1000000);
  truth->has_latency = true;
  truth->latency_ms = static_cast<double>(ms);

  out->Raw("{\"time_local\":\"");
  clock_->AppendNginx(out);
  out->Raw("\",\"remote_addr\":\"");
  AppendIp(facts.client_ip, out);
  out->Raw("\",\"remote_user\":\"-\",\"request\":\"");
  out->Raw(facts.route->method);
  out->Char(' ');
  AppendPath(facts, out);
  out->Raw(facts.pick % 5 == 0 ? " HTTP/2.0" : " HTTP/1.1");
  out->Raw("\",\"status\":\"");
  out->Int(facts.status);
  out->Raw("\",\"body_bytes_sent\":\"");
  out->Uint(facts.bytes_sent);
  out->Raw("\",\"request_time\":\"");
  out->Fixed(ms, 3);
  out->Raw("\",\"upstream_response_time\":\"");
  if (facts.status == 499 || facts.status == 502) {
    out->Char('-');
  } else {
    out->Fixed(ms > 0 ? ms - facts.pick % (ms < 3 ? ms + 1 : 3) : 0, 3);
  }
  out->Raw("\",\"upstream_addr\":\"10.0.3.");
  out->Uint(2 + facts.pick % 8);
  out->Raw(":8080\",\"http_referer\":\"");
  out->Raw(facts.pick % 3 == 0 ? "https://shop.example.com/cart" : "-");
  out->Raw("\",\"http_user_agent\":\"");
  out->Raw(kUserAgents[facts.pick % std::size(kUserAgents)]);
  out->Raw("\",\"request_id\":\"");
  out->Hex(facts.request_id[0], 16);
  out->Hex(facts.request_id[1], 16);
  out->Raw("\"}");
}

// pino-http: {"level":30,"time":...,"pid":...,"hostname":...,"req":{...},"res":{...},
// "responseTime":12,"msg":"request completed"}
void ShapeWriter::WritePino(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth) {
  out->Raw("{\"level\":");
  out->Int(kPinoLevels[static_cast<int>(facts.level)]);
  out->Raw(",\"time\":");
  clock_->AppendEpochMillis(out);
  out->Raw(",\"pid\":");
  out->Uint(4000 + facts.host * 13);
  out->Raw(",\"hostname\":\"");
  out->Raw(kHosts[facts.host]);
  out->Char('"');
  if (facts.route == nullptr) {
    out->Raw(",\"name\":\"");
    out->Raw(facts.event->logger);
    out->Raw("\",\"msg\":\"");
    AppendMessage(facts, out);
    out->Char('"');
    if (facts.with_stack) {
      out->Raw(",\"err\":{\"type\":\"Error\",\"message\":\"job failed\",\"stack\":\"");
      out->Raw(kNodeStacks[facts.pick % std::size(kNodeStacks)]);
      out->Raw("\"}");
    }
    planter_->OnExtras(out);
    out->Char('}');
    return;  // pino's own lines carry no duration
  }
  const uint64_t ms = static_cast<uint64_t>((facts.latency_ns + 500000) / 1000000);
  truth->has_latency = true;
  truth->latency_ms = static_cast<double>(ms);

  out->Raw(",\"req\":{\"id\":");
  out->Uint(++pino_request_id_);
  out->Raw(",\"method\":\"");
  out->Raw(facts.route->method);
  out->Raw("\",\"url\":\"");
  AppendPath(facts, out);
  out->Raw("\",\"headers\":{\"host\":\"api.example.com\",\"user-agent\":\"");
  out->Raw(kUserAgents[facts.pick % std::size(kUserAgents)]);
  out->Raw("\",\"accept\":\"application/json\"");
  planter_->OnHeaders(out);
  out->Raw("},\"remoteAddress\":\"::ffff:");
  AppendIp(facts.client_ip, out);
  out->Raw("\",\"remotePort\":");
  out->Uint(32768 + facts.pick % 28000);
  out->Raw("},\"res\":{\"statusCode\":");
  out->Int(facts.status);
  out->Raw(",\"headers\":{\"content-type\":\"application/json; charset=utf-8\",\"content-length\":\"");
  out->Uint(facts.bytes_sent);
  out->Raw("\"}}");
  if (facts.with_stack) {
    out->Raw(",\"err\":{\"type\":\"TypeError\",\"message\":\"");
    out->Raw(kErrorMessagesJson[facts.pick % std::size(kErrorMessagesJson)]);
    out->Raw("\",\"stack\":\"");
    out->Raw(kNodeStacks[facts.pick % std::size(kNodeStacks)]);
    out->Raw("\"}");
  }
  out->Raw(",\"responseTime\":");
  out->Uint(ms);
  out->Raw(",\"msg\":\"");
  if (!planter_->OnMessage(out)) {
    out->Raw(facts.status >= 500 ? "request errored" : "request completed");
  }
  out->Char('"');
  planter_->OnExtras(out);
  out->Char('}');
}

// ECS: {"@timestamp":...,"log.level":...,"message":...,"http":{...},"url":{...},"event":{...}}
void ShapeWriter::WriteOtel(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth) {
  out->Raw("{\"@timestamp\":\"");
  clock_->AppendIso(out, 3);
  out->Raw("\",\"log.level\":\"");
  out->Raw(Str(facts.level, kGoLevels));
  out->Raw("\",\"message\":\"");
  AppendMessage(facts, out);
  out->Raw("\",\"service\":{\"name\":\"");
  out->Raw(kServices[facts.service]);
  out->Raw("\",\"version\":\"1.4.");
  out->Uint(facts.service);
  out->Raw("\"},\"host\":{\"name\":\"");
  out->Raw(kHosts[facts.host]);
  out->Raw("\"},\"trace\":{\"id\":\"");
  out->Hex(facts.request_id[0], 16);
  out->Hex(facts.request_id[1], 16);
  out->Raw("\"},\"span\":{\"id\":\"");
  out->Hex(facts.request_id[1] ^ facts.pick, 16);
  out->Raw("\"}");
  if (facts.route != nullptr) {
    out->Raw(",\"http\":{\"request\":{\"method\":\"");
    out->Raw(facts.route->method);
    out->Raw("\"},\"response\":{\"status_code\":");
    out->Int(facts.status);
    out->Raw(",\"body\":{\"bytes\":");
    out->Uint(facts.bytes_sent);
    out->Raw("}}},\"url\":{\"path\":\"");
    AppendPathOnly(facts, out);
    out->Raw("\",\"original\":\"");
    AppendPath(facts, out);
    out->Raw("\"},\"client\":{\"ip\":\"");
    AppendIp(facts.client_ip, out);
    out->Raw("\"}");
  }
  if (facts.has_latency) {
    out->Raw(",\"event\":{\"duration\":");
    out->Int(facts.latency_ns);
    out->Raw(facts.route == nullptr ? "}"
             : facts.status >= 500  ? ",\"outcome\":\"failure\"}"
                                    : ",\"outcome\":\"success\"}");
    truth->has_latency = true;
    truth->latency_ms = static_cast<double>(facts.latency_ns) / 1e6;
  }
  if (facts.with_stack) {
    out->Raw(",\"error\":{\"type\":\"OperationalError\",\"message\":\"");
    out->Raw(kErrorMessagesJson[facts.pick % std::size(kErrorMessagesJson)]);
    out->Raw("\",\"stack_trace\":\"");
    out->Raw(kPythonTracebacks[facts.pick % std::size(kPythonTracebacks)]);
    out->Raw("\"}");
  }
  planter_->OnExtras(out);
  out->Char('}');
}

}  // namespace sluice::gen
