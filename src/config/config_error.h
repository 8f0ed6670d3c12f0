// ConfigError: a configuration file problem, as "FILE:LINE: reason". Thrown
// at start-up only; the command line reports it and exits with usage status.
#pragma once

#include <stdexcept>
#include <string>

namespace sluice {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sluice
