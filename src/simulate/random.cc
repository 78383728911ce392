#include "simulate/random.h"

#include <cmath>
#include <numbers>

namespace truce::simulate {

double Rng::Normal(double mean, double sd) {
  double u1 = 1.0 - Unit();  // (0, 1]: log is finite
  double u2 = Unit();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) *
                    std::cos(2 * std::numbers::pi * u2);
}

}  // namespace truce::simulate
