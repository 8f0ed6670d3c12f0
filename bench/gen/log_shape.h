// Shape: the real-world log formats the generator can write (one per logging
// library people run in production), their names on the command line, and
// parsing of the --shapes list. Tests: tests/gen/log_generator_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::gen {

enum class Shape : uint8_t {
  kStructlog,  // Python structlog JSONRenderer
  kGo,         // zap (and logrus) JSON
  kNginx,      // nginx log_format ... escape=json access log
  kPino,       // Node pino / pino-http
  kOtel,       // OpenTelemetry / Elastic Common Schema (nested)
  kJournal,    // journalctl -o json envelope around another shape's line
};

constexpr int kShapeCount = 6;
constexpr int kAppShapeCount = 5;  // every shape but kJournal

std::string_view ShapeName(Shape shape);

// Parses "structlog,go,journal" (or "all"). On error returns false and names
// the unknown entry in *error.
bool ParseShapeList(std::string_view list, std::vector<Shape>* shapes, std::string* error);

}  // namespace sluice::gen
