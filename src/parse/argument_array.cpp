// TakesNextArgument and IsFlatHeaderList (see argument_array.h).
#include "parse/argument_array.h"

#include <algorithm>

namespace sluice {

bool TakesNextArgument(std::string_view flag) {
  if (flag.find('=') != std::string_view::npos) return false;
  while (flag.starts_with('-')) flag.remove_prefix(1);  // "--no-x" and "-no-x" alike
  for (std::string_view off : {"no-", "skip-", "show-", "disable-", "without-", "ignore-"}) {
    if (flag.starts_with(off)) return false;
  }
  return true;
}

bool IsFlatHeaderList(std::string_view key) {
  for (std::string_view name : {"rawheaders", "rawtrailers", "headers"}) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return (a | 0x20) == b; })) {
      return true;
    }
  }
  return false;
}

}  // namespace sluice
