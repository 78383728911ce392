// Demo: what `truce serve --demo` feeds its live pipeline. The bundled
// example (or any agreement) is simulated (simulate/simulate.h, as `truce
// demo` does) into `data_dir/demo-feeds/` (feeds/ and truth.ndjson), and a
// DemoFeeder plays the files through the real inputs in time order at
// `speed` times real time:
//   - AIS NMEA lines to the live AIS TCP listener, one connection per
//     receiver file (so each receiver is its own feed, as in a replay);
//   - SBS-1 lines from a loopback SBS-1 server the feeder opens, to which
//     the live pipeline's own client connects (Live::ConnectSbs);
//   - field reports through Live::PostReports (source "demo-monitors") and
//     control maps through Live::PostControlMap, each at its time.
// readsb aircraft.json snapshots are not played (there is no live readsb
// input). The simulated truth is kept in demo-feeds/truth.ndjson.
//
// Ownership: the feeder borrows `live`, which must outlive it. Thread
// safety: Stop and done may be called from any thread; the destructor
// stops.
#ifndef TRUCE_LIVE_DEMO_H_
#define TRUCE_LIVE_DEMO_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "agreement/agreement.h"
#include "base/error.h"
#include "live/live.h"

namespace truce::live {

struct DemoOptions {
  std::filesystem::path data_dir;  // the live data folder
  std::string ais_tcp;             // the AIS listener ("127.0.0.1:10110")
  double speed = 120;              // times real time, > 0
  uint64_t seed = 7;
  double hours = 24;  // simulated hours
};

class DemoFeeder {
 public:
  virtual ~DemoFeeder() = default;
  // Stops playing (returns once the player thread has ended).
  virtual void Stop() = 0;
  // Whether every simulated record has been played.
  virtual bool done() const = 0;
  // Simulated time reached so far.
  virtual TimeNs now() const = 0;
};

// Simulates and starts playing. kInvalidInput for a bad speed or address;
// the simulator's errors as they are.
Result<std::unique_ptr<DemoFeeder>> StartDemo(
    Live& live, const agreement::Agreement& agreement,
    const DemoOptions& options);

}  // namespace truce::live

#endif  // TRUCE_LIVE_DEMO_H_
