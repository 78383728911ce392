#include "observe/ais_json.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <utility>

#include "observe/ais_tables.h"
#include "observe/decimal.h"

namespace truce::observe {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Appends `"key":value` pairs, with the comma before every pair.
class Writer {
 public:
  Writer(std::string* out, bool scaled) : out_(*out), scaled_(scaled) {}

  bool scaled() const { return scaled_; }

  // One append per key: `,"key":` built on the stack (keys are short
  // literals; a longer one takes the slow way).
  void Key(std::string_view key) {
    char buf[64];
    if (key.size() + 4 > sizeof buf) {
      out_.append(",\"").append(key).append("\":");
      return;
    }
    buf[0] = ',';
    buf[1] = '"';
    std::memcpy(buf + 2, key.data(), key.size());
    buf[key.size() + 2] = '"';
    buf[key.size() + 3] = ':';
    out_.append(buf, key.size() + 4);
  }
  void Uint(std::string_view key, uint64_t v) {
    Key(key);
    RawUint(v);
  }
  void Int(std::string_view key, int64_t v) {
    Key(key);
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out_.append(buf, r.ptr);
  }
  void Bool(std::string_view key, bool v) {
    Key(key);
    out_.append(v ? "true" : "false");
  }
  void Str(std::string_view key, std::string_view v) {
    Key(key);
    out_.push_back('"');
    AppendJsonEscaped(v, &out_);
    out_.push_back('"');
  }
  // Literal JSON text (already formatted, e.g. "\"nan\"").
  void Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_.append(json);
  }
  void Fixed(std::string_view key, double v, int decimals) {
    Key(key);
    RawFixed(v, decimals);
  }
  // A quoted fixed-point number, as gpsd writes type 22/23 corners.
  void QuotedFixed(std::string_view key, double v, int decimals) {
    Key(key);
    out_.push_back('"');
    RawFixed(v, decimals);
    out_.push_back('"');
  }
  void RawUint(uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out_.append(buf, r.ptr);
  }
  void RawFixed(double v, int decimals) {
    AppendFixed(v, decimals, &out_);  // printf's %.*f, as gpsd
  }
  // "MM-DDTHH:MMZ"
  void Eta(std::string_view key, unsigned mo, unsigned d, unsigned h,
           unsigned mi) {
    Key(key);
    fmt::format_to(std::back_inserter(out_), "\"{:02}-{:02}T{:02}:{:02}Z\"", mo,
                   d, h, mi);
  }
  // "bitcount:hex"
  void Data(const BinaryData& d) {
    Key("data");
    out_.push_back('"');
    RawUint(d.bitcount);
    out_.push_back(':');
    const size_t n = (d.bitcount + 7u) / 8u;
    for (size_t i = 0; i < n && i < kMaxBinaryBytes; ++i) {
      out_.push_back(kHex[d.bytes[i] >> 4]);
      out_.push_back(kHex[d.bytes[i] & 15]);
    }
    out_.push_back('"');
  }
  void Append(std::string_view s) { out_.append(s); }
  template <typename... A>
  void Fmt(fmt::format_string<A...> f, A&&... a) {
    fmt::format_to(std::back_inserter(out_), f, std::forward<A>(a)...);
  }

 private:
  std::string& out_;
  bool scaled_;
};

// Latitude/longitude of 1/10000 minute: degrees with 7 decimals, or raw.
void LonLatE4(Writer& w, std::string_view lon_key, int32_t lon,
              std::string_view lat_key, int32_t lat) {
  if (w.scaled()) {
    w.Fixed(lon_key, lon / 600000.0, 7);
    w.Fixed(lat_key, lat / 600000.0, 7);
  } else {
    w.Int(lon_key, lon);
    w.Int(lat_key, lat);
  }
}

void Dims(Writer& w, const Dimensions& d) {
  w.Uint("to_bow", d.to_bow_m);
  w.Uint("to_stern", d.to_stern_m);
  w.Uint("to_port", d.to_port_m);
  w.Uint("to_starboard", d.to_starboard_m);
}

