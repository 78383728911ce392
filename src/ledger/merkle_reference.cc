#include "ledger/merkle_reference.h"

namespace truce::ledger::reference {
namespace {

std::vector<Hash> SubProof(std::uint64_t m, std::span<const Hash> d, bool b) {
  const std::uint64_t n = d.size();
  if (m == n) {
    if (b) return {};      // SUBPROOF(m, D[m], true) = {}
    return {RootHash(d)};  // SUBPROOF(m, D[m], false) = {MTH(D[m])}
  }
  const std::uint64_t k = SplitPoint(n);
  std::vector<Hash> out;
  if (m <= k) {
    out = SubProof(m, d.subspan(0, k), b);
    out.push_back(RootHash(d.subspan(k)));
  } else {
    out = SubProof(m - k, d.subspan(k), false);
    out.push_back(RootHash(d.subspan(0, k)));
  }
  return out;
}

}  // namespace

Hash RootHash(std::span<const Hash> d) {
  const std::uint64_t n = d.size();
  if (n == 0) return EmptyRoot();
  if (n == 1) return d[0];
  const std::uint64_t k = SplitPoint(n);
  return HashChildren(RootHash(d.subspan(0, k)), RootHash(d.subspan(k)));
}

std::vector<Hash> InclusionProof(std::uint64_t m, std::span<const Hash> d) {
  const std::uint64_t n = d.size();
  if (n <= 1) return {};
  const std::uint64_t k = SplitPoint(n);
  std::vector<Hash> out;
  if (m < k) {
    out = InclusionProof(m, d.subspan(0, k));
    out.push_back(RootHash(d.subspan(k)));
  } else {
    out = InclusionProof(m - k, d.subspan(k));
    out.push_back(RootHash(d.subspan(0, k)));
  }
  return out;
}

std::vector<Hash> ConsistencyProof(std::uint64_t m, std::span<const Hash> d) {
  return SubProof(m, d, true);
}

}  // namespace truce::ledger::reference
