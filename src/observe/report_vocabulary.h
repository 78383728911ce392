// The words a field report may use for its event kind and equipment class,
// as static text so that an Observation's `event` and `class_name` views
// never dangle.
//
// The class words MUST equal the equipment classes of the agreement
// vocabulary (src/agreement/vocabulary.cc). observe does not depend on
// agreement (base <- geo <- agreement, observe), so the list is kept here as
// well; change both together.
//
// Thread safety: pure functions over constant tables.
#ifndef TRUCE_OBSERVE_REPORT_VOCABULARY_H_
#define TRUCE_OBSERVE_REPORT_VOCABULARY_H_

#include <span>
#include <string_view>

namespace truce::observe {

// "shelling", "explosion", "small_arms", "air_strike", "missile_strike",
// "drone_strike", "mine", "equipment_sighting", "access_denied".
std::span<const std::string_view> ReportEventNames();

// "weapon_lt_100mm", "artillery_ge_100mm", ..., "monitor" (agreement's list).
std::span<const std::string_view> ReportClassNames();

// The static copy of `word` if it is an event name, else an empty view.
std::string_view InternEventName(std::string_view word);

// The static copy of `word` if it is a class name, else an empty view.
std::string_view InternClassName(std::string_view word);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_REPORT_VOCABULARY_H_
