// Rng: the simulator's seeded random numbers, identical on every platform.
//
// std::mt19937_64's raw output is specified by the standard; the
// distributions of <random> are not (their results differ between library
// versions), so the uniform and normal variates are computed here from the
// raw 64-bit output.
//
// Thread safety: not thread-safe; one Rng per simulation.
#ifndef TRUCE_SIMULATE_RANDOM_H_
#define TRUCE_SIMULATE_RANDOM_H_

#include <cstdint>
#include <random>

namespace truce::simulate {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t Bits() { return engine_(); }
  // Uniform in [0, 1), 53 bits of resolution.
  double Unit() { return static_cast<double>(Bits() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  // Uniform integer in [lo, hi] (hi - lo < 2^32; negligible bias).
  int64_t Int(int64_t lo, int64_t hi) {
    uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>((Bits() >> 32) * span >> 32);
  }
  bool Chance(double p) { return Unit() < p; }
  // Normal(mean, sd) by Box-Muller (one variate per call, no caching).
  double Normal(double mean, double sd);

 private:
  std::mt19937_64 engine_;
};

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_RANDOM_H_
