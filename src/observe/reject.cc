#include "observe/reject.h"

#include <array>
#include <string>

namespace truce::observe {
namespace {

struct ReasonInfo {
  std::string_view name;
  std::string_view text;
};

constexpr std::array<ReasonInfo, kRejectReasonCount> kReasons = {{
    {"not_ais", "not an AIVDM/AIVDO sentence"},
    {"bad_checksum", "NMEA checksum does not match the sentence"},
    {"missing_checksum", "NMEA sentence has no *hh checksum"},
    {"bad_field_count", "AIVDM sentence does not have 7 fields"},
    {"bad_fragment", "fragment count or number is invalid"},
    {"bad_sequence_id", "sequential message id is not a digit"},
    {"bad_channel", "radio channel is not A, B, 1 or 2"},
    {"empty_payload", "AIVDM payload is empty"},
    {"bad_payload_char", "payload has a character outside six-bit armouring"},
    {"bad_fill_bits", "fill bits are not 0 to 5"},
    {"payload_too_long", "payload is longer than any AIS message"},
    {"bad_tag_block", "NMEA 4.0 TAG block is malformed"},
    {"tag_block_checksum", "NMEA 4.0 TAG block checksum does not match"},
    {"orphan_fragment",
     "fragment of a multipart message whose start is missing"},
    {"duplicate_fragment", "fragment received twice in one multipart message"},
    {"incomplete", "multipart message never completed"},
    {"bad_length", "message length is impossible for its type"},
    {"unknown_type", "AIS message type is not 1 to 27"},
    {"bad_subtype", "type 24 part number is neither A nor B"},
    {"line_too_long", "input line is longer than any NMEA sentence"},
    {"bad_record", "unknown record kind or too few fields"},
    {"bad_field_value", "a field does not parse as its type"},
}};

}  // namespace

std::string_view RejectReasonName(RejectReason reason) {
  const auto i = static_cast<size_t>(reason);
  return i < kReasons.size() ? kReasons[i].name : "unknown";
}

std::string_view RejectReasonText(RejectReason reason) {
  const auto i = static_cast<size_t>(reason);
  return i < kReasons.size() ? kReasons[i].text : "unknown reason";
}

Error ToError(const Rejection& rejection, SourceLocation where) {
  std::string message(RejectReasonText(rejection.reason));
  if (!rejection.detail.empty()) {
    message += ": ";
    message += rejection.detail;
  }
  return Error{ErrorCode::kInvalidInput, std::move(message),
               "the line is kept in the quarantine file; check the receiver "
               "or feed",
               std::move(where)};
}

}  // namespace truce::observe
