// Shape names and --shapes parsing: see log_shape.h.
#include "gen/log_shape.h"

namespace sluice::gen {
namespace {

constexpr std::string_view kNames[kShapeCount] = {"structlog", "go",   "nginx",
                                                  "pino",      "otel", "journal"};

}  // namespace

std::string_view ShapeName(Shape shape) { return kNames[static_cast<int>(shape)]; }

bool ParseShapeList(std::string_view list, std::vector<Shape>* shapes, std::string* error) {
  shapes->clear();
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (name.empty()) continue;
    if (name == "all") {
      for (int i = 0; i < kShapeCount; ++i) shapes->push_back(static_cast<Shape>(i));
      continue;
    }
    bool found = false;
    for (int i = 0; i < kShapeCount; ++i) {
      if (kNames[i] == name || (name == "ecs" && i == static_cast<int>(Shape::kOtel))) {
        shapes->push_back(static_cast<Shape>(i));
        found = true;
        break;
      }
    }
    if (!found) {
      *error = "unknown shape '" + std::string(name) +
               "' (expected structlog, go, nginx, pino, otel, journal or all)";
      return false;
    }
  }
  if (shapes->empty()) {
    *error = "empty shape list";
    return false;
  }
  return true;
}

}  // namespace sluice::gen
