// AIS messages (ITU-R M.1371-5, types 1-27) decoded from their payload bits.
//
// One struct per message family, with the raw integer fields of the standard
// and the units in each name (e4min = 1/10000 minute of arc, decikn = 0.1
// knot, decideg = 0.1 degree, dm = decimetre). Sentinel values are kept as
// transmitted (lon 181 degrees = not available, heading 511, ...); the helpers
// at the end convert to degrees and knots. The field layout and the length
// checks follow gpsd's driver_ais.c, so that the JSON of ais_json.h equals
// `gpsdecode -j` field by field.
//
// Binary payloads (types 6, 8, 17, 25, 26) keep their raw bits (`data`,
// `bitcount`); the application messages gpsd decodes (DAC/FID pairs) are
// decoded too, into `app`.
//
// Decoding never allocates: every string is a FixedString. Type 24 part A is
// remembered in an AisDecoder so that part B can be joined to it, as gpsd
// does; that is the only state.
//
// Thread safety: AisDecoder is not thread-safe; use one per stream.
#ifndef TRUCE_OBSERVE_AIS_H_
#define TRUCE_OBSERVE_AIS_H_

#include <array>
#include <cstdint>
#include <variant>

#include "observe/bits.h"
#include "observe/fixed_string.h"
#include "observe/reject.h"