void Epfd(Writer& w, unsigned epfd) {
  w.Uint("epfd", epfd);
  w.Str("epfd_text", EpfdText(epfd));
}

void ShipType(Writer& w, unsigned t) {
  w.Uint("shiptype", t);
  w.Str("shiptype_text", ShipTypeText(t));
}

void Speed01(Writer& w, uint16_t v) {
  if (w.scaled()) {
    w.Fixed("speed", v / 10.0, 1);
  } else {
    w.Uint("speed", v);
  }
}

void Course01(Writer& w, uint16_t v) {
  if (w.scaled()) {
    w.Fixed("course", v / 10.0, 1);
  } else {
    w.Uint("course", v);
  }
}

void Write(Writer& w, const PositionReportA& p) {
  w.Uint("status", p.status);
  w.Str("status_text", NavStatusText(p.status));
  if (w.scaled()) {
    if (p.turn_raw == -128) {
      w.Raw("turn", "\"n/a\"");
    } else if (p.turn_raw == -127) {
      w.Raw("turn", "\"fastleft\"");
    } else if (p.turn_raw == 127) {
      w.Raw("turn", "\"fastright\"");
    } else {
      const double rot = p.turn_raw / 4.733;
      w.QuotedFixed("turn", p.turn_raw < 0 ? -rot * rot : rot * rot, 2);
    }
    if (p.speed_decikn == 1023) {
      w.Raw("speed", "\"nan\"");
    } else if (p.speed_decikn == 1022) {
      w.Raw("speed", "\"fast\"");
    } else {
      w.Fixed("speed", p.speed_decikn / 10.0, 1);
    }
  } else {
    w.Int("turn", p.turn_raw);
    w.Uint("speed", p.speed_decikn);
  }
  w.Bool("accuracy", p.accuracy);
  LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  Course01(w, p.course_decideg);
  w.Uint("heading", p.heading_deg);
  w.Uint("second", p.second);
  w.Uint("maneuver", p.maneuver);
  w.Bool("raim", p.raim);
  w.Uint("radio", p.radio);
}

void Write(Writer& w, const BaseStationReport& p) {
  w.Key("timestamp");
  w.Fmt("\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z\"", p.year, p.month, p.day,
        p.hour, p.minute, p.second);
  w.Bool("accuracy", p.accuracy);
  LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  Epfd(w, p.epfd);
  w.Bool("raim", p.raim);
  w.Uint("radio", p.radio);
}

void Write(Writer& w, const StaticVoyageData& p) {
  w.Uint("imo", p.imo);
  w.Uint("ais_version", p.ais_version);
  w.Str("callsign", p.callsign.view());
  w.Str("shipname", p.shipname.view());
  ShipType(w, p.shiptype);
  Dims(w, p.dim);
  Epfd(w, p.epfd);
  w.Eta("eta", p.month, p.day, p.hour, p.minute);
  if (w.scaled()) {
    w.Fixed("draught", p.draught_dm / 10.0, 1);
  } else {
    w.Uint("draught", p.draught_dm);
  }
  w.Str("destination", p.destination.view());
  w.Uint("dte", p.dte);
}

// Degrees of 1/1000 minute, as gpsd prints the IMO236/289 positions.
void LonLatE3(Writer& w, std::string_view lon_key, int32_t lon,
              std::string_view lat_key, int32_t lat) {
  if (w.scaled()) {
    w.Fixed(lon_key, lon / 60000.0, 6);
    w.Fixed(lat_key, lat / 60000.0, 6);
  } else {
    w.Int(lon_key, lon);
    w.Int(lat_key, lat);
  }
}

// Scaled as value * scale + offset with `decimals`, or the raw integer.
void Measure(Writer& w, std::string_view key, int64_t raw, double scale,
             double offset, int decimals) {
  if (w.scaled()) {
    w.Fixed(key, static_cast<double>(raw) * scale + offset, decimals);
  } else {
    w.Int(key, raw);
  }
}

