// ICAO 24-bit aircraft address to state of registry: the allocation blocks
// of ICAO Annex 10, Volume III, Part I, Chapter 9, Appendix ("A world-wide
// scheme for the allocation, assignment and application of aircraft
// addresses"), table 9-1, as the project's own table: every block allocated
// to a State, with its ISO 3166-1 alpha-2 code. A state of registry is where
// the aircraft is registered (its nationality mark), which an address
// carries because each State assigns addresses from its own block.
//
// Not States: the regional reserves (e.g. 0x200000-0x27FFFF, AFI), ICAO's
// temporary and special-use blocks (0xF00000-...), and unallocated space;
// for those IcaoStateOf returns nullptr. Territories use their State's block
// (Bermuda, Cayman: the United Kingdom's; Hong Kong: China's), as the table
// does. The table is static data: no allocation, no initialisation order.
//
// Thread safety: pure functions over constant data.
#ifndef TRUCE_OBSERVE_ICAO_STATE_H_
#define TRUCE_OBSERVE_ICAO_STATE_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace truce::observe {

struct IcaoBlock {
  uint32_t first = 0;  // first and last address of the block, inclusive
  uint32_t last = 0;
  std::string_view iso2;  // ISO 3166-1 alpha-2, e.g. "UA"
  std::string_view name;  // the State, in English
};

// The block of the State of registry of `address`, or nullptr when the
// address is in no State's block (or above 24 bits).
const IcaoBlock* IcaoStateOf(uint32_t address);

// Every block, in address order, disjoint.
std::span<const IcaoBlock> IcaoBlocks();

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_ICAO_STATE_H_
