#include "parse/record_walker.h"

#include <algorithm>

#include "core/json_text.h"

namespace sluice {

bool UnescapeKeyInto(std::string_view raw, std::string* scratch) {
  return UnescapeJsonString(raw, scratch);
}

}  // namespace sluice
