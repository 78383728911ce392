#include "observe/ais.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "observe/ais_binary.h"
#include "observe/sixbit_text.h"

namespace truce::observe {
namespace {

// Copies `bitcount` bits starting at byte `byte_offset` into `out`, as gpsd
// does with memcpy (whole bytes; trailing bits of the last byte kept).
void CopyBytes(const PayloadBits& bits, size_t byte_offset, size_t bitcount,
               BinaryData* out) {
  const size_t n = (bitcount + 7) / 8;
  out->bitcount = static_cast<uint16_t>(bitcount);
  std::memset(out->bytes, 0, sizeof(out->bytes));
  std::memcpy(out->bytes, bits.bytes + byte_offset,
              n < kMaxBinaryBytes ? n : kMaxBinaryBytes);
}

// Shifts a byte string left by `shift` bits (gpsd's shiftleft()).
void ShiftLeft(BinaryData* d, size_t shift) {
  const size_t total_bytes = (d->bitcount + 7) / 8;
  const size_t byte_shift = shift / 8;
  const unsigned bit_shift = shift % 8;
  for (size_t i = 0; i < total_bytes; ++i) {
    const size_t src = i + byte_shift;
    uint8_t hi = src < kMaxBinaryBytes ? d->bytes[src] : 0;
    uint8_t lo = src + 1 < kMaxBinaryBytes ? d->bytes[src + 1] : 0;
    d->bytes[i] =
        bit_shift == 0
            ? hi
            : static_cast<uint8_t>((hi << bit_shift) | (lo >> (8 - bit_shift)));
  }
}

class Reader {
 public:
  explicit Reader(const PayloadBits& b) : b_(b) {}
  uint32_t U(size_t start, unsigned width) const {
    return static_cast<uint32_t>(Ubits(b_, start, width));
  }
  int32_t S(size_t start, unsigned width) const {
    return static_cast<int32_t>(Sbits(b_, start, width));
  }
  bool B(size_t start) const { return Ubits(b_, start, 1) != 0; }

