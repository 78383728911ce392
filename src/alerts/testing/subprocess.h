// Test helpers for the alerts tests: run a shell command and capture its
// output (oracles such as xmllint and sha256sum run as subprocesses), and a
// temporary folder removed at the end of the test.
//
// Thread safety: call from the test's main thread.
#ifndef TRUCE_ALERTS_TESTING_SUBPROCESS_H_
#define TRUCE_ALERTS_TESTING_SUBPROCESS_H_

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace truce::alerts::testing {

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

// Runs `sh -c command 2>&1`.
inline Run Shell(const std::string& command) {
  Run r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Single-quoted for sh.
inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("truce-alerts-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace truce::alerts::testing

#endif  // TRUCE_ALERTS_TESTING_SUBPROCESS_H_
