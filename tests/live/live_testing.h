// Helpers of the live pipeline's end-to-end tests: the bundled example, a
// small simulation of it, loopback sockets. Real parts only: the clients
// here are plain TCP/UDP sockets; the SBS-1 server is a loopback listener
// the real live::Live::ConnectSbs client connects to.
#ifndef TRUCE_TESTS_LIVE_LIVE_TESTING_H_
#define TRUCE_TESTS_LIVE_LIVE_TESTING_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agreement/loader.h"
#include "base/testing/testdata.h"
#include "simulate/simulate.h"

namespace truce::live::testing {

namespace fs = std::filesystem;

inline fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline fs::path ExamplePath() {
  return truce::testing::SourceRoot() / "examples" / "ceasefire-2025" /
         "agreement.yaml";
}

inline agreement::Agreement LoadExample() {
  auto a = agreement::LoadAgreement(ExamplePath());
  if (!a) throw std::runtime_error(a.error().front().ToString());
  return std::move(*a);
}

inline simulate::Simulation SmallSimulation(const agreement::Agreement& a,
                                            uint64_t seed, double hours) {
  simulate::Options o;
  o.seed = seed;
  o.hours = hours;
  o.vessels = 6;
  o.aircraft = 4;
  o.reports = 20;
  auto sim = simulate::Simulate(a, o);
  if (!sim) throw std::runtime_error(sim.error().ToString());
  return std::move(*sim);
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

inline std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline void WriteAll(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

inline int PortOf(const std::string& address) {
  return std::stoi(address.substr(address.rfind(':') + 1));
}

// A connected TCP client socket, or -1.
inline int ConnectTcp(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool SendAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// A loopback TCP listener on a free port: (fd, port).
inline std::pair<int, int> ListenLoopback() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = Loopback(0);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd, 4);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return {fd, ntohs(a.sin_port)};
}

}  // namespace truce::live::testing

#endif  // TRUCE_TESTS_LIVE_LIVE_TESTING_H_