void WriteApp(Writer& w, const DangerousCargo& p) {
  w.Str("lastport", p.lastport.view());
  w.Eta("departure", p.lmonth, p.lday, p.lhour, p.lminute);
  w.Str("nextport", p.nextport.view());
  w.Eta("eta", p.nmonth, p.nday, p.nhour, p.nminute);
  w.Str("dangerous", p.dangerous.view());
  w.Str("imdcat", p.imdcat.view());
  w.Uint("unid", p.unid);
  w.Uint("amount", p.amount);
  w.Uint("unit", p.unit);
}

void WriteApp(Writer& w, const TidalWindow& p) {
  w.Uint("month", p.month);
  w.Uint("day", p.day);
  w.Key("tidals");
  w.Append("[");
  for (unsigned i = 0; i < p.ntidals; ++i) {
    const Tidal& t = p.tidals[i];
    w.Append(i == 0 ? "{" : ",{");
    if (w.scaled()) {
      w.Fmt("\"lon\":{:.6f},\"lat\":{:.6f}", t.lon / 60000.0, t.lat / 60000.0);
    } else {
      w.Fmt("\"lon\":{},\"lat\":{}", t.lon, t.lat);
    }
    w.Uint("from_hour", t.from_hour);
    w.Uint("from_min", t.from_min);
    w.Uint("to_hour", t.to_hour);
    w.Uint("to_min", t.to_min);
    w.Uint("cdir", t.cdir_deg);
    Measure(w, "cspeed", t.cspeed_decikn, 0.1, 0, 1);
    w.Append("}");
  }
  w.Append("]");
}

void WriteApp(Writer& w, const ClearanceTime& p) {
  w.Uint("linkage", p.linkage);
  w.Eta("arrival", p.month, p.day, p.hour, p.minute);
  w.Str("portname", p.portname.view());
  w.Str("destination", p.destination.view());
  LonLatE3(w, "lon", p.lon_e3min, "lat", p.lat_e3min);
}

void WriteApp(Writer& w, const TextDescription& p) {
  w.Uint("linkage", p.linkage);
  w.Str("text", p.text.view());
}

void WriteApp(Writer& w, const PersonsOnBoardInland& p) {
  w.Uint("crew", p.crew);
  w.Uint("passengers", p.passengers);
  w.Uint("personnel", p.personnel);
}

void WriteApp(Writer& w, const AtonMonitoring& p) {
  w.Bool("off_pos", p.off_pos);
  w.Bool("alarm", p.alarm);
  w.Uint("stat_ext", p.stat_ext);
  auto volts = [&](std::string_view key, uint16_t v) {
    if (w.scaled() && v != 0) {
      w.Fixed(key, v * 0.05, 2);
    } else {
      w.Uint(key, v);
    }
  };
  volts("ana_int", p.ana_int);
  volts("ana_ext1", p.ana_ext1);
  volts("ana_ext2", p.ana_ext2);
  w.Uint("racon", p.racon);
  w.Str("racon_text", RaconStatusText(p.racon));
  w.Uint("light", p.light);
  w.Str("light_text", LightStatusText(p.light));
}

// A code that is written as its legend when scaled, as the number otherwise.
void Legend(Writer& w, std::string_view key, unsigned v,
            std::string_view text) {
  if (w.scaled()) {
    w.Str(key, text);
  } else {
    w.Uint(key, v);
  }
}

