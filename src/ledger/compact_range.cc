#include "ledger/compact_range.h"

#include <bit>

namespace truce::ledger {

std::vector<NodeId> CompactRange::Decomposition(std::uint64_t size) {
  std::vector<NodeId> out;
  std::uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if (size & width) {
      out.push_back({static_cast<unsigned>(level), begin >> level});
      begin += width;
    }
  }
  return out;
}

bool CompactRange::Reset(std::uint64_t size, const std::vector<Hash>& hashes) {
  if (static_cast<int>(hashes.size()) != std::popcount(size)) return false;
  size_ = size;
  hashes_ = hashes;
  return true;
}

std::vector<NodeHash> CompactRange::Append(const Hash& leaf_hash) {
  std::vector<NodeHash> done;
  const std::uint64_t index = size_;
  Hash h = leaf_hash;
  done.push_back({{0, index}, h});
  // Each trailing one bit of the old size is a left sibling to merge with.
  unsigned level = 0;
  std::uint64_t i = index;
  while (i & 1) {
    h = HashChildren(hashes_.back(), h);
    hashes_.pop_back();
    ++level;
    i >>= 1;
    done.push_back({{level, i}, h});
  }
  hashes_.push_back(h);
  ++size_;
  return done;
}

Hash CompactRange::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  Hash acc = hashes_.back();
  for (size_t j = hashes_.size() - 1; j-- > 0;) {
    acc = HashChildren(hashes_[j], acc);
  }
  return acc;
}

}  // namespace truce::ledger
