#include "observe/ais_binary.h"

#include "observe/sixbit_text.h"

namespace truce::observe {
namespace {

uint32_t U(const PayloadBits& b, size_t start, unsigned width) {
  return static_cast<uint32_t>(Ubits(b, start, width));
}
int32_t S(const PayloadBits& b, size_t start, unsigned width) {
  return static_cast<int32_t>(Sbits(b, start, width));
}

template <typename T>
T N(uint32_t v) {
  return static_cast<T>(v);
}

}  // namespace

BinaryApp DecodeType6App(const PayloadBits& b, uint16_t dac, uint8_t fid) {
  const size_t bitlen = b.bit_len;
  if (dac == 200) {
    if (fid == 55 && bitlen == 168) {
      PersonsOnBoardInland p;
      p.crew = N<uint8_t>(U(b, 88, 8));
      p.passengers = N<uint16_t>(U(b, 96, 13));
      p.personnel = N<uint8_t>(U(b, 109, 8));
      return p;
    }
    return {};
  }
  if (dac == 235 || dac == 250) {
    if (fid == 10 && bitlen == 136) {
      AtonMonitoring p;
      p.ana_int = N<uint16_t>(U(b, 88, 10));
      p.ana_ext1 = N<uint16_t>(U(b, 98, 10));
      p.ana_ext2 = N<uint16_t>(U(b, 108, 10));
      p.racon = N<uint8_t>(U(b, 118, 2));
      p.light = N<uint8_t>(U(b, 120, 2));
      p.alarm = U(b, 122, 1) != 0;
      p.stat_ext = N<uint8_t>(U(b, 123, 8));
      p.off_pos = U(b, 131, 1) != 0;
      return p;
    }
    return {};
  }
  if (dac != 1) return {};
  switch (fid) {
    case 12: {
      DangerousCargo p;
      SixbitText(b, 88, 5, &p.lastport);
      p.lmonth = N<uint8_t>(U(b, 118, 4));
      p.lday = N<uint8_t>(U(b, 122, 5));
      p.lhour = N<uint8_t>(U(b, 127, 5));
      p.lminute = N<uint8_t>(U(b, 132, 6));
      SixbitText(b, 138, 5, &p.nextport);
      p.nmonth = N<uint8_t>(U(b, 168, 4));
      p.nday = N<uint8_t>(U(b, 172, 5));
      p.nhour = N<uint8_t>(U(b, 177, 5));
      p.nminute = N<uint8_t>(U(b, 182, 6));
      SixbitText(b, 188, 20, &p.dangerous);
      SixbitText(b, 308, 4, &p.imdcat);
      p.unid = N<uint16_t>(U(b, 332, 13));
      p.amount = N<uint16_t>(U(b, 345, 10));
      p.unit = N<uint8_t>(U(b, 355, 2));
      return p;
    }
    case 14:
    case 32: {
      // IMO236 (FID 14): 93-bit elements, lat first; IMO289 (FID 32): 88-bit
      // elements, lon first. gpsd reads an element whenever its start is
      // within the message.
      TidalWindow p;
      p.month = N<uint8_t>(U(b, 88, 4));
      p.day = N<uint8_t>(U(b, 92, 5));
      const size_t size = fid == 14 ? 93 : 88;
      unsigned u = 0;
      for (; 97 + size * u <= bitlen && u < p.tidals.size(); ++u) {
        const size_t a = 97 + size * u;
        Tidal& t = p.tidals[u];
        if (fid == 14) {
          t.lat = S(b, a, 27);
          t.lon = S(b, a + 27, 28);
          t.from_hour = N<uint8_t>(U(b, a + 55, 5));
          t.from_min = N<uint8_t>(U(b, a + 60, 6));
          t.to_hour = N<uint8_t>(U(b, a + 66, 5));
          t.to_min = N<uint8_t>(U(b, a + 71, 6));
          t.cdir_deg = N<uint16_t>(U(b, a + 77, 9));
          t.cspeed_decikn = N<uint8_t>(U(b, a + 86, 7));
        } else {
          t.lon = S(b, a, 25);
          t.lat = S(b, a + 25, 24);
          t.from_hour = N<uint8_t>(U(b, a + 49, 5));
          t.from_min = N<uint8_t>(U(b, a + 54, 6));
          t.to_hour = N<uint8_t>(U(b, a + 60, 5));
          t.to_min = N<uint8_t>(U(b, a + 65, 6));
          t.cdir_deg = N<uint16_t>(U(b, a + 71, 9));
          t.cspeed_decikn = N<uint8_t>(U(b, a + 80, 8));
        }
      }
      p.ntidals = N<uint8_t>(u);
      return p;
    }
    case 18: {
      ClearanceTime p;
      p.linkage = N<uint16_t>(U(b, 88, 10));
      p.month = N<uint8_t>(U(b, 98, 4));
      p.day = N<uint8_t>(U(b, 102, 5));
      p.hour = N<uint8_t>(U(b, 107, 5));
      p.minute = N<uint8_t>(U(b, 112, 6));
      SixbitText(b, 118, 20, &p.portname);
      SixbitText(b, 238, 5, &p.destination);
      p.lon_e3min = S(b, 268, 25);
      p.lat_e3min = S(b, 293, 24);
      return p;
    }
    case 30: {
      TextDescription p;
      p.linkage = N<uint16_t>(U(b, 88, 10));
      SixbitTextToEnd(b, 98, &p.text);
      return p;
    }
    default:
      return {};
  }
}

BinaryApp DecodeType8App(const PayloadBits& b, uint16_t dac, uint8_t fid) {
  const size_t bitlen = b.bit_len;
  if (dac == 1) {
    switch (fid) {
      case 11: {
        MetHydro11 p;
        p.lat_e3min = S(b, 56, 24);
        p.lon_e3min = S(b, 80, 25);
        p.day = N<uint8_t>(U(b, 105, 5));
        p.hour = N<uint8_t>(U(b, 110, 5));
        p.minute = N<uint8_t>(U(b, 115, 6));
        p.wspeed = N<uint8_t>(U(b, 121, 7));
        p.wgust = N<uint8_t>(U(b, 128, 7));
        p.wdir = N<uint16_t>(U(b, 135, 9));
        p.wgustdir = N<uint16_t>(U(b, 144, 9));
        p.airtemp = N<uint16_t>(U(b, 153, 11));
        p.humidity = N<uint8_t>(U(b, 164, 7));
        p.dewpoint = N<uint16_t>(U(b, 171, 10));
        p.pressure = N<uint16_t>(U(b, 181, 9));
        p.pressuretend = N<uint8_t>(U(b, 190, 2));
        p.visibility = N<uint8_t>(U(b, 192, 8));
        p.waterlevel = N<uint16_t>(U(b, 200, 9));
        p.leveltrend = N<uint8_t>(U(b, 209, 2));
        p.cspeed = N<uint8_t>(U(b, 211, 8));
        p.cdir = N<uint16_t>(U(b, 219, 9));
        p.cspeed2 = N<uint8_t>(U(b, 228, 8));
        p.cdir2 = N<uint16_t>(U(b, 236, 9));
        p.cdepth2 = N<uint8_t>(U(b, 245, 5));
        p.cspeed3 = N<uint8_t>(U(b, 250, 8));
        p.cdir3 = N<uint16_t>(U(b, 258, 9));
        p.cdepth3 = N<uint8_t>(U(b, 267, 5));
        p.waveheight = N<uint8_t>(U(b, 272, 8));
        p.waveperiod = N<uint8_t>(U(b, 280, 6));
        p.wavedir = N<uint16_t>(U(b, 286, 9));
        p.swellheight = N<uint8_t>(U(b, 295, 8));
        p.swellperiod = N<uint8_t>(U(b, 303, 6));
        p.swelldir = N<uint16_t>(U(b, 309, 9));
        p.seastate = N<uint8_t>(U(b, 318, 4));
        p.watertemp = N<uint16_t>(U(b, 322, 10));
        p.preciptype = N<uint8_t>(U(b, 332, 3));
        p.salinity = N<uint16_t>(U(b, 335, 9));
        p.ice = N<uint8_t>(U(b, 344, 2));
        return p;
      }
      case 29: {
        TextDescription p;
        p.linkage = N<uint16_t>(U(b, 56, 10));
        SixbitTextToEnd(b, 66, &p.text);
        return p;
      }
      case 31: {
        MetHydro31 p;
        p.lon_e3min = S(b, 56, 25);
        p.lat_e3min = S(b, 81, 24);
        p.accuracy = U(b, 105, 1) != 0;
        p.day = N<uint8_t>(U(b, 106, 5));
        p.hour = N<uint8_t>(U(b, 111, 5));
        p.minute = N<uint8_t>(U(b, 116, 6));
        p.wspeed = N<uint8_t>(U(b, 122, 7));
        p.wgust = N<uint8_t>(U(b, 129, 7));
        p.wdir = N<uint16_t>(U(b, 136, 9));
        p.wgustdir = N<uint16_t>(U(b, 145, 9));
        p.airtemp = N<int16_t>(static_cast<uint32_t>(S(b, 154, 11)));
        p.humidity = N<uint8_t>(U(b, 165, 7));
        p.dewpoint = N<int16_t>(static_cast<uint32_t>(S(b, 172, 10)));
        p.pressure = N<uint16_t>(U(b, 182, 9));
        p.pressuretend = N<uint8_t>(U(b, 191, 2));
        p.visgreater = U(b, 193, 1) != 0;
        p.visibility = N<uint8_t>(U(b, 194, 7));
        p.waterlevel = N<uint16_t>(U(b, 201, 12));
        p.leveltrend = N<uint8_t>(U(b, 213, 2));
        p.cspeed = N<uint8_t>(U(b, 215, 8));
        p.cdir = N<uint16_t>(U(b, 223, 9));
        p.cspeed2 = N<uint8_t>(U(b, 232, 8));
        p.cdir2 = N<uint16_t>(U(b, 240, 9));
        p.cdepth2 = N<uint8_t>(U(b, 249, 5));
        p.cspeed3 = N<uint8_t>(U(b, 254, 8));
        p.cdir3 = N<uint16_t>(U(b, 262, 9));
        p.cdepth3 = N<uint8_t>(U(b, 271, 5));
        p.waveheight = N<uint8_t>(U(b, 276, 8));
        p.waveperiod = N<uint8_t>(U(b, 284, 6));
        p.wavedir = N<uint16_t>(U(b, 290, 9));
        p.swellheight = N<uint8_t>(U(b, 299, 8));
        p.swellperiod = N<uint8_t>(U(b, 307, 6));
        p.swelldir = N<uint16_t>(U(b, 313, 9));
        p.seastate = N<uint8_t>(U(b, 322, 4));
        p.watertemp = N<int16_t>(static_cast<uint32_t>(S(b, 326, 10)));
        p.preciptype = N<uint8_t>(U(b, 336, 3));
        p.salinity = N<uint16_t>(U(b, 339, 9));
        p.ice = N<uint8_t>(U(b, 348, 2));
        return p;
      }
      default:
        return {};
    }
  }
  if (dac == 200 && fid == 10 && bitlen == 168) {
    InlandStaticVoyage p;
    SixbitText(b, 56, 8, &p.vin);
    p.length_dm = N<uint16_t>(U(b, 104, 13));
    p.beam_dm = N<uint16_t>(U(b, 117, 10));
    p.shiptype = N<uint16_t>(U(b, 127, 14));
    p.hazard = N<uint8_t>(U(b, 141, 3));
    p.draught_cm = N<uint16_t>(U(b, 144, 11));
    p.loaded = N<uint8_t>(U(b, 155, 2));
    p.speed_q = U(b, 157, 1) != 0;
    p.course_q = U(b, 158, 1) != 0;
    p.heading_q = U(b, 159, 1) != 0;
    // gpsd's guard against false matches: hazard in range, VIN ASCII.
    const unsigned char first = p.vin.size > 0 ? p.vin.data[0] : 0;
    if (p.hazard > 5 || first >= 0x80) return {};
    return p;
  }
  return {};
}

}  // namespace truce::observe