void WriteApp(Writer& w, const MetHydro11& p) {
  LonLatE3(w, "lat", p.lat_e3min, "lon", p.lon_e3min);
  w.Key("timestamp");
  w.Fmt("\"{:02}T{:02}:{:02}Z\"", p.day, p.hour, p.minute);
  w.Uint("wspeed", p.wspeed);
  w.Uint("wgust", p.wgust);
  w.Uint("wdir", p.wdir);
  w.Uint("wgustdir", p.wgustdir);
  w.Uint("humidity", p.humidity);
  Measure(w, "airtemp", p.airtemp, 0.1, -60, 1);
  Measure(w, "dewpoint", p.dewpoint, 0.1, -20, 1);
  Measure(w, "pressure", p.pressure, 1, 800, 0);
  Legend(w, "pressuretend", p.pressuretend, TrendText(p.pressuretend));
  Measure(w, "visibility", p.visibility, 0.1, 0, 1);
  Measure(w, "waterlevel", p.waterlevel, 0.1, -10, 1);
  Legend(w, "leveltrend", p.leveltrend, TrendText(p.leveltrend));
  Measure(w, "cspeed", p.cspeed, 0.1, 0, 1);
  w.Uint("cdir", p.cdir);
  Measure(w, "cspeed2", p.cspeed2, 0.1, 0, 1);
  w.Uint("cdir2", p.cdir2);
  w.Uint("cdepth2", p.cdepth2);
  Measure(w, "cspeed3", p.cspeed3, 0.1, 0, 1);
  w.Uint("cdir3", p.cdir3);
  w.Uint("cdepth3", p.cdepth3);
  Measure(w, "waveheight", p.waveheight, 0.1, 0, 1);
  w.Uint("waveperiod", p.waveperiod);
  w.Uint("wavedir", p.wavedir);
  Measure(w, "swellheight", p.swellheight, 0.1, 0, 1);
  w.Uint("swellperiod", p.swellperiod);
  w.Uint("swelldir", p.swelldir);
  w.Uint("seastate", p.seastate);
  Measure(w, "watertemp", p.watertemp, 0.1, -10, 1);
  w.Uint("preciptype", p.preciptype);
  w.Str("preciptype_text", PrecipTypeText(p.preciptype));
  Measure(w, "salinity", p.salinity, 0.1, 0, 1);
  w.Uint("ice", p.ice);
  w.Str("ice_text", IceText(p.ice));
}

void WriteApp(Writer& w, const MetHydro31& p) {
  LonLatE3(w, "lat", p.lat_e3min, "lon", p.lon_e3min);
  w.Bool("accuracy", p.accuracy);
  w.Key("timestamp");
  w.Fmt("\"{:02}T{:02}:{:02}Z\"", p.day, p.hour, p.minute);
  w.Uint("wspeed", p.wspeed);
  w.Uint("wgust", p.wgust);
  w.Uint("wdir", p.wdir);
  w.Uint("wgustdir", p.wgustdir);
  w.Uint("humidity", p.humidity);
  Measure(w, "airtemp", p.airtemp, 0.1, 0, 1);
  Measure(w, "dewpoint", p.dewpoint, 0.1, 0, 1);
  Measure(w, "pressure", p.pressure, 1, 799, 0);
  Legend(w, "pressuretend", p.pressuretend, TrendText(p.pressuretend));
  w.Bool("visgreater", p.visgreater);
  Measure(w, "visibility", p.visibility, 0.1, 0, 1);
  Measure(w, "waterlevel", p.waterlevel, 0.01, -10, 1);
  Legend(w, "leveltrend", p.leveltrend, TrendText(p.leveltrend));
  Measure(w, "cspeed", p.cspeed, 0.1, 0, 1);
  w.Uint("cdir", p.cdir);
  Measure(w, "cspeed2", p.cspeed2, 0.1, 0, 1);
  w.Uint("cdir2", p.cdir2);
  w.Uint("cdepth2", p.cdepth2);
  Measure(w, "cspeed3", p.cspeed3, 0.1, 0, 1);
  w.Uint("cdir3", p.cdir3);
  w.Uint("cdepth3", p.cdepth3);
  Measure(w, "waveheight", p.waveheight, 0.1, 0, 1);
  w.Uint("waveperiod", p.waveperiod);
  w.Uint("wavedir", p.wavedir);
  Measure(w, "swellheight", p.swellheight, 0.1, 0, 1);
  w.Uint("swellperiod", p.swellperiod);
  w.Uint("swelldir", p.swelldir);
  w.Uint("seastate", p.seastate);
  Measure(w, "watertemp", p.watertemp, 0.1, 0, 1);
  Legend(w, "preciptype", p.preciptype, PrecipTypeText(p.preciptype));
  Measure(w, "salinity", p.salinity, 0.1, 0, 1);
  Legend(w, "ice", p.ice, IceText(p.ice));
}

