// hooks.yaml: the webhook endpoints alerts are POSTed to
// (docs/formats/webhooks.md).
//
// Contract: ParseHooks returns the endpoints, or every problem at once, each
// located FILE:LINE:COLUMN with the field ("endpoints[1].url") and a hint.
// Never throws; any bytes are safe input (fuzz/hooks_yaml.cc).
//
// Thread safety: pure functions; Endpoint is a plain value.
#ifndef TRUCE_ALERTS_HOOKS_H_
#define TRUCE_ALERTS_HOOKS_H_

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace truce::alerts {

struct Endpoint {
  std::string name;             // [A-Za-z0-9._-]+, unique: the outbox's key
  std::string url;              // http:// or https://
  int64_t timeout_ms = 10'000;  // whole request, connect included
  int64_t max_attempts = 8;     // then the message is dead-lettered
  int64_t backoff_ms = 1'000;   // delay before the first retry
  int64_t max_backoff_ms = 600'000;  // ceiling of the doubling delay
  std::vector<std::pair<std::string, std::string>> headers;  // extra, sorted
};

struct Hooks {
  std::vector<Endpoint> endpoints;  // in file order
};

std::expected<Hooks, Errors> ParseHooks(std::string_view text,
                                        std::string_view file);
std::expected<Hooks, Errors> ReadHooks(const std::string& path);

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_HOOKS_H_
