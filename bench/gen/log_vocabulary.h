// Word lists the generated logs draw from: routes, background events, user
// agents, hosts, stack traces. Entries named *_json are already escaped for the
// inside of a JSON string (so ordinary text carries \", \\, \n, \t, \u00e9 and
// \/ escapes as real services write them) and are appended verbatim; UTF-8 text
// (é, ü, 日本語, emoji) is written raw. Nothing here may look like a secret:
// the truth lists only what SecretPlanter plants. Tests:
// tests/gen/log_generator_test.cpp (records parse; no unplanned secret shapes).
#pragma once

#include <string_view>

namespace sluice::gen {

enum class PathVar : unsigned char { kNone, kId, kPage, kDigest, kWord };

struct Route {
  std::string_view method;
  std::string_view prefix;  // path before the variable part
  PathVar var;
  std::string_view suffix;  // path after it; may start or extend a query
  std::string_view logger;  // structlog logger / pino name / ECS log.logger
  std::string_view caller;  // zap caller
  std::string_view event_json;  // what the service says on success
  double median_ms;
};

inline constexpr Route kRoutes[] = {
    {"GET", "/v1/orders/", PathVar::kId, "", "api.orders", "orders/handler.go:88",
     "order fetched", 9},
    {"POST", "/v1/orders", PathVar::kNone, "", "api.orders", "orders/handler.go:131",
     "order created", 28},
    {"GET", "/api/items?page=", PathVar::kPage, "&per_page=50", "api.catalog",
     "catalog/list.go:54", "items listed", 14},
    {"GET", "/healthz", PathVar::kNone, "", "api.health", "server/health.go:21", "ok", 0.18},
    {"PUT", "/v1/users/", PathVar::kId, "/profile", "api.users", "users/profile.go:77",
     "profile updated", 22},
    {"DELETE", "/v1/carts/", PathVar::kId, "/items", "api.carts", "carts/handler.go:203",
     "cart emptied", 7},
    {"GET", "/v1/search?q=", PathVar::kWord, "&limit=20", "api.search",
     "search/query.go:142", "search served", 85},
    {"POST", "/v1/payments", PathVar::kNone, "", "api.payments", "payments/charge.go:66",
     "payment authorized", 140},
    {"GET", "/static/js/app.", PathVar::kDigest, ".js", "web.static", "static/serve.go:40",
     "asset served", 0.9},
    {"POST", "/graphql", PathVar::kNone, "", "api.graphql", "graphql/server.go:301",
     "query \\\"CartSummary\\\" resolved", 45},
    {"GET", "/v1/reports/export", PathVar::kNone, ".csv", "api.reports",
     "reports/export.go:19", "report exported", 420},
    {"GET", "/v1/products/", PathVar::kId, "/reviews?sort=recent", "api.catalog",
     "catalog/reviews.go:73", "reviews listed", 31},
    {"PATCH", "/v1/orders/", PathVar::kId, "/status", "api.orders", "orders/status.go:45",
     "status changed", 16},
    {"GET", "/v1/recommendations", PathVar::kNone, "?locale=fr-FR", "api.reco",
     "reco/handler.go:97", "recommendations served", 60},
};

inline constexpr std::string_view kSearchWords[] = {
    "shoes", "red%20dress", "caf%C3%A9", "laptop", "k%C3%BChlschrank", "tent", "usb-c", "gift"};

struct BackgroundEvent {
  std::string_view logger;
  std::string_view caller;
  std::string_view message_json;
  double latency_share;  // how often the event carries a duration
  double median_ms;
};

inline constexpr BackgroundEvent kBackgroundEvents[] = {
    {"worker", "worker/pool.go:61", "worker started", 0, 0},
    {"cache", "cache/refresh.go:112", "cache refreshed", 0.9, 35},
    {"db", "db/pool.go:210", "db pool stats", 0, 0},
    {"jobs.export", "jobs/export.go:88", "job finished", 0.95, 1200},
    {"config", "config/watch.go:33", "config reloaded from \\/etc\\/orders\\/app.yaml", 0, 0},
    {"events", "events/publish.go:140", "retrying publish to \\\"orders.events\\\"", 0.5, 120},
    {"i18n", "i18n/notify.go:52", "Bestellung für Müller bestätigt", 0, 0},
    {"i18n", "i18n/notify.go:57", "注文を受け付けました (日本語)", 0, 0},
    {"deploy", "deploy/hook.go:12", "deploy finished 🚀 version rolled out", 0, 0},
    {"menu", "menu/sync.go:71", "caf\\u00e9 menu synced, na\\u00efve r\\u00e9sum\\u00e9 parser on", 0.6, 210},
    {"export", "export/win.go:29", "wrote export to C:\\\\exports\\\\daily.csv", 0.7, 480},
    {"db", "db/slow.go:44", "slow query:\\nSELECT id, total FROM orders\\n\\tWHERE customer_id = $1",
     1.0, 700},
    {"assets", "assets/fetch.go:18", "fetched https:\\/\\/cdn.example.com\\/assets\\/logo.png", 0.8,
     40},
    {"scheduler", "sched/tick.go:90", "tick: 3 jobs due, 0 late", 0, 0},
};

inline constexpr std::string_view kUserAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "curl/8.5.0",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
    "python-requests/2.32.3",
    "kube-probe/1.31",
};