void WriteApp(Writer& w, const InlandStaticVoyage& p) {
  w.Str("vin", p.vin.view());
  w.Uint("length", p.length_dm);
  w.Uint("beam", p.beam_dm);
  w.Uint("shiptype", p.shiptype);
  w.Str("shiptype_text", EriShipTypeText(p.shiptype));
  w.Uint("hazard", p.hazard);
  w.Str("hazard_text", HazardText(p.hazard));
  w.Uint("draught", p.draught_cm);
  w.Uint("loaded", p.loaded);
  w.Str("loaded_text", LoadedText(p.loaded));
  w.Bool("speed_q", p.speed_q);
  w.Bool("course_q", p.course_q);
  w.Bool("heading_q", p.heading_q);
}

void WriteApp(Writer& w, const BinaryApp& app, const BinaryData& data) {
  std::visit(
      [&](const auto& a) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>,
                                     std::monostate>) {
          w.Data(data);
        } else {
          WriteApp(w, a);
        }
      },
      app);
}

void Write(Writer& w, const AddressedBinary& p) {
  w.Uint("seqno", p.seqno);
  w.Uint("dest_mmsi", p.dest_mmsi);
  w.Bool("retransmit", p.retransmit);
  w.Uint("dac", p.dac);
  w.Uint("fid", p.fid);
  WriteApp(w, p.app, p.data);
}

void Write(Writer& w, const Acknowledge& p) {
  w.Uint("mmsi1", p.mmsi[0]);
  w.Uint("mmsi2", p.mmsi[1]);
  w.Uint("mmsi3", p.mmsi[2]);
  w.Uint("mmsi4", p.mmsi[3]);
}

void Write(Writer& w, const BroadcastBinary& p) {
  w.Uint("dac", p.dac);
  w.Uint("fid", p.fid);
  WriteApp(w, p.app, p.data);
}

void Write(Writer& w, const SarAircraftPosition& p) {
  w.Uint("alt", p.alt_m);
  w.Uint("speed", p.speed_kn);
  w.Bool("accuracy", p.accuracy);
  LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  Course01(w, p.course_decideg);
  w.Uint("second", p.second);
  w.Uint("regional", p.regional);
  w.Uint("dte", p.dte);
  w.Bool("raim", p.raim);
  w.Uint("radio", p.radio);
}

void Write(Writer& w, const UtcInquiry& p) { w.Uint("dest_mmsi", p.dest_mmsi); }

void Write(Writer& w, const AddressedSafety& p) {
  w.Uint("seqno", p.seqno);
  w.Uint("dest_mmsi", p.dest_mmsi);
  w.Bool("retransmit", p.retransmit);
  w.Str("text", p.text.view());
}

void Write(Writer& w, const SafetyBroadcast& p) {
  w.Str("text", p.text.view());
}

void Write(Writer& w, const Interrogation& p) {
  w.Uint("mmsi1", p.mmsi1);
  w.Uint("type1_1", p.type1_1);
  w.Uint("offset1_1", p.offset1_1);
  w.Uint("type1_2", p.type1_2);
  w.Uint("offset1_2", p.offset1_2);
  w.Uint("mmsi2", p.mmsi2);
  w.Uint("type2_1", p.type2_1);
  w.Uint("offset2_1", p.offset2_1);
}

void Write(Writer& w, const AssignedMode& p) {
  w.Uint("mmsi1", p.mmsi1);
  w.Uint("offset1", p.offset1);
  w.Uint("increment1", p.increment1);
  w.Uint("mmsi2", p.mmsi2);
  w.Uint("offset2", p.offset2);
  w.Uint("increment2", p.increment2);
}

// 1/10 minute positions.
void LonLatE1(Writer& w, std::string_view lon_key, int32_t lon,
              std::string_view lat_key, int32_t lat, int decimals) {
  if (w.scaled()) {
    w.Fixed(lon_key, lon / 600.0, decimals);
    w.Fixed(lat_key, lat / 600.0, decimals);
  } else {
    w.Int(lon_key, lon);
    w.Int(lat_key, lat);
  }
}

