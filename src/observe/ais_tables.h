// Text legends of AIS code values, worded as gpsd words them, so the JSON of
// ais_json.h matches `gpsdecode -j`. Out-of-range values get gpsd's
// "INVALID ..." texts.
//
// Thread safety: pure functions over static tables.
#ifndef TRUCE_OBSERVE_AIS_TABLES_H_
#define TRUCE_OBSERVE_AIS_TABLES_H_

#include <cstdint>
#include <string_view>

namespace truce::observe {

std::string_view NavStatusText(unsigned status);     // types 1-3, 27
std::string_view EpfdText(unsigned epfd);            // position fix device
std::string_view ShipTypeText(unsigned shiptype);    // ITU ship and cargo type
std::string_view StationTypeText(unsigned type);     // type 23
std::string_view NavaidTypeText(unsigned aid_type);  // type 21
std::string_view RaconStatusText(unsigned v);        // DAC 235 FID 10
std::string_view LightStatusText(unsigned v);        // DAC 235 FID 10
std::string_view TrendText(unsigned v);              // met/hydro trends
std::string_view PrecipTypeText(unsigned v);         // met/hydro
std::string_view IceText(unsigned v);                // met/hydro
std::string_view EriShipTypeText(unsigned code);     // Inland AIS ERI codes
std::string_view HazardText(unsigned v);             // Inland AIS
std::string_view LoadedText(unsigned v);             // Inland AIS

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_TABLES_H_
