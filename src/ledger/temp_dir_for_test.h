// TempDir: a fresh directory under the system temp folder for one test,
// removed with everything in it when the object goes. Test-only.
//
// Names hold the process id and a counter, so tests in parallel processes
// and several TempDirs in one test do not collide. Thread safety: create
// TempDirs from one thread (the counter is not atomic).
#ifndef TRUCE_LEDGER_TEMP_DIR_FOR_TEST_H_
#define TRUCE_LEDGER_TEMP_DIR_FOR_TEST_H_

#include <unistd.h>

#include <filesystem>
#include <string>

namespace truce::ledger {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("truce-ledger-" + std::to_string(getpid()) + "-" +
             std::to_string(counter_++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_TEMP_DIR_FOR_TEST_H_