void Corners(Writer& w, int32_t ne_lon, int32_t ne_lat, int32_t sw_lon,
             int32_t sw_lat) {
  if (w.scaled()) {
    w.QuotedFixed("ne_lon", ne_lon / 600.0, 6);
    w.QuotedFixed("ne_lat", ne_lat / 600.0, 6);
    w.QuotedFixed("sw_lon", sw_lon / 600.0, 6);
    w.QuotedFixed("sw_lat", sw_lat / 600.0, 6);
  } else {
    w.Int("ne_lon", ne_lon);
    w.Int("ne_lat", ne_lat);
    w.Int("sw_lon", sw_lon);
    w.Int("sw_lat", sw_lat);
  }
}

void Write(Writer& w, const DgnssBroadcast& p) {
  LonLatE1(w, "lon", p.lon_e1min, "lat", p.lat_e1min, 1);
  w.Data(p.data);
}

void Write(Writer& w, const PositionReportB& p) {
  w.Uint("reserved", p.reserved);
  Speed01(w, p.speed_decikn);
  w.Bool("accuracy", p.accuracy);
  LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  Course01(w, p.course_decideg);
  w.Uint("heading", p.heading_deg);
  w.Uint("second", p.second);
  w.Uint("regional", p.regional);
  w.Bool("cs", p.cs);
  w.Bool("display", p.display);
  w.Bool("dsc", p.dsc);
  w.Bool("band", p.band);
  w.Bool("msg22", p.msg22);
  w.Bool("raim", p.raim);
  w.Uint("radio", p.radio);
}

void Write(Writer& w, const PositionReportBExtended& p) {
  w.Uint("reserved", p.reserved);
  Speed01(w, p.speed_decikn);
  w.Bool("accuracy", p.accuracy);
  LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  Course01(w, p.course_decideg);
  w.Uint("heading", p.heading_deg);
  w.Uint("second", p.second);
  w.Uint("regional", p.regional);
  w.Str("shipname", p.shipname.view());
  ShipType(w, p.shiptype);
  Dims(w, p.dim);
  Epfd(w, p.epfd);
  w.Bool("raim", p.raim);
  w.Uint("dte", p.dte ? 1 : 0);
  w.Bool("assigned", p.assigned);
}

void Write(Writer& w, const DataLinkManagement& p) {
  static constexpr std::string_view kKeys[4][4] = {
      {"offset1", "number1", "timeout1", "increment1"},
      {"offset2", "number2", "timeout2", "increment2"},
      {"offset3", "number3", "timeout3", "increment3"},
      {"offset4", "number4", "timeout4", "increment4"}};
  for (int i = 0; i < 4; ++i) {
    w.Uint(kKeys[i][0], p.offset[i]);
    w.Uint(kKeys[i][1], p.number[i]);
    w.Uint(kKeys[i][2], p.timeout[i]);
    w.Uint(kKeys[i][3], p.increment[i]);
  }
}

void Write(Writer& w, const AidToNavigation& p) {
  w.Uint("aid_type", p.aid_type);
  w.Str("aid_type_text", NavaidTypeText(p.aid_type));
  w.Str("name", p.name.view());
  if (w.scaled()) {
    LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
    w.Bool("accuracy", p.accuracy);
  } else {
    w.Bool("accuracy", p.accuracy);
    LonLatE4(w, "lon", p.lon_e4min, "lat", p.lat_e4min);
  }
  Dims(w, p.dim);
  Epfd(w, p.epfd);
  w.Uint("second", p.second);
  w.Uint("regional", p.regional);
  w.Bool("off_position", p.off_position);
  w.Bool("raim", p.raim);
  w.Bool("virtual_aid", p.virtual_aid);
}

