#include "observe/report_vocabulary.h"

#include <array>

namespace truce::observe {
namespace {

constexpr std::array<std::string_view, 9> kEvents = {
    "shelling",   "explosion",          "small_arms",
    "air_strike", "missile_strike",     "drone_strike",
    "mine",       "equipment_sighting", "access_denied",
};

// Keep equal to src/agreement/vocabulary.cc (equipment classes).
constexpr std::array<std::string_view, 16> kClasses = {
    "weapon_lt_100mm",
    "artillery_ge_100mm",
    "mlrs",
    "heavy_mlrs",
    "tactical_missile",
    "tank",
    "armoured_vehicle",
    "air_defence",
    "troops",
    "military_vessel",
    "law_enforcement_vessel",
    "civilian_vessel",
    "military_aircraft",
    "civil_aircraft",
    "uav",
    "monitor",
};

std::string_view Intern(std::span<const std::string_view> table,
                        std::string_view word) {
  for (std::string_view w : table) {
    if (w == word) return w;
  }
  return {};
}

}  // namespace

std::span<const std::string_view> ReportEventNames() { return kEvents; }
std::span<const std::string_view> ReportClassNames() { return kClasses; }

std::string_view InternEventName(std::string_view word) {
  return Intern(kEvents, word);
}
std::string_view InternClassName(std::string_view word) {
  return Intern(kClasses, word);
}

}  // namespace truce::observe
