#include "observe/reassembly.h"

#include <algorithm>
#include <utility>

namespace truce::observe {
namespace {

// The key source of a group: the TAG block station. Receiver fields (USCG
// "r"/"b") are not used, as receivers add them to some fragments only.
std::string_view KeySourceOf(const Sentence& s) { return s.tag.source; }

std::string_view SourceOf(const Sentence& s) {
  return !s.tag.source.empty() ? s.tag.source : s.receiver_station;
}

}  // namespace

Reassembler::Reassembler(Options options) : options_(options) {
  if (options_.max_groups == 0) options_.max_groups = 1;
  slots_.resize(options_.max_groups);
}

Reassembler::Slot* Reassembler::Find(const Sentence& s,
                                     std::string_view source) {
  // Groups are keyed by TAG block source, channel, sequence id, fragment
  // count and VDM/VDO. Later fragments often carry no TAG source (NMEA 4.0
  // puts s: on the first sentence of a group only): they match a group of
  // any source, the most recent first.
  Slot* loose = nullptr;
  for (Slot& slot : slots_) {
    if (!slot.active || slot.channel != s.channel ||
        slot.sequence_id != s.sequence_id || slot.count != s.fragment_count ||
        slot.own_ship != s.own_ship) {
      continue;
    }
    if (slot.source == source) return &slot;
    if (source.empty() &&
        (loose == nullptr || slot.start_line > loose->start_line)) {
      loose = &slot;
    }
  }
  return loose;
}

Reassembler::Slot* Reassembler::Allocate(uint64_t line_no) {
  Slot* oldest = nullptr;
  for (Slot& slot : slots_) {
    if (!slot.active) return &slot;
    if (oldest == nullptr || slot.start_line < oldest->start_line)
      oldest = &slot;
  }
  (void)line_no;
  Expire(oldest);  // full: the oldest group is given up
  return oldest;
}

void Reassembler::Expire(Slot* slot) {
  IncompleteGroup group;
  for (unsigned i = 0; i < slot->count; ++i) {
    if (slot->received & (1u << i))
      group.lines.push_back({slot->line[i], slot->raw[i]});
  }
  std::sort(group.lines.begin(), group.lines.end(),
            [](const RawLine& a, const RawLine& b) { return a.line < b.line; });
  incomplete_.push_back(std::move(group));
  slot->active = false;
}

void Reassembler::ExpireOld(uint64_t line_no) {
  for (Slot& slot : slots_) {
    if (slot.active && line_no > slot.start_line + options_.max_age_lines) {
      Expire(&slot);
    }
  }
}

ParseResult<const CompletedMessage*> Reassembler::Add(const Sentence& s,
                                                      std::string_view raw_line,
                                                      uint64_t line_no,
                                                      int64_t time_ns) {
  const std::string_view source = SourceOf(s);
  if (s.fragment_count == 1) {
    done_.bits.Clear();
    if (!done_.bits.Append(s.payload, s.fill_bits)) {
      return RejectAs(s.payload.size() * 6 > kMaxPayloadBits
                          ? RejectReason::kPayloadTooLong
                          : RejectReason::kBadPayloadChar);
    }
    done_.channel = s.channel;
    done_.own_ship = s.own_ship;
    done_.time_ns = time_ns;
    done_.source = source;
    done_.first_line = done_.last_line = line_no;
    done_.lines[0] = line_no;
    done_.fragments = 1;
    done_.raw = raw_line;
    return &done_;
  }

  ExpireOld(line_no);
  Slot* slot = Find(s, KeySourceOf(s));
  if (s.fragment_number == 1) {
    if (slot != nullptr) Expire(slot);  // a new group displaces the old one
    slot = Allocate(line_no);
    slot->active = true;
    slot->channel = s.channel;
    slot->sequence_id = s.sequence_id;
    slot->count = s.fragment_count;
    slot->own_ship = s.own_ship;
    slot->source.assign(KeySourceOf(s));
    slot->station.assign(source);
    slot->start_line = line_no;
    slot->received = 0;
    slot->time_ns = time_ns;
  } else if (slot == nullptr) {
    return RejectAs(RejectReason::kOrphanFragment);
  }
  const unsigned i = s.fragment_number - 1u;
  if (slot->received & (1u << i))
    return RejectAs(RejectReason::kDuplicateFragment);
  slot->received = static_cast<uint16_t>(slot->received | (1u << i));
  slot->payload[i].assign(s.payload);
  slot->fill[i] = s.fill_bits;
  slot->raw[i].assign(raw_line);
  slot->line[i] = line_no;
  if (slot->time_ns == kNoTime) slot->time_ns = time_ns;
  if (slot->received != (1u << slot->count) - 1u) return nullptr;

  // Complete: de-armour in fragment order.
  slot->active = false;
  size_t total_chars = 0;
  for (unsigned k = 0; k < slot->count; ++k)
    total_chars += slot->payload[k].size();
  if (total_chars * 6 > kMaxPayloadBits) {
    IncompleteGroup group;
    group.reason = RejectReason::kPayloadTooLong;
    for (unsigned k = 0; k < slot->count; ++k) {
      group.lines.push_back({slot->line[k], slot->raw[k]});
    }
    std::sort(
        group.lines.begin(), group.lines.end(),
        [](const RawLine& a, const RawLine& b) { return a.line < b.line; });
    incomplete_.push_back(std::move(group));
    return nullptr;
  }
  done_.bits.Clear();
  joined_.clear();
  for (unsigned k = 0; k < slot->count; ++k) {
    // Characters were checked by ScanLine and the total length above.
    (void)done_.bits.Append(slot->payload[k], slot->fill[k]);
    if (k > 0) joined_.push_back('\n');
    joined_.append(slot->raw[k]);
    done_.lines[k] = slot->line[k];
  }
  done_.channel = slot->channel;
  done_.own_ship = slot->own_ship;
  done_.time_ns = slot->time_ns;
  done_.source = slot->station;
  done_.first_line = slot->line[0];
  done_.last_line = slot->line[0];
  for (unsigned k = 0; k < slot->count; ++k) {
    if (slot->line[k] < done_.first_line) done_.first_line = slot->line[k];
    if (slot->line[k] > done_.last_line) done_.last_line = slot->line[k];
  }
  done_.fragments = slot->count;
  done_.raw = joined_;
  return &done_;
}

void Reassembler::TakeIncomplete(std::vector<IncompleteGroup>* out) {
  for (IncompleteGroup& g : incomplete_) out->push_back(std::move(g));
  incomplete_.clear();
}

void Reassembler::Flush(std::vector<IncompleteGroup>* out) {
  for (Slot& slot : slots_) {
    if (slot.active) Expire(&slot);
  }
  TakeIncomplete(out);
}

size_t Reassembler::pending_groups() const {
  size_t n = 0;
  for (const Slot& slot : slots_) n += slot.active ? 1 : 0;
  return n;
}

}  // namespace truce::observe
