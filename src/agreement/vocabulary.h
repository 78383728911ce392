// The closed vocabularies of the agreement format: rule kinds, severities,
// equipment classes, fire-event kinds, aircraft categories.
//
// Closed on purpose: a misspelt class in an agreement would silently match
// nothing, so the loader rejects unknown words and suggests the nearest one.
// docs/formats/agreement.md lists every word with its meaning.
//
// Thread safety: immutable tables.
#ifndef TRUCE_AGREEMENT_VOCABULARY_H_
#define TRUCE_AGREEMENT_VOCABULARY_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace truce::agreement {

enum class RuleKind {
  kCeasefire,
  kWithdrawal,
  kExclusion,
  kAirspace,
  kMaritime,
  kTerritory,
  kCeiling,
  kAccess,
};

enum class Severity { kLow, kMedium, kHigh, kCritical };

std::span<const std::string_view> RuleKindNames();
std::span<const std::string_view> SeverityNames();
// Equipment and platform classes: "artillery_ge_100mm", "military_vessel", ...
std::span<const std::string_view> EquipmentClassNames();
// Fire events for ceasefire rules: "shelling", "explosion", ...
std::span<const std::string_view> FireEventNames();
// Aircraft categories for airspace rules: "military", "uav", "civil", ...
std::span<const std::string_view> AircraftCategoryNames();

std::string_view Name(RuleKind kind);
std::string_view Name(Severity severity);
std::optional<RuleKind> ParseRuleKind(std::string_view name);
std::optional<Severity> ParseSeverity(std::string_view name);

// True iff `word` is in `names`.
bool Contains(std::span<const std::string_view> names, std::string_view word);

// The name in `names` closest to `word` by edit distance, if it is close
// enough to be a plausible misspelling; for "did you mean ...?" hints.
std::optional<std::string_view> Nearest(std::span<const std::string_view> names,
                                        std::string_view word);

// "one of: a, b, c" for hints.
std::string OneOf(std::span<const std::string_view> names);

}  // namespace truce::agreement

#endif  // TRUCE_AGREEMENT_VOCABULARY_H_
