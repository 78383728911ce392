// The equipment and platform classes truce knows, one list for the agreement
// format (rules' `classes`) and for field reports (the `class` column):
// Minsk II's classes (Package of Measures, art. 2) plus the platforms the
// sensors see. docs/formats/agreement.md and docs/formats/reports.md list
// them for users.
//
// Thread safety: constant data.
#ifndef TRUCE_BASE_EQUIPMENT_CLASSES_H_
#define TRUCE_BASE_EQUIPMENT_CLASSES_H_

#include <array>
#include <string_view>

namespace truce {

inline constexpr std::array<std::string_view, 16> kEquipmentClasses = {
    "weapon_lt_100mm",     // weapons of calibre under 100 mm
    "artillery_ge_100mm",  // artillery systems of calibre 100 mm and more
    "mlrs",                // multiple launch rocket systems
    "heavy_mlrs",          // Smerch, Uragan, Tornado-class MLRS
    "tactical_missile",    // Tochka-class tactical missile systems
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

}  // namespace truce

#endif  // TRUCE_BASE_EQUIPMENT_CLASSES_H_
