// Mapping: which feature of a control map belongs to which party, and why.
//
// A control map is a GeoJSON file whose features carry properties such as
// {"type": "gains"} (NZZ) or {"name": "Окуповано /// Occupied"} (raw
// DeepStateMap exports). A Mapping, read from a small YAML file
// (docs/formats/control-map.md, examples/territory/*.yaml), is an ordered list
// of rules; the first rule whose test matches a feature's property gives the
// feature its party and status. A feature no rule matches takes the default
// (if one is set) or is left out of every party and counted as unmapped.
//
// Matching is on normalised text: no-break spaces become spaces, runs of
// white space become one space, leading and trailing space is dropped, and
// ASCII letters compare case-insensitively.
//
// Thread safety: plain values; Classify is a const pure function.
#ifndef TRUCE_TERRITORY_MAPPING_H_
#define TRUCE_TERRITORY_MAPPING_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace truce::territory {

struct MappingRule {
  enum class Test { kEquals, kPrefix, kContains };
  std::string property;  // feature property read by this rule
  Test test = Test::kEquals;
  std::string value;   // normalised (see above)
  std::string party;   // empty: the feature belongs to no party
  std::string status;  // free text, e.g. "occupied", "contested"
};

struct Classification {
  std::string party;  // empty: not counted for any party
  std::string status;
  bool matched = false;  // a rule or the default applied
};

struct Mapping {
  std::string source;                        // a label, e.g. "nzz"
  std::string property = "name";             // default property of rules
  std::optional<std::string> date_property;  // property holding the map date
  std::vector<MappingRule> rules;
  std::optional<Classification> default_class;  // for unmatched features

  // What `properties` (a feature's properties, looked up by name through
  // `get`) means. `get` returns the property's string value, or nullopt.
  template <typename Get>
  Classification Classify(Get&& get) const {
    for (const MappingRule& r : rules) {
      std::optional<std::string> v = get(r.property);
      if (v && Matches(r, *v)) return {r.party, r.status, true};
    }
    if (default_class) return *default_class;
    return {};
  }

  static bool Matches(const MappingRule& rule, std::string_view raw_value);
};

// The mapping used when none is given: every area feature belongs to party
// "controlled", status "controlled".
Mapping DefaultMapping();

// Parses mapping YAML; errors name `file_label` and the line and column.
Result<Mapping> ParseMapping(std::string_view yaml_text,
                             std::string_view file_label);
Result<Mapping> LoadMapping(const std::filesystem::path& path);

// The normalisation described above (lower-cased ASCII).
std::string NormalizeLabel(std::string_view text);

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_MAPPING_H_
