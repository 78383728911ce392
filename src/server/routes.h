// The API's route table: every route the server serves, with the roles that
// may call it and its request body limit. The server registers exactly these
// routes, and a test compares them with docs/api/openapi.json, so the two
// cannot drift apart.
//
// Thread safety: immutable data.
#ifndef TRUCE_SERVER_ROUTES_H_
#define TRUCE_SERVER_ROUTES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "server/auth.h"

namespace truce::server {

enum class RouteId {
  kHealth,
  kOpenApi,
  kAgreement,
  kZones,
  kIncidents,
  kIncident,
  kDispute,
  kTracks,
  kTerritorySeries,
  kCoverage,
  kObligations,
  kAck,
  kCheckpoint,
  kCosignature,
  kFeeds,
  kReports,
  kControlMaps,
  kFinish,
  kStream,
  kMetrics,
};

inline constexpr size_t kKiB = 1024, kMiB = 1024 * 1024;

struct Route {
  RouteId id;
  std::string_view method;  // "GET" | "POST"
  std::string_view path;    // OpenAPI template: "/api/incidents/{id}"
  std::string_view regex;   // what cpp-httplib matches
  // Bit i set: Role(i) may call it. Admin may call everything.
  uint32_t roles;
  size_t max_body_bytes;
};

constexpr uint32_t RoleBit(Role r) { return 1u << static_cast<int>(r); }
inline constexpr uint32_t kAnyone =
    RoleBit(Role::kPublic) | RoleBit(Role::kParty) | RoleBit(Role::kGuarantor) |
    RoleBit(Role::kMonitor) | RoleBit(Role::kAdmin);
inline constexpr uint32_t kReaders = kAnyone & ~RoleBit(Role::kPublic);

std::span<const Route> Routes();
const Route& RouteFor(RouteId id);
inline bool Allows(const Route& r, Role role) {
  return (r.roles & RoleBit(role)) != 0;
}

}  // namespace truce::server

#endif  // TRUCE_SERVER_ROUTES_H_
