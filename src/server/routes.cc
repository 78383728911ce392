#include "server/routes.h"

#include <array>

namespace truce::server {
namespace {

constexpr uint32_t kAdmin = RoleBit(Role::kAdmin);
constexpr uint32_t kMonitor = RoleBit(Role::kMonitor) | kAdmin;
constexpr uint32_t kGuarantor = RoleBit(Role::kGuarantor) | kAdmin;
constexpr uint32_t kParty = RoleBit(Role::kParty) | kAdmin;
constexpr size_t kSmall = 64 * kKiB;

// Public reads what is published (incidents, checkpoints) and the
// agreement itself, which is a public document; live feeds, tracks and
// guarantor business need a token.
constexpr std::array<Route, 20> kRoutes = {{
    {RouteId::kHealth, "GET", "/api/health", "/api/health", kAnyone, kSmall},
    {RouteId::kOpenApi, "GET", "/api/openapi.json", "/api/openapi\\.json",
     kAnyone, kSmall},
    {RouteId::kAgreement, "GET", "/api/agreement", "/api/agreement", kAnyone,
     kSmall},
    {RouteId::kZones, "GET", "/api/zones", "/api/zones", kAnyone, kSmall},
    {RouteId::kIncidents, "GET", "/api/incidents", "/api/incidents", kAnyone,
     kSmall},
    {RouteId::kIncident, "GET", "/api/incidents/{id}",
     "/api/incidents/((?:(?!/disputes$).)+)", kAnyone, kSmall},
    {RouteId::kDispute, "POST", "/api/incidents/{id}/disputes",
     "/api/incidents/(.+)/disputes", kParty, kSmall},
    {RouteId::kTracks, "GET", "/api/tracks", "/api/tracks", kReaders, kSmall},
    {RouteId::kTerritorySeries, "GET", "/api/territory/series",
     "/api/territory/series", kReaders, kSmall},
    {RouteId::kCoverage, "GET", "/api/coverage", "/api/coverage", kReaders,
     kSmall},
    {RouteId::kObligations, "GET", "/api/obligations", "/api/obligations",
     kReaders, kSmall},
    {RouteId::kAck, "POST", "/api/obligations/{incident_id}/acks",
     "/api/obligations/(.+)/acks", kGuarantor, kSmall},
    {RouteId::kCheckpoint, "GET", "/api/checkpoint", "/api/checkpoint", kAnyone,
     kSmall},
    {RouteId::kCosignature, "POST", "/api/checkpoint/cosignatures",
     "/api/checkpoint/cosignatures", kGuarantor, kSmall},
    {RouteId::kFeeds, "GET", "/api/feeds", "/api/feeds", kReaders, kSmall},
    {RouteId::kReports, "POST", "/api/reports", "/api/reports", kMonitor,
     8 * kMiB},
    {RouteId::kControlMaps, "POST", "/api/control-maps", "/api/control-maps",
     kMonitor, 64 * kMiB},
    {RouteId::kFinish, "POST", "/api/finish", "/api/finish", kAdmin, kSmall},
    {RouteId::kStream, "GET", "/api/stream", "/api/stream", kAnyone, kSmall},
    {RouteId::kMetrics, "GET", "/metrics", "/metrics", kReaders, kSmall},
}};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

const Route& RouteFor(RouteId id) {
  for (const Route& r : kRoutes) {
    if (r.id == id) return r;
  }
  return kRoutes[0];  // unreachable: every RouteId is in the table
}

}  // namespace truce::server