void Write(Writer& w, const ChannelManagement& p) {
  w.Uint("channel_a", p.channel_a);
  w.Uint("channel_b", p.channel_b);
  w.Uint("txrx", p.txrx);
  w.Bool("power", p.power);
  if (p.addressed) {
    w.Uint("dest1", p.dest1);
    w.Uint("dest2", p.dest2);
  } else {
    Corners(w, p.ne_lon_e1min, p.ne_lat_e1min, p.sw_lon_e1min, p.sw_lat_e1min);
  }
  w.Bool("addressed", p.addressed);
  w.Bool("band_a", p.band_a);
  w.Bool("band_b", p.band_b);
  w.Uint("zonesize", p.zonesize);
}

void Write(Writer& w, const GroupAssignment& p) {
  Corners(w, p.ne_lon_e1min, p.ne_lat_e1min, p.sw_lon_e1min, p.sw_lat_e1min);
  w.Uint("stationtype", p.stationtype);
  w.Str("stationtype_text", StationTypeText(p.stationtype));
  ShipType(w, p.shiptype);
  w.Uint("interval", p.interval);
  w.Uint("quiet", p.quiet);
}

void Write(Writer& w, const StaticDataB& p) {
  w.Str("shipname", p.shipname.view());
  ShipType(w, p.shiptype);
  w.Str("vendorid", p.vendorid.view());
  w.Uint("model", p.model);
  w.Uint("serial", p.serial);
  w.Str("callsign", p.callsign.view());
  if (p.auxiliary) {
    w.Uint("mothership_mmsi", p.mothership_mmsi);
  } else {
    Dims(w, p.dim);
  }
}

void WriteSlot(Writer& w, const SlotBinary& p, bool with_radio) {
  w.Bool("addressed", p.addressed);
  w.Bool("structured", p.structured);
  w.Uint("dest_mmsi", p.dest_mmsi);
  w.Uint("app_id", p.app_id);
  w.Data(p.data);
  // gpsd never decodes the type 26 radio status and prints its zeroed field;
  // we print the same so output compares equal. The decoded value is in
  // SlotBinary::radio (docs/formats/ais-ndjson.md, "gpsd quirks").
  if (with_radio) w.Uint("radio", 0);
}

void Write(Writer& w, const LongRangeBroadcast& p) {
  w.Uint("status", p.status);
  if (w.scaled()) w.Str("status_text", NavStatusText(p.status));
  w.Bool("accuracy", p.accuracy);
  LonLatE1(w, "lon", p.lon_e1min, "lat", p.lat_e1min, 4);
  w.Uint("speed", p.speed_kn);
  w.Uint("course", p.course_deg);
  w.Bool("raim", p.raim);
  w.Bool("gnss", p.gnss);
}

}  // namespace

void AppendJsonEscaped(std::string_view s, std::string* out) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < 0x20 || c == 0x7f) {
      out->push_back('\\');
      switch (c) {
        case '\b':
          out->push_back('b');
          break;
        case '\f':
          out->push_back('f');
          break;
        case '\n':
          out->push_back('n');
          break;
        case '\r':
          out->push_back('r');
          break;
        case '\t':
          out->push_back('t');
          break;
        default:
          out->append("u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
      }
    } else {
      if (c == '"' || c == '\\') out->push_back('\\');
      out->push_back(ch);
    }
  }
}

bool AppendAisJson(const AisMessage& m, const AisJsonOptions& options,
                   std::string* out) {
  if (const auto* b24 = std::get_if<StaticDataB>(&m.body);
      b24 != nullptr && b24->part != StaticDataB::Part::kBoth) {
    return false;
  }
  Writer w(out, options.scaled);
  out->append("{\"class\":\"AIS\"");
  if (!options.device.empty()) w.Str("device", options.device);
  w.Uint("type", m.type);
  w.Uint("repeat", m.repeat);
  w.Uint("mmsi", m.mmsi);
  w.Bool("scaled", options.scaled);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, SlotBinary>) {
          WriteSlot(w, body, m.type == 26);
        } else {
          Write(w, body);
        }
      },
      m.body);
  out->push_back('}');
  return true;
}

}  // namespace truce::observe
