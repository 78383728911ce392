#include "observe/report_vocabulary.h"

#include <array>

#include "base/equipment_classes.h"

namespace truce::observe {
namespace {

constexpr std::array<std::string_view, 9> kEvents = {
    "shelling",   "explosion",          "small_arms",
    "air_strike", "missile_strike",     "drone_strike",
    "mine",       "equipment_sighting", "access_denied",
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
std::span<const std::string_view> ReportClassNames() {
  return kEquipmentClasses;
}

std::string_view InternEventName(std::string_view word) {
  return Intern(kEvents, word);
}
std::string_view InternClassName(std::string_view word) {
  return Intern(kEquipmentClasses, word);
}

}  // namespace truce::observe
