// FUZZ_CHECK: the fuzz targets' assertion. A broken property prints what broke
// and aborts, which libFuzzer reports as a finding (saving the input) and the
// replay driver as a failed test. Active in every build type (not assert()).
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                        \
  do {                                                                               \
    if (!(condition)) {                                                              \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__,     \
                   #condition);                                                      \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