 private:
  const PayloadBits& b_;
};

}  // namespace

ParseResult<AisMessage> AisDecoder::Decode(const PayloadBits& bits) {
  AisMessage m;
  auto r = DecodeInto(bits, &m);
  if (!r) return std::unexpected(r.error());
  return m;
}

ParseResult<void> AisDecoder::DecodeInto(const PayloadBits& bits,
                                         AisMessage* out) {
  const Reader r(bits);
  const size_t bitlen = bits.bit_len;
  if (bitlen < 38)
    return RejectAs(RejectReason::kBadLength, "shorter than a header");
  out->type = static_cast<uint8_t>(r.U(0, 6));
  out->repeat = static_cast<uint8_t>(r.U(6, 2));
  out->mmsi = r.U(8, 30);
  auto range = [&](size_t lo, size_t hi) {
    return bitlen >= lo && bitlen <= hi;
  };

  switch (out->type) {
    case 1:
    case 2:
    case 3: {
      if (!range(163, 204))
        return RejectAs(RejectReason::kBadLength, "type 1-3");
      PositionReportA& p = out->body.emplace<PositionReportA>();
      p.status = static_cast<uint8_t>(r.U(38, 4));
      p.turn_raw = static_cast<int8_t>(r.S(42, 8));
      p.speed_decikn = static_cast<uint16_t>(r.U(50, 10));
      p.accuracy = r.B(60);
      p.lon_e4min = r.S(61, 28);
      p.lat_e4min = r.S(89, 27);
      p.course_decideg = static_cast<uint16_t>(r.U(116, 12));
      p.heading_deg = static_cast<uint16_t>(r.U(128, 9));
      p.second = static_cast<uint8_t>(r.U(137, 6));
      p.maneuver = static_cast<uint8_t>(r.U(143, 2));
      p.raim = r.B(148);
      p.radio = bitlen >= 168 ? r.U(149, 19)
                              : r.U(149, static_cast<unsigned>(bitlen - 149));
      return {};
    }
    case 4:
    case 11: {
      if (bitlen < 168) return RejectAs(RejectReason::kBadLength, "type 4/11");
      BaseStationReport& p = out->body.emplace<BaseStationReport>();
      p.year = static_cast<uint16_t>(r.U(38, 14));
      p.month = static_cast<uint8_t>(r.U(52, 4));
      p.day = static_cast<uint8_t>(r.U(56, 5));
      p.hour = static_cast<uint8_t>(r.U(61, 5));
      p.minute = static_cast<uint8_t>(r.U(66, 6));
      p.second = static_cast<uint8_t>(r.U(72, 6));
      p.accuracy = r.B(78);
      p.lon_e4min = r.S(79, 28);
      p.lat_e4min = r.S(107, 27);
      p.epfd = static_cast<uint8_t>(r.U(134, 4));
      p.raim = r.B(148);
      p.radio = r.U(149, 19);
      return {};
    }
    case 5: {
      if (bitlen < 420) return RejectAs(RejectReason::kBadLength, "type 5");
      StaticVoyageData& p = out->body.emplace<StaticVoyageData>();
      p.ais_version = static_cast<uint8_t>(r.U(38, 2));
      p.imo = r.U(40, 30);
      SixbitText(bits, 70, 7, &p.callsign);
      SixbitText(bits, 112, 20, &p.shipname);
      p.shiptype = static_cast<uint8_t>(r.U(232, 8));
      p.dim.to_bow_m = static_cast<uint16_t>(r.U(240, 9));
      p.dim.to_stern_m = static_cast<uint16_t>(r.U(249, 9));
      p.dim.to_port_m = static_cast<uint8_t>(r.U(258, 6));
      p.dim.to_starboard_m = static_cast<uint8_t>(r.U(264, 6));
      p.epfd = static_cast<uint8_t>(r.U(270, 4));
      p.month = static_cast<uint8_t>(r.U(274, 4));
      p.day = static_cast<uint8_t>(r.U(278, 5));
      p.hour = static_cast<uint8_t>(r.U(283, 5));
      p.minute = static_cast<uint8_t>(r.U(288, 6));
      p.draught_dm = static_cast<uint8_t>(r.U(294, 8));
      SixbitText(bits, 302, 20, &p.destination);
      p.dte = bitlen >= 423 ? static_cast<uint8_t>(r.U(422, 1)) : 0;
      return {};
    }
    case 6: {
      if (!range(88, 1008)) return RejectAs(RejectReason::kBadLength, "type 6");
      AddressedBinary& p = out->body.emplace<AddressedBinary>();
      p.seqno = static_cast<uint8_t>(r.U(38, 2));
      p.dest_mmsi = r.U(40, 30);
      p.retransmit = r.B(70);
      p.dac = static_cast<uint16_t>(r.U(72, 10));
      p.fid = static_cast<uint8_t>(r.U(82, 6));
      CopyBytes(bits, 11, bitlen - 88, &p.data);
      p.app = DecodeType6App(bits, p.dac, p.fid);
      return {};
    }
    case 7:
    case 13: {
      if (!range(72, 168))
        return RejectAs(RejectReason::kBadLength, "type 7/13");
      Acknowledge& p = out->body.emplace<Acknowledge>();
      for (unsigned u = 0; u < 4; ++u) {
        if (40 + 32 * u < bitlen) {
          p.mmsi[u] = r.U(40 + 32 * u, 30);
          p.seqno[u] = static_cast<uint8_t>(r.U(70 + 32 * u, 2));
        }
      }
      return {};
    }
    case 8: {
      if (!range(56, 1008)) return RejectAs(RejectReason::kBadLength, "type 8");
      BroadcastBinary& p = out->body.emplace<BroadcastBinary>();
      p.dac = static_cast<uint16_t>(r.U(40, 10));
      p.fid = static_cast<uint8_t>(r.U(50, 6));
      CopyBytes(bits, 7, bitlen - 56, &p.data);
      p.app = DecodeType8App(bits, p.dac, p.fid);
      if (std::holds_alternative<std::monostate>(p.app)) {
        const size_t n = (p.data.bitcount + 7) / 8;
        const unsigned valid = p.data.bitcount % 8;
        if (valid > 0 && n > 0) {
          p.data.bytes[n - 1] &= static_cast<uint8_t>(0xFF << (8 - valid));
        }
      }
      return {};
    }
    case 9: {
      if (bitlen < 168) return RejectAs(RejectReason::kBadLength, "type 9");
      SarAircraftPosition& p = out->body.emplace<SarAircraftPosition>();
      p.alt_m = static_cast<uint16_t>(r.U(38, 12));
      p.speed_kn = static_cast<uint16_t>(r.U(50, 10));
      p.accuracy = r.B(60);
      p.lon_e4min = r.S(61, 28);
      p.lat_e4min = r.S(89, 27);
      p.course_decideg = static_cast<uint16_t>(r.U(116, 12));
      p.second = static_cast<uint8_t>(r.U(128, 6));
      p.regional = static_cast<uint8_t>(r.U(134, 8));
      p.dte = static_cast<uint8_t>(r.U(142, 1));
      p.assigned = r.B(146);
      p.raim = r.B(147);
      p.radio = r.U(148, 20);
      return {};
    }
    case 10: {
      if (bitlen < 72) return RejectAs(RejectReason::kBadLength, "type 10");
      out->body.emplace<UtcInquiry>().dest_mmsi = r.U(40, 30);
      return {};
    }
    case 12: {
      if (!range(72, 1008))
        return RejectAs(RejectReason::kBadLength, "type 12");
      AddressedSafety& p = out->body.emplace<AddressedSafety>();
      p.seqno = static_cast<uint8_t>(r.U(38, 2));
      p.dest_mmsi = r.U(40, 30);
      p.retransmit = r.B(70);
      SixbitTextToEnd(bits, 72, &p.text);
      return {};
    }
    case 14: {
      if (!range(40, 1008))
        return RejectAs(RejectReason::kBadLength, "type 14");
      SixbitTextToEnd(bits, 40, &out->body.emplace<SafetyBroadcast>().text);
      return {};
    }
    case 15: {
      if (!range(88, 168)) return RejectAs(RejectReason::kBadLength, "type 15");
      Interrogation& p = out->body.emplace<Interrogation>();
      p.mmsi1 = r.U(40, 30);
      p.type1_1 = static_cast<uint8_t>(r.U(70, 6));
      p.offset1_1 = static_cast<uint16_t>(r.U(76, 12));
      if (bitlen > 90) {
        p.type1_2 = static_cast<uint8_t>(r.U(90, 6));
        p.offset1_2 = static_cast<uint16_t>(r.U(96, 12));
        if (bitlen > 110) {
          p.mmsi2 = r.U(110, 30);
          p.type2_1 = static_cast<uint8_t>(r.U(140, 6));
          p.offset2_1 = static_cast<uint16_t>(r.U(146, 12));
        }
      }
      return {};
    }
    case 16: {
      if (!range(96, 168)) return RejectAs(RejectReason::kBadLength, "type 16");
      AssignedMode& p = out->body.emplace<AssignedMode>();
      p.mmsi1 = r.U(40, 30);
      p.offset1 = static_cast<uint16_t>(r.U(70, 12));
      p.increment1 = static_cast<uint16_t>(r.U(82, 10));
      if (bitlen >= 144) {
        p.mmsi2 = r.U(92, 30);
        p.offset2 = static_cast<uint16_t>(r.U(122, 12));
        p.increment2 = static_cast<uint16_t>(r.U(134, 10));
      }
      return {};
    }
    case 17: {
      if (!range(80, 816)) return RejectAs(RejectReason::kBadLength, "type 17");
      DgnssBroadcast& p = out->body.emplace<DgnssBroadcast>();
      p.lon_e1min = r.S(40, 18);
      p.lat_e1min = r.S(58, 17);
      CopyBytes(bits, 10, bitlen - 80, &p.data);
      return {};
    }
    case 18: {
      if (bitlen < 168) return RejectAs(RejectReason::kBadLength, "type 18");
      PositionReportB& p = out->body.emplace<PositionReportB>();
      p.reserved = static_cast<uint8_t>(r.U(38, 8));
      p.speed_decikn = static_cast<uint16_t>(r.U(46, 10));
      p.accuracy = r.B(56);
      p.lon_e4min = r.S(57, 28);
      p.lat_e4min = r.S(85, 27);
      p.course_decideg = static_cast<uint16_t>(r.U(112, 12));
      p.heading_deg = static_cast<uint16_t>(r.U(124, 9));
      p.second = static_cast<uint8_t>(r.U(133, 6));
      p.regional = static_cast<uint8_t>(r.U(139, 2));
      p.cs = r.B(141);
      p.display = r.B(142);
      p.dsc = r.B(143);
      p.band = r.B(144);
      p.msg22 = r.B(145);
      p.assigned = r.B(146);
      p.raim = r.B(147);
      p.radio = r.U(148, 20);
      return {};
    }
    case 19: {
      if (bitlen < 312) return RejectAs(RejectReason::kBadLength, "type 19");
      PositionReportBExtended& p = out->body.emplace<PositionReportBExtended>();
      p.reserved = static_cast<uint8_t>(r.U(38, 8));
      p.speed_decikn = static_cast<uint16_t>(r.U(46, 10));
      p.accuracy = r.B(56);
      p.lon_e4min = r.S(57, 28);
      p.lat_e4min = r.S(85, 27);
      p.course_decideg = static_cast<uint16_t>(r.U(112, 12));
      p.heading_deg = static_cast<uint16_t>(r.U(124, 9));
      p.second = static_cast<uint8_t>(r.U(133, 6));
      p.regional = static_cast<uint8_t>(r.U(139, 4));
      SixbitText(bits, 143, 20, &p.shipname);
      p.shiptype = static_cast<uint8_t>(r.U(263, 8));
      p.dim.to_bow_m = static_cast<uint16_t>(r.U(271, 9));
      p.dim.to_stern_m = static_cast<uint16_t>(r.U(280, 9));
      p.dim.to_port_m = static_cast<uint8_t>(r.U(289, 6));
      p.dim.to_starboard_m = static_cast<uint8_t>(r.U(295, 6));
      p.epfd = static_cast<uint8_t>(r.U(301, 4));
      p.raim = r.B(305);
      p.dte = r.B(306);
      p.assigned = r.B(307);
      return {};
    }
    case 20: {
      if (!range(72, 186)) return RejectAs(RejectReason::kBadLength, "type 20");
      DataLinkManagement& p = out->body.emplace<DataLinkManagement>();
      for (unsigned i = 0; i < 4; ++i) {
        const size_t a = 40 + 30 * i;
        p.offset[i] = static_cast<uint16_t>(r.U(a, 12));
        p.number[i] = static_cast<uint8_t>(r.U(a + 12, 4));
        p.timeout[i] = static_cast<uint8_t>(r.U(a + 16, 3));
        p.increment[i] = static_cast<uint16_t>(r.U(a + 19, 11));
      }
      return {};
    }
    case 21: {
      if (!range(272, 368))
        return RejectAs(RejectReason::kBadLength, "type 21");
      AidToNavigation& p = out->body.emplace<AidToNavigation>();
      p.aid_type = static_cast<uint8_t>(r.U(38, 5));
      SixbitText(bits, 43, 20, &p.name, /*trim=*/false);
      p.accuracy = r.B(163);
      p.lon_e4min = r.S(164, 28);
      p.lat_e4min = r.S(192, 27);
      p.dim.to_bow_m = static_cast<uint16_t>(r.U(219, 9));
      p.dim.to_stern_m = static_cast<uint16_t>(r.U(228, 9));
      p.dim.to_port_m = static_cast<uint8_t>(r.U(237, 6));
      p.dim.to_starboard_m = static_cast<uint8_t>(r.U(243, 6));
      p.epfd = static_cast<uint8_t>(r.U(249, 4));
      p.second = static_cast<uint8_t>(r.U(253, 6));
      p.off_position = r.B(259);
      p.regional = static_cast<uint8_t>(r.U(260, 8));
      p.raim = r.B(268);
      p.virtual_aid = r.B(269);
      p.assigned = r.B(270);
      if (p.name.size == 20 && bitlen > 272) {
        FixedString<14> ext;
        SixbitTextToEnd(bits, 272, &ext, /*trim=*/false);
        for (char c : ext.view()) p.name.push_back(c);
      }
      TrimRight(&p.name);
      return {};
    }
    case 22: {
      if (bitlen < 168) return RejectAs(RejectReason::kBadLength, "type 22");
      ChannelManagement& p = out->body.emplace<ChannelManagement>();
      p.channel_a = static_cast<uint16_t>(r.U(40, 12));
      p.channel_b = static_cast<uint16_t>(r.U(52, 12));
      p.txrx = static_cast<uint8_t>(r.U(64, 4));
      p.power = r.B(68);
      p.addressed = r.B(139);
      if (!p.addressed) {
        p.ne_lon_e1min = r.S(69, 18);
        p.ne_lat_e1min = r.S(87, 17);
        p.sw_lon_e1min = r.S(104, 18);
        p.sw_lat_e1min = r.S(122, 17);
      } else {
        p.dest1 = r.U(69, 30);
        p.dest2 = r.U(104, 30);
      }
      p.band_a = r.B(140);
      p.band_b = r.B(141);
      p.zonesize = static_cast<uint8_t>(r.U(142, 3));
      return {};
    }
    case 23: {
      if (bitlen < 160) return RejectAs(RejectReason::kBadLength, "type 23");
      GroupAssignment& p = out->body.emplace<GroupAssignment>();
      p.ne_lon_e1min = r.S(40, 18);
      p.ne_lat_e1min = r.S(58, 17);
      p.sw_lon_e1min = r.S(75, 18);
      p.sw_lat_e1min = r.S(93, 17);
      p.stationtype = static_cast<uint8_t>(r.U(110, 4));
      p.shiptype = static_cast<uint8_t>(r.U(114, 8));
      p.txrx = static_cast<uint8_t>(r.U(144, 4));
      p.interval = static_cast<uint8_t>(r.U(146, 4));
      p.quiet = static_cast<uint8_t>(r.U(150, 4));
      return {};
    }
    case 24: {
      const unsigned part = r.U(38, 2);
      if (part == 0) {
        if (!range(160, 168))
          return RejectAs(RejectReason::kBadLength, "type 24A");
        StaticDataB& p = out->body.emplace<StaticDataB>();
        p.part = StaticDataB::Part::kA;
        SixbitText(bits, 40, 20, &p.shipname);
        queue_[next_] = {out->mmsi, p.shipname};
        next_ = (next_ + 1) % kQueue;
        return {};
      }
      if (part == 1) {
        if (bitlen < 168) return RejectAs(RejectReason::kBadLength, "type 24B");
        StaticDataB& p = out->body.emplace<StaticDataB>();
        p.part = StaticDataB::Part::kB;
        p.shiptype = static_cast<uint8_t>(r.U(40, 8));
        SixbitText(bits, 48, 7, &p.vendorid);
        p.model = static_cast<uint8_t>(r.U(66, 4));
        p.serial = r.U(70, 20);
        SixbitText(bits, 90, 7, &p.callsign);
        p.auxiliary = out->mmsi / 10000000 == 98;
        if (p.auxiliary) {
          p.mothership_mmsi = r.U(132, 30);
        } else {
          p.dim.to_bow_m = static_cast<uint16_t>(r.U(132, 9));
          p.dim.to_stern_m = static_cast<uint16_t>(r.U(141, 9));
          p.dim.to_port_m = static_cast<uint8_t>(r.U(150, 6));
          p.dim.to_starboard_m = static_cast<uint8_t>(r.U(156, 6));
        }
        for (Pending24A& a : queue_) {
          if (a.mmsi != 0 && a.mmsi == out->mmsi) {
            p.shipname = a.shipname;
            p.part = StaticDataB::Part::kBoth;
            a.mmsi = 0;  // as gpsd: a repeated part B does not match again
            break;
          }
        }
        return {};
      }
      return RejectAs(RejectReason::kBadSubtype);
    }
    case 25: {
      if (!range(40, 168)) return RejectAs(RejectReason::kBadLength, "type 25");
      SlotBinary& p = out->body.emplace<SlotBinary>();
      p.addressed = r.B(38);
      p.structured = r.B(39);
      if (bitlen < 40u + 16u * p.structured + 30u * p.addressed) {
        return RejectAs(RejectReason::kBadLength, "type 25 too short for mode");
      }
      if (p.addressed) p.dest_mmsi = r.U(40, 30);
      if (p.structured)
        p.app_id = static_cast<uint16_t>(r.U(40 + 30 * p.addressed, 16));
      CopyBytes(bits, 5 + 2 * p.structured, bitlen - 40 - 16 * p.structured,
                &p.data);
      if (p.addressed) {
        ShiftLeft(&p.data, 30);
        p.data.bitcount = static_cast<uint16_t>(p.data.bitcount - 30);
      }
      return {};
    }
    case 26: {
      if (!range(60, 1004))
        return RejectAs(RejectReason::kBadLength, "type 26");
      SlotBinary& p = out->body.emplace<SlotBinary>();
      p.addressed = r.B(38);
      p.structured = r.B(39);
      if (bitlen < 40u + 16u * p.structured + 30u * p.addressed + 20u) {
        return RejectAs(RejectReason::kBadLength, "type 26 too short for mode");
      }
      if (p.addressed) p.dest_mmsi = r.U(40, 30);
      if (p.structured)
        p.app_id = static_cast<uint16_t>(r.U(40 + 30 * p.addressed, 16));
      CopyBytes(bits, 5 + 2 * p.structured, bitlen - 60 - 16 * p.structured,
                &p.data);
      if (p.addressed) {
        ShiftLeft(&p.data, 30);
        p.data.bitcount = static_cast<uint16_t>(p.data.bitcount - 30);
      }
      p.radio = r.U(bitlen - 20, 20);
      return {};
    }
    case 27: {
      if (bitlen != 96 && bitlen != 168) {
        return RejectAs(RejectReason::kBadLength, "type 27");
      }
      LongRangeBroadcast& p = out->body.emplace<LongRangeBroadcast>();
      p.accuracy = r.B(38);
      p.raim = r.B(39);
      p.status = static_cast<uint8_t>(r.U(40, 4));
      p.lon_e1min = r.S(44, 18);
      p.lat_e1min = r.S(62, 17);
      p.speed_kn = static_cast<uint8_t>(r.U(79, 6));
      p.course_deg = static_cast<uint16_t>(r.U(85, 9));
      p.gnss = r.B(94);
      return {};
    }
    default:
      return RejectAs(RejectReason::kUnknownType);
  }
}

double LonDegFromE4Min(int32_t v) {
  if (v == 181 * 600000) return std::numeric_limits<double>::quiet_NaN();
  return v / 600000.0;
}

double LatDegFromE4Min(int32_t v) {
  if (v == 91 * 600000) return std::numeric_limits<double>::quiet_NaN();
  return v / 600000.0;
}

}  // namespace truce::observe
