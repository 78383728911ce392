// Fuzz target: arbitrary bytes as an NMEA 4.0 TAG block (and as a leading
// receiver timestamp) in front of a valid AIVDM sentence. The sentence must
// come through unchanged whenever the line is accepted.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "observe/nmea.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string fuzz(reinterpret_cast<const char*>(data), size);
  static const std::string kSentence =
      "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
  for (const std::string& line :
       {"\\" + fuzz + "\\" + kSentence, fuzz + " " + kSentence}) {
    auto r = truce::observe::ScanLine(line);
    if (r && r->kind == truce::observe::LineKind::kSentence &&
        line.find('!') == line.rfind('!') &&
        r->sentence.payload != "15RTgt0PAso;90TKcjM8h6g208CQ") {
      std::abort();
    }
  }
  return 0;
}
