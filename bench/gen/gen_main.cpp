// sluice-gen: writes realistic NDJSON service logs (placeholder until the generator lands).
#include <cstdio>
int main() {
  std::puts("{\"level\":\"info\",\"msg\":\"hello\",\"status_code\":200,\"duration_ms\":12.5}");
  return 0;
}
