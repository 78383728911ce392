// XML 1.0 text for element content and attribute values, escaped by hand.
//
// Why by hand and not libxml2's xmlwriter: truce writes a fixed, flat CAP
// document whose only variable parts are character data, so escaping is the
// whole job; doing it here keeps the output byte-stable (no library version
// can change whitespace or quoting) and the library free of a dependency.
// The subtle part is what XML 1.0 forbids outright (C0 controls other than
// tab, LF and CR; U+FFFE, U+FFFF; lone surrogates; invalid UTF-8): those are
// replaced by U+FFFD rather than escaped, since no escape makes them legal.
//
// Contract: the result is well-formed character data for element content and
// for double-quoted attribute values; `&`, `<`, `>`, `"` and `'` are written
// as entity references and CR as `&#13;` (so it survives end-of-line
// normalization).
//
// Thread safety: pure function.
#ifndef TRUCE_ALERTS_XML_TEXT_H_
#define TRUCE_ALERTS_XML_TEXT_H_

#include <string>
#include <string_view>

namespace truce::alerts {

std::string XmlEscape(std::string_view text);

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_XML_TEXT_H_
