// Fuzzes the control-map loader and the repair/dissolve/diff path: any bytes
// must give a ControlMap or a located error, and any map that loads must
// dissolve into valid territory — never a crash, a hang, an exception or a
// sanitizer report.
#include "territory/control_map.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "territory/diff.h"
#include "territory/dissolve.h"
#include "territory/mapping.h"

namespace {

const truce::territory::Mapping& BilingualMapping() {
  static const truce::territory::Mapping m = [] {
    auto parsed = truce::territory::ParseMapping(
        "property: name\n"
        "rules:\n"
        "  - {contains: occupied, party: RU, status: occupied}\n"
        "  - {contains: liberated, party: UA, status: liberated}\n"
        "  - {property: type, equals: gains, party: RU, status: gained}\n"
        "  - {contains: contested, party: '', status: contested}\n",
        "fuzz-mapping.yaml");
    if (!parsed) __builtin_trap();
    return *parsed;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;  // keep GEOS work per input small
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const truce::territory::Mapping kDefault =
      truce::territory::DefaultMapping();
  for (const truce::territory::Mapping* mapping :
       {&BilingualMapping(), &kDefault}) {
    auto map =
        truce::territory::ParseControlMap(text, *mapping, "fuzz.geojson");
    if (!map) {
      if (map.error().where.file.empty() || map.error().message.empty()) {
        __builtin_trap();
      }
      continue;
    }
    auto t = truce::territory::Dissolve(*map);
    if (!t) {
      if (t.error().message.empty()) __builtin_trap();
      continue;
    }
    for (const auto& p : t->parties) {
      if (!(p.area_km2 >= 0) || !std::isfinite(p.area_km2)) __builtin_trap();
    }
    // A territory compared with itself has changed nowhere.
    auto d = truce::territory::DiffTerritories(*t, *t);
    if (d && !d->pieces.empty()) __builtin_trap();
  }
  return 0;
}
