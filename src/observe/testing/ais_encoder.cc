#include "observe/testing/ais_encoder.h"

#include <fmt/format.h>

#include <type_traits>

#include "observe/bits.h"
#include "observe/nmea.h"
#include "observe/sixbit_text.h"

namespace truce::observe::testing {

void BitWriter::U(unsigned width, uint64_t value) {
  for (unsigned i = width; i-- > 0;) bits_.push_back((value >> i) & 1u);
}

void BitWriter::S(unsigned width, int64_t value) {
  U(width, static_cast<uint64_t>(value) & ((uint64_t{1} << width) - 1));
}

void BitWriter::Text(unsigned chars, std::string_view text) {
  for (unsigned i = 0; i < chars; ++i) {
    unsigned v = 0;  // '@'
    if (i < text.size()) {
      v = 63;  // '?'
      for (unsigned k = 0; k < 64; ++k) {
        if (kSixBitAscii[k] == text[i]) {
          v = k;
          break;
        }
      }
    }
    U(6, v);
  }
}

namespace {

void Dims(BitWriter& w, const Dimensions& d) {
  w.U(9, d.to_bow_m);
  w.U(9, d.to_stern_m);
  w.U(6, d.to_port_m);
  w.U(6, d.to_starboard_m);
}

}  // namespace

BitWriter EncodeAis(const AisMessage& m) {
  BitWriter w;
  w.U(6, m.type);
  w.U(2, m.repeat);
  w.U(30, m.mmsi);
  bool supported = true;
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PositionReportA>) {
          w.U(4, b.status);
          w.S(8, b.turn_raw);
          w.U(10, b.speed_decikn);
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          w.U(12, b.course_decideg);
          w.U(9, b.heading_deg);
          w.U(6, b.second);
          w.U(2, b.maneuver);
          w.U(3, 0);
          w.U(1, b.raim);
          w.U(19, b.radio);
        } else if constexpr (std::is_same_v<T, BaseStationReport>) {
          w.U(14, b.year);
          w.U(4, b.month);
          w.U(5, b.day);
          w.U(5, b.hour);
          w.U(6, b.minute);
          w.U(6, b.second);
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          w.U(4, b.epfd);
          w.U(10, 0);
          w.U(1, b.raim);
          w.U(19, b.radio);
        } else if constexpr (std::is_same_v<T, StaticVoyageData>) {
          w.U(2, b.ais_version);
          w.U(30, b.imo);
          w.Text(7, b.callsign.view());
          w.Text(20, b.shipname.view());
          w.U(8, b.shiptype);
          Dims(w, b.dim);
          w.U(4, b.epfd);
          w.U(4, b.month);
          w.U(5, b.day);
          w.U(5, b.hour);
          w.U(6, b.minute);
          w.U(8, b.draught_dm);
          w.Text(20, b.destination.view());
          w.U(1, b.dte);
          w.U(1, 0);
        } else if constexpr (std::is_same_v<T, SarAircraftPosition>) {
          w.U(12, b.alt_m);
          w.U(10, b.speed_kn);
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          w.U(12, b.course_decideg);
          w.U(6, b.second);
          w.U(8, b.regional);
          w.U(1, b.dte);
          w.U(3, 0);
          w.U(1, b.assigned);
          w.U(1, b.raim);
          w.U(20, b.radio);
        } else if constexpr (std::is_same_v<T, PositionReportB>) {
          w.U(8, b.reserved);
          w.U(10, b.speed_decikn);
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          w.U(12, b.course_decideg);
          w.U(9, b.heading_deg);
          w.U(6, b.second);
          w.U(2, b.regional);
          w.U(1, b.cs);
          w.U(1, b.display);
          w.U(1, b.dsc);
          w.U(1, b.band);
          w.U(1, b.msg22);
          w.U(1, b.assigned);
          w.U(1, b.raim);
          w.U(20, b.radio);
        } else if constexpr (std::is_same_v<T, PositionReportBExtended>) {
          w.U(8, b.reserved);
          w.U(10, b.speed_decikn);
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          w.U(12, b.course_decideg);
          w.U(9, b.heading_deg);
          w.U(6, b.second);
          w.U(4, b.regional);
          w.Text(20, b.shipname.view());
          w.U(8, b.shiptype);
          Dims(w, b.dim);
          w.U(4, b.epfd);
          w.U(1, b.raim);
          w.U(1, b.dte);
          w.U(1, b.assigned);
          w.U(4, 0);
        } else if constexpr (std::is_same_v<T, AidToNavigation>) {
          w.U(5, b.aid_type);
          const std::string_view name = b.name.view();
          w.Text(20, name.substr(0, std::min<size_t>(20, name.size())));
          w.U(1, b.accuracy);
          w.S(28, b.lon_e4min);
          w.S(27, b.lat_e4min);
          Dims(w, b.dim);
          w.U(4, b.epfd);
          w.U(6, b.second);
          w.U(1, b.off_position);
          w.U(8, b.regional);
          w.U(1, b.raim);
          w.U(1, b.virtual_aid);
          w.U(1, b.assigned);
          w.U(1, 0);
          if (name.size() > 20) {
            const std::string_view ext = name.substr(20);
            w.Text(static_cast<unsigned>(ext.size()), ext);
            while (w.size() % 8 != 0) w.U(1, 0);  // byte-align the extension
          }
        } else if constexpr (std::is_same_v<T, StaticDataB>) {
          if (b.part == StaticDataB::Part::kA) {
            w.U(2, 0);
            w.Text(20, b.shipname.view());
            w.U(8, 0);
          } else {
            w.U(2, 1);
            w.U(8, b.shiptype);
            w.Text(3, b.vendorid.view().substr(
                          0, std::min<size_t>(3, b.vendorid.size)));
            w.U(4, b.model);
            w.U(20, b.serial);
            w.Text(7, b.callsign.view());
            if (b.auxiliary) {
              w.U(30, b.mothership_mmsi);
            } else {
              Dims(w, b.dim);
            }
            w.U(6, 0);
          }
        } else if constexpr (std::is_same_v<T, LongRangeBroadcast>) {
          w.U(1, b.accuracy);
          w.U(1, b.raim);
          w.U(4, b.status);
          w.S(18, b.lon_e1min);
          w.S(17, b.lat_e1min);
          w.U(6, b.speed_kn);
          w.U(9, b.course_deg);
          w.U(1, b.gnss);
          w.U(1, 0);
        } else {
          supported = false;
        }
      },
      m.body);
  if (!supported) return BitWriter{};
  return w;
}

