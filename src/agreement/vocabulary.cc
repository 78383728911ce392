#include "agreement/vocabulary.h"

#include <algorithm>
#include <array>
#include <vector>

#include "base/equipment_classes.h"

namespace truce::agreement {
namespace {

constexpr std::array<std::string_view, 8> kRuleKinds = {
    "ceasefire", "withdrawal", "exclusion", "airspace",
    "maritime",  "territory",  "ceiling",   "access"};
constexpr std::array<std::string_view, 4> kSeverities = {"low", "medium",
                                                         "high", "critical"};
constexpr std::array<std::string_view, 7> kFireEvents = {
    "shelling",       "explosion",    "small_arms", "air_strike",
    "missile_strike", "drone_strike", "mine"};
constexpr std::array<std::string_view, 6> kAircraftCategories = {
    "military", "civil", "uav", "rotorcraft", "humanitarian", "monitor"};

// Optimal string alignment distance: insertions, deletions, substitutions
// and transpositions of neighbours ("nmae" is one step from "name").
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

template <typename E, size_t N>
std::optional<E> ParseEnum(const std::array<std::string_view, N>& names,
                           std::string_view word) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == word) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::span<const std::string_view> RuleKindNames() { return kRuleKinds; }
std::span<const std::string_view> SeverityNames() { return kSeverities; }
std::span<const std::string_view> EquipmentClassNames() {
  return kEquipmentClasses;
}
std::span<const std::string_view> FireEventNames() { return kFireEvents; }
std::span<const std::string_view> AircraftCategoryNames() {
  return kAircraftCategories;
}

std::string_view Name(RuleKind kind) {
  return kRuleKinds[static_cast<size_t>(kind)];
}
std::string_view Name(Severity severity) {
  return kSeverities[static_cast<size_t>(severity)];
}
std::optional<RuleKind> ParseRuleKind(std::string_view name) {
  return ParseEnum<RuleKind>(kRuleKinds, name);
}
std::optional<Severity> ParseSeverity(std::string_view name) {
  return ParseEnum<Severity>(kSeverities, name);
}

bool Contains(std::span<const std::string_view> names, std::string_view word) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

std::optional<std::string_view> Nearest(std::span<const std::string_view> names,
                                        std::string_view word) {
  std::optional<std::string_view> best;
  size_t best_distance = 0;
  for (std::string_view name : names) {
    size_t d = EditDistance(name, word);
    if (!best || d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  // A plausible typo: at most a third of the word differs.
  if (best && best_distance * 3 <= std::max<size_t>(word.size(), 3)) {
    return best;
  }
  return std::nullopt;
}

std::string OneOf(std::span<const std::string_view> names) {
  std::string out = "one of: ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace truce::agreement
