#include "simulate/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "simulate/world.h"

namespace truce::simulate {
namespace internal {

TimeNs Seconds(int64_t s) { return TimeNs::FromUnixSeconds(s); }

std::string World::PartyOfFlag(std::string_view iso2) const {
  for (const auto& p : agreement.parties) {
    for (const auto& f : p.flags) {
      if (f == iso2) return p.id;
    }
  }
  return "";
}

void World::Plant(const agreement::Rule& rule, std::string violation,
                  std::string subject, std::string party, int64_t first_s,
                  int64_t last_s, geo::LatLng at, double radius_m) {
  TruthRecord t;
  t.rule = rule.id;
  t.kind = std::string(agreement::Name(rule.kind));
  t.violation = std::move(violation);
  t.subject = std::move(subject);
  t.party = std::move(party);
  t.first = Seconds(first_s);
  t.last = Seconds(last_s);
  t.position = at;
  t.radius_m = radius_m;
  truth.push_back(std::move(t));
}

}  // namespace internal

namespace {

constexpr int64_t kDay_s = 86400;

int64_t DefaultStart(const agreement::Agreement& a) {
  int64_t latest = a.effective.ns_since_epoch;
  for (const auto& r : a.rules) {
    latest = std::max(latest, r.from.ns_since_epoch);
    if (r.deadline) latest = std::max(latest, r.deadline->ns_since_epoch);
  }
  int64_t s = latest / 1'000'000'000;
  return (s / kDay_s + 1) * kDay_s;
}

}  // namespace

Result<Simulation> Simulate(const agreement::Agreement& agreement,
                            const Options& options) {
  if (!(options.hours > 0) || options.hours > 24 * 366) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("--hours {} is out of range", options.hours),
                "give a number of hours above 0 and at most a year");
  }
  if (options.vessels < 0 || options.aircraft < 0 || options.reports < 0 ||
      !(options.noise >= 0)) {
    return Fail(ErrorCode::kInvalidInput,
                "--vessels, --aircraft, --reports and --noise must not be "
                "negative");
  }
  rules::CompiledZones zones(agreement);
  Rng rng(options.seed);
  Noise noise = Noise::Scaled(options.noise);
  noise.clock_seed = options.seed;
  Feeds feeds(&rng, noise);
  internal::World w{agreement, zones, options, rng, feeds, 0, 0, {}, {}};
  w.start_s = options.start_unix_s != 0 ? options.start_unix_s
                                        : DefaultStart(agreement);
  w.end_s = w.start_s + static_cast<int64_t>(options.hours * 3600);
  for (auto part : {internal::SimulateSea, internal::SimulateAir,
                    internal::SimulateGround, internal::SimulateTerritory}) {
    if (auto r = part(w); !r) return std::unexpected(r.error());
  }
  Simulation sim;
  sim.start = internal::Seconds(w.start_s);
  sim.end = internal::Seconds(w.end_s);
  sim.feeds = feeds.Files();
  sim.feeds.merge(w.documents);
  sim.truth = std::move(w.truth);
  std::stable_sort(sim.truth.begin(), sim.truth.end(),
                   [](const TruthRecord& a, const TruthRecord& b) {
                     return a.first < b.first;
                   });
  return sim;
}

Result<void> WriteSimulation(const Simulation& sim,
                             const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "feeds", ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot create {}: {}", (dir / "feeds").string(),
                            ec.message()));
  }
  auto write = [](const std::filesystem::path& p,
                  const std::string& bytes) -> Result<void> {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      return Fail(ErrorCode::kIo, fmt::format("cannot write {}", p.string()));
    }
    return {};
  };
  for (const auto& [name, bytes] : sim.feeds) {
    if (auto r = write(dir / "feeds" / name, bytes); !r) return r;
  }
  std::string truth;
  for (const auto& t : sim.truth) truth += ToJsonLine(t) + "\n";
  return write(dir / "truth.ndjson", truth);
}

}  // namespace truce::simulate