namespace truce::observe {

// Largest binary payload: 1008 bits.
inline constexpr size_t kMaxBinaryBytes = 128;

struct BinaryData {
  uint16_t bitcount = 0;
  uint8_t bytes[kMaxBinaryBytes] = {};
  bool operator==(const BinaryData&) const = default;
};

struct Dimensions {
  uint16_t to_bow_m = 0;
  uint16_t to_stern_m = 0;
  uint8_t to_port_m = 0;
  uint8_t to_starboard_m = 0;
  bool operator==(const Dimensions&) const = default;
};

// Types 1, 2, 3: Class A position report.
struct PositionReportA {
  uint8_t status = 0;
  int8_t turn_raw = 0;        // ROT_AIS: -128 n/a, +-127 fast turn
  uint16_t speed_decikn = 0;  // 1023 n/a, 1022 >= 102.2 kn
  bool accuracy = false;
  int32_t lon_e4min = 0;        // 108600000 (181 deg) n/a
  int32_t lat_e4min = 0;        // 54600000 (91 deg) n/a
  uint16_t course_decideg = 0;  // 3600 n/a
  uint16_t heading_deg = 0;     // 511 n/a
  uint8_t second = 0;
  uint8_t maneuver = 0;
  bool raim = false;
  uint32_t radio = 0;
  bool operator==(const PositionReportA&) const = default;
};

// Types 4 and 11: base station report, UTC/date response.
struct BaseStationReport {
  uint16_t year = 0;
  uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool accuracy = false;
  int32_t lon_e4min = 0;
  int32_t lat_e4min = 0;
  uint8_t epfd = 0;
  bool raim = false;
  uint32_t radio = 0;
  bool operator==(const BaseStationReport&) const = default;
};

// Type 5: static and voyage related data.
struct StaticVoyageData {
  uint8_t ais_version = 0;
  uint32_t imo = 0;
  FixedString<7> callsign;
  FixedString<20> shipname;
  uint8_t shiptype = 0;
  Dimensions dim;
  uint8_t epfd = 0;
  uint8_t month = 0, day = 0, hour = 0, minute = 0;  // ETA
  uint8_t draught_dm = 0;
  FixedString<20> destination;
  uint8_t dte = 0;
  bool operator==(const StaticVoyageData&) const = default;
};

// Application payloads of types 6 and 8 that gpsd decodes.
struct DangerousCargo {  // type 6, DAC 1 FID 12 (IMO236)
  FixedString<5> lastport;
  uint8_t lmonth = 0, lday = 0, lhour = 0, lminute = 0;
  FixedString<5> nextport;
  uint8_t nmonth = 0, nday = 0, nhour = 0, nminute = 0;
  FixedString<20> dangerous;
  FixedString<4> imdcat;
  uint16_t unid = 0;
  uint16_t amount = 0;
  uint8_t unit = 0;
  bool operator==(const DangerousCargo&) const = default;
};

struct Tidal {
  int32_t lon = 0, lat = 0;  // gpsd scales both IMO236 and IMO289 by 1/60000
  uint8_t from_hour = 0, from_min = 0, to_hour = 0, to_min = 0;
  uint16_t cdir_deg = 0;
  uint8_t cspeed_decikn = 0;
  bool operator==(const Tidal&) const = default;
};

struct TidalWindow {  // type 6, DAC 1 FID 14 (IMO236) and FID 32 (IMO289)
  uint8_t month = 0, day = 0;
  uint8_t ntidals = 0;
  std::array<Tidal, 12> tidals{};
  bool operator==(const TidalWindow&) const = default;
};

struct ClearanceTime {  // type 6, DAC 1 FID 18 (IMO289)
  uint16_t linkage = 0;
  uint8_t month = 0, day = 0, hour = 0, minute = 0;
  FixedString<20> portname;
  FixedString<5> destination;
  int32_t lon_e3min = 0, lat_e3min = 0;
  bool operator==(const ClearanceTime&) const = default;
};

struct TextDescription {  // type 6 DAC 1 FID 30, type 8 DAC 1 FID 29
  uint16_t linkage = 0;
  FixedString<162> text;
  bool operator==(const TextDescription&) const = default;
};

struct PersonsOnBoardInland {  // type 6, DAC 200 FID 55
  uint8_t crew = 0;
  uint16_t passengers = 0;
  uint8_t personnel = 0;
  bool operator==(const PersonsOnBoardInland&) const = default;
};

struct AtonMonitoring {  // type 6, DAC 235/250 FID 10 (GLA)
  uint16_t ana_int = 0, ana_ext1 = 0, ana_ext2 = 0;  // 0.05 V
  uint8_t racon = 0, light = 0;
  bool alarm = false;
  uint8_t stat_ext = 0;
  bool off_pos = false;
  bool operator==(const AtonMonitoring&) const = default;
};

struct MetHydro11 {  // type 8, DAC 1 FID 11 (IMO236)
  int32_t lat_e3min = 0, lon_e3min = 0;
  uint8_t day = 0, hour = 0, minute = 0;
  uint8_t wspeed = 0, wgust = 0;
  uint16_t wdir = 0, wgustdir = 0;
  uint16_t airtemp = 0;  // 0.1 C, offset -60
  uint8_t humidity = 0;
  uint16_t dewpoint = 0;  // 0.1 C, offset -20
  uint16_t pressure = 0;  // hPa, offset 800
  uint8_t pressuretend = 0;
  uint8_t visibility = 0;   // 0.1 nm
  uint16_t waterlevel = 0;  // 0.1 m, offset -10
  uint8_t leveltrend = 0;
  uint8_t cspeed = 0;
  uint16_t cdir = 0;
  uint8_t cspeed2 = 0;
  uint16_t cdir2 = 0;
  uint8_t cdepth2 = 0;
  uint8_t cspeed3 = 0;
  uint16_t cdir3 = 0;
  uint8_t cdepth3 = 0;
  uint8_t waveheight = 0, waveperiod = 0;
  uint16_t wavedir = 0;
  uint8_t swellheight = 0, swellperiod = 0;
  uint16_t swelldir = 0;
  uint8_t seastate = 0;
  uint16_t watertemp = 0;  // 0.1 C, offset -10
  uint8_t preciptype = 0;
  uint16_t salinity = 0;
  uint8_t ice = 0;
  bool operator==(const MetHydro11&) const = default;
};

struct MetHydro31 {  // type 8, DAC 1 FID 31 (IMO289)
  int32_t lon_e3min = 0, lat_e3min = 0;
  bool accuracy = false;
  uint8_t day = 0, hour = 0, minute = 0;
  uint8_t wspeed = 0, wgust = 0;
  uint16_t wdir = 0, wgustdir = 0;
  int16_t airtemp = 0;  // 0.1 C
  uint8_t humidity = 0;
  int16_t dewpoint = 0;   // 0.1 C
  uint16_t pressure = 0;  // hPa, offset 799
  uint8_t pressuretend = 0;
  bool visgreater = false;
  uint8_t visibility = 0;   // 0.1 nm
  uint16_t waterlevel = 0;  // 0.01 m, offset -10
  uint8_t leveltrend = 0;
  uint8_t cspeed = 0;
  uint16_t cdir = 0;
  uint8_t cspeed2 = 0;
  uint16_t cdir2 = 0;
  uint8_t cdepth2 = 0;
  uint8_t cspeed3 = 0;
  uint16_t cdir3 = 0;
  uint8_t cdepth3 = 0;
  uint8_t waveheight = 0, waveperiod = 0;
  uint16_t wavedir = 0;
  uint8_t swellheight = 0, swellperiod = 0;
  uint16_t swelldir = 0;
  uint8_t seastate = 0;
  int16_t watertemp = 0;  // 0.1 C
  uint8_t preciptype = 0;
  uint16_t salinity = 0;
  uint8_t ice = 0;
  bool operator==(const MetHydro31&) const = default;
};

struct InlandStaticVoyage {  // type 8, DAC 200 FID 10
  FixedString<8> vin;
  uint16_t length_dm = 0, beam_dm = 0;
  uint16_t shiptype = 0;  // ERI code
  uint8_t hazard = 0;
  uint16_t draught_cm = 0;
  uint8_t loaded = 0;
  bool speed_q = false, course_q = false, heading_q = false;
  bool operator==(const InlandStaticVoyage&) const = default;
};

using BinaryApp =
    std::variant<std::monostate, DangerousCargo, TidalWindow, ClearanceTime,
                 TextDescription, PersonsOnBoardInland, AtonMonitoring,
                 MetHydro11, MetHydro31, InlandStaticVoyage>;

// Type 6: addressed binary message.
struct AddressedBinary {
  uint8_t seqno = 0;
  uint32_t dest_mmsi = 0;
  bool retransmit = false;
  uint16_t dac = 0;
  uint8_t fid = 0;
  BinaryData data;  // the bits after the FID, as gpsd dumps them
  BinaryApp app;    // monostate when gpsd does not decode this DAC/FID
  bool operator==(const AddressedBinary&) const = default;
};

// Types 7 and 13: binary / safety acknowledge.
struct Acknowledge {
  std::array<uint32_t, 4> mmsi{};
  std::array<uint8_t, 4> seqno{};
  bool operator==(const Acknowledge&) const = default;
};

// Type 8: binary broadcast message.
struct BroadcastBinary {
  uint16_t dac = 0;
  uint8_t fid = 0;
  BinaryData data;
  BinaryApp app;
  bool operator==(const BroadcastBinary&) const = default;
};

// Type 9: standard SAR aircraft position report.
struct SarAircraftPosition {
  uint16_t alt_m = 0;     // 4095 n/a, 4094 >= 4094 m
  uint16_t speed_kn = 0;  // 1023 n/a, 1022 >= 1022 kn
  bool accuracy = false;
  int32_t lon_e4min = 0, lat_e4min = 0;
  uint16_t course_decideg = 0;
  uint8_t second = 0;
  uint8_t regional = 0;
  uint8_t dte = 0;
  bool assigned = false;
  bool raim = false;
  uint32_t radio = 0;
  bool operator==(const SarAircraftPosition&) const = default;
};

// Type 10: UTC/date inquiry.
struct UtcInquiry {
  uint32_t dest_mmsi = 0;
  bool operator==(const UtcInquiry&) const = default;
};

// Type 12: addressed safety-related message.
struct AddressedSafety {
  uint8_t seqno = 0;
  uint32_t dest_mmsi = 0;
  bool retransmit = false;
  FixedString<161> text;
  bool operator==(const AddressedSafety&) const = default;
};

// Type 14: safety-related broadcast.
struct SafetyBroadcast {
  FixedString<161> text;
  bool operator==(const SafetyBroadcast&) const = default;
};

// Type 15: interrogation.
struct Interrogation {
  uint32_t mmsi1 = 0;
  uint8_t type1_1 = 0;
  uint16_t offset1_1 = 0;
  uint8_t type1_2 = 0;
  uint16_t offset1_2 = 0;
  uint32_t mmsi2 = 0;
  uint8_t type2_1 = 0;
  uint16_t offset2_1 = 0;
  bool operator==(const Interrogation&) const = default;
};

// Type 16: assigned mode command.
struct AssignedMode {
  uint32_t mmsi1 = 0;
  uint16_t offset1 = 0, increment1 = 0;
  uint32_t mmsi2 = 0;
  uint16_t offset2 = 0, increment2 = 0;
  bool operator==(const AssignedMode&) const = default;
};

// Type 17: DGNSS broadcast binary message.
struct DgnssBroadcast {
  int32_t lon_e1min = 0, lat_e1min = 0;  // 1/10 minute
  BinaryData data;
  bool operator==(const DgnssBroadcast&) const = default;
};

// Type 18: standard Class B position report.
struct PositionReportB {
  uint8_t reserved = 0;
  uint16_t speed_decikn = 0;
  bool accuracy = false;
  int32_t lon_e4min = 0, lat_e4min = 0;
  uint16_t course_decideg = 0;
  uint16_t heading_deg = 0;
  uint8_t second = 0;
  uint8_t regional = 0;
  bool cs = false, display = false, dsc = false, band = false, msg22 = false;
  bool assigned = false;
  bool raim = false;
  uint32_t radio = 0;
  bool operator==(const PositionReportB&) const = default;
};

// Type 19: extended Class B position report.
struct PositionReportBExtended {
  uint8_t reserved = 0;
  uint16_t speed_decikn = 0;
  bool accuracy = false;
  int32_t lon_e4min = 0, lat_e4min = 0;
  uint16_t course_decideg = 0;
  uint16_t heading_deg = 0;
  uint8_t second = 0;
  uint8_t regional = 0;
  FixedString<20> shipname;
  uint8_t shiptype = 0;
  Dimensions dim;
  uint8_t epfd = 0;
  bool raim = false;
  bool dte = false;
  bool assigned = false;
  bool operator==(const PositionReportBExtended&) const = default;
};

// Type 20: data link management.
struct DataLinkManagement {
  std::array<uint16_t, 4> offset{};
  std::array<uint8_t, 4> number{};
  std::array<uint8_t, 4> timeout{};
  std::array<uint16_t, 4> increment{};
  bool operator==(const DataLinkManagement&) const = default;
};

// Type 21: aid-to-navigation report.
struct AidToNavigation {
  uint8_t aid_type = 0;
  FixedString<34> name;  // 20 characters plus up to 14 of extension
  bool accuracy = false;
  int32_t lon_e4min = 0, lat_e4min = 0;
  Dimensions dim;
  uint8_t epfd = 0;
  uint8_t second = 0;
  bool off_position = false;
  uint8_t regional = 0;
  bool raim = false;
  bool virtual_aid = false;
  bool assigned = false;
  bool operator==(const AidToNavigation&) const = default;
};

// Type 22: channel management.
struct ChannelManagement {
  uint16_t channel_a = 0, channel_b = 0;
  uint8_t txrx = 0;
  bool power = false;
  bool addressed = false;
  int32_t ne_lon_e1min = 0, ne_lat_e1min = 0;  // when !addressed
  int32_t sw_lon_e1min = 0, sw_lat_e1min = 0;
  uint32_t dest1 = 0, dest2 = 0;  // when addressed
  bool band_a = false, band_b = false;
  uint8_t zonesize = 0;
  bool operator==(const ChannelManagement&) const = default;
};

// Type 23: group assignment command.
struct GroupAssignment {
  int32_t ne_lon_e1min = 0, ne_lat_e1min = 0;
  int32_t sw_lon_e1min = 0, sw_lat_e1min = 0;
  uint8_t stationtype = 0;
  uint8_t shiptype = 0;
  uint8_t txrx = 0;
  uint8_t interval = 0;
  uint8_t quiet = 0;
  bool operator==(const GroupAssignment&) const = default;
};

// Type 24: Class B static data report (part A, part B, or both joined).
struct StaticDataB {
  enum class Part : uint8_t { kA, kB, kBoth };
  Part part = Part::kA;
  FixedString<20> shipname;  // part A (or joined from an earlier part A)
  uint8_t shiptype = 0;
  FixedString<7> vendorid;
  uint8_t model = 0;
  uint32_t serial = 0;
  FixedString<7> callsign;
  bool auxiliary = false;  // MMSI 98xxxxxxx: mothership_mmsi, no dimensions
  Dimensions dim;
  uint32_t mothership_mmsi = 0;
  bool operator==(const StaticDataB&) const = default;
};

// Types 25 and 26: single- and multiple-slot binary messages.
struct SlotBinary {
  bool addressed = false;
  bool structured = false;
  uint32_t dest_mmsi = 0;
  uint16_t app_id = 0;
  BinaryData data;
  uint32_t radio = 0;  // type 26 only
  bool operator==(const SlotBinary&) const = default;
};

// Type 27: long-range AIS broadcast.
struct LongRangeBroadcast {
  bool accuracy = false;
  bool raim = false;
  uint8_t status = 0;
  int32_t lon_e1min = 0, lat_e1min = 0;  // 1/10 minute
  uint8_t speed_kn = 0;                  // 63 n/a
  uint16_t course_deg = 0;               // 511 n/a
  bool gnss = false;                     // false: current GNSS position
  bool operator==(const LongRangeBroadcast&) const = default;
};

using AisBody =
    std::variant<PositionReportA, BaseStationReport, StaticVoyageData,
                 AddressedBinary, Acknowledge, BroadcastBinary,
                 SarAircraftPosition, UtcInquiry, AddressedSafety,
                 SafetyBroadcast, Interrogation, AssignedMode, DgnssBroadcast,
                 PositionReportB, PositionReportBExtended, DataLinkManagement,
                 AidToNavigation, ChannelManagement, GroupAssignment,
                 StaticDataB, SlotBinary, LongRangeBroadcast>;

struct AisMessage {
  uint8_t type = 0;
  uint8_t repeat = 0;
  uint32_t mmsi = 0;
  AisBody body;
  bool operator==(const AisMessage&) const = default;
};

// Decodes messages; remembers type 24 part A names to join with part B.
class AisDecoder {
 public:
  // Decodes one message. A type 24 part A decodes (part kA) and is also
  // remembered; a part B whose part A was seen comes back as kBoth.
  ParseResult<AisMessage> Decode(const PayloadBits& bits);

  // Like Decode but writes into *out (no copy of the large variant).
  ParseResult<void> DecodeInto(const PayloadBits& bits, AisMessage* out);

 private:
  struct Pending24A {
    uint32_t mmsi = 0;
    FixedString<20> shipname;
  };
  static constexpr int kQueue = 8;  // as gpsd's MAX_TYPE24_INTERLEAVE
  std::array<Pending24A, kQueue> queue_{};
  int next_ = 0;
};

// Conversions of raw fields to degrees; nullopt-like NaN when the sentinel
// says "not available".
double LonDegFromE4Min(int32_t v);  // NaN for 181 degrees
double LatDegFromE4Min(int32_t v);  // NaN for 91 degrees

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_H_
