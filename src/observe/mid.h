// MMSI to flag state (ITU Maritime Identification Digits, ITU-R M.585 and the
// ITU MID table) and AIS ship type to vessel class.
//
// An MMSI's MID sits at a place that depends on the kind of station:
// MIDxxxxxx ship, 0MIDxxxxx group of ships, 00MIDxxxx coast station,
// 111MIDxxx SAR aircraft, 98MIDxxxx craft associated with a parent ship,
// 99MIDxxxx aid to navigation, 8MIDxxxxx handheld VHF; 970/972/974 are
// AIS-SART, MOB and EPIRB-AIS devices and carry no flag.
//
// The table is truce's own (ISO 3166-1 alpha-2 codes and short English
// names). Thread safety: pure functions over static tables.
#ifndef TRUCE_OBSERVE_MID_H_
#define TRUCE_OBSERVE_MID_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace truce::observe {

struct FlagState {
  uint16_t mid = 0;
  std::string_view iso2;  // ISO 3166-1 alpha-2 ("UA", "RU", "PA")
  std::string_view name;  // short English name ("Ukraine")
};

enum class StationKind : uint8_t {
  kShip,
  kGroupOfShips,
  kCoastStation,
  kSarAircraft,
  kAuxiliaryCraft,  // 98: craft associated with a parent ship
  kAidToNavigation,
  kHandheld,
  kSart,   // 970
  kMob,    // 972
  kEpirb,  // 974
  kInvalid,
};

struct MmsiInfo {
  StationKind kind = StationKind::kInvalid;
  std::optional<FlagState> flag;  // when the MID is allocated
};

// The flag for a MID (201..775), or nullopt when unallocated.
std::optional<FlagState> FlagForMid(unsigned mid);

// Station kind and flag of a 9-digit MMSI.
MmsiInfo ClassifyMmsi(uint32_t mmsi);

// Every allocated MID, in increasing order.
std::span<const FlagState> AllMids();

// Vessel class from the AIS "type of ship and cargo" (0..99).
enum class VesselClass : uint8_t {
  kUnknown,
  kWingInGround,
  kFishing,
  kTowing,
  kDredging,
  kDiving,
  kMilitary,  // 35: military operations
  kSailing,
  kPleasureCraft,
  kHighSpeedCraft,
  kPilot,
  kSearchAndRescue,
  kTug,
  kPortTender,
  kAntiPollution,
  kLawEnforcement,  // 55
  kLocalVessel,
  kMedicalTransport,
  kNoncombatant,  // 59: ships under RR Resolution 18
  kPassenger,
  kCargo,
  kTanker,
  kOther,
};

VesselClass VesselClassForShipType(unsigned shiptype);

// Stable snake_case name: "military", "law_enforcement", "cargo", ...
std::string_view VesselClassName(VesselClass c);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_MID_H_