std::string ChecksumHex(std::string_view body) {
  return fmt::format("{:02X}", NmeaChecksum(body));
}

std::vector<std::string> ToSentences(const BitWriter& bits,
                                     const SentenceOptions& o) {
  std::string payload;
  const auto& b = bits.bits();
  const size_t chars = (b.size() + 5) / 6;
  const unsigned fill = static_cast<unsigned>(chars * 6 - b.size());
  for (size_t c = 0; c < chars; ++c) {
    unsigned v = 0;
    for (size_t k = 0; k < 6; ++k) {
      const size_t i = c * 6 + k;
      v = (v << 1) | (i < b.size() && b[i] ? 1u : 0u);
    }
    payload.push_back(SixBitChar(v));
  }
  const size_t per = o.max_payload_chars == 0 ? 60 : o.max_payload_chars;
  const size_t count = payload.empty() ? 1 : (payload.size() + per - 1) / per;
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) {
    const bool last = i + 1 == count;
    const std::string seq =
        o.sequence_id >= 0 ? std::to_string(o.sequence_id) : std::string();
    std::string body = fmt::format(
        "{}VD{},{},{},{},{},{},{}", o.talker, o.own_ship ? 'O' : 'M', count,
        i + 1, seq, o.channel == 0 ? std::string() : std::string(1, o.channel),
        payload.substr(i * per, per), last ? fill : 0);
    std::string line;
    if (!o.tag_block.empty() && i == 0) {
      line = "\\" + o.tag_block + "*" + ChecksumHex(o.tag_block) + "\\";
    }
    line += "!" + body + "*" + ChecksumHex(body);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace truce::observe::testing