inline constexpr std::string_view kHosts[] = {"web-1", "web-2", "web-3", "api-7f9c4d-x2kqp",
                                              "api-7f9c4d-m8zrt", "worker-0"};

inline constexpr std::string_view kServices[] = {"orders-api", "catalog", "checkout",
                                                 "billing", "search"};

inline constexpr std::string_view kCustomerNames[] = {
    "José Müller", "Zoë O'Brien", "François Lefèvre", "山田太郎", "Ana-Maria Ionescu",
    "Søren Kierkegaard", "Łukasz Żółć", "Chloé \\\"Coco\\\" Martin"};

// Error text with stack traces, escaped as each runtime prints them.
inline constexpr std::string_view kPythonTracebacks[] = {
    "Traceback (most recent call last):\\n  File \\\"/app/api/orders.py\\\", line 88, in "
    "create\\n    sku = payload[\\\"sku\\\"]\\nKeyError: 'sku'",
    "Traceback (most recent call last):\\n  File \\\"/app/api/db.py\\\", line 142, in "
    "fetch\\n    rows = cur.fetchall()\\n  File \\\"/usr/lib/python3/dist-packages/psycopg/"
    "cursor.py\\\", line 851, in fetchall\\npsycopg.OperationalError: server closed the "
    "connection unexpectedly",
};

inline constexpr std::string_view kGoStacks[] = {
    "main.(*Server).handle\\n\\t/app/server/handler.go:88\\nnet/http.HandlerFunc.ServeHTTP\\n"
    "\\t/usr/local/go/src/net/http/server.go:2220\\nnet/http.serverHandler.ServeHTTP\\n"
    "\\t/usr/local/go/src/net/http/server.go:3210",
    "github.com/acme/orders/db.(*Pool).Query\\n\\t/app/db/pool.go:210\\n"
    "github.com/acme/orders/orders.Load\\n\\t/app/orders/load.go:57",
};

inline constexpr std::string_view kNodeStacks[] = {
    "TypeError: Cannot read properties of undefined (reading 'id')\\n    at getOrder "
    "(/app/src/orders.js:42:17)\\n    at Layer.handle [as handle_request] "
    "(/app/node_modules/express/lib/router/layer.js:95:5)",
    "Error: connect ECONNREFUSED 10.0.3.7:5432\\n    at TCPConnectWrap.afterConnect [as "
    "oncomplete] (node:net:1607:16)",
};

inline constexpr std::string_view kErrorMessagesJson[] = {
    "unhandled exception", "upstream timed out", "connection reset by peer",
    "deadline exceeded", "invalid character '\\\\x00' in string literal"};

}  // namespace sluice::gen
