// ServeProcess: a real `truce serve` child process for end-to-end tests,
// started on port 0 everywhere; the listener lines it prints are read back.
// Tokens are made with the real `truce token create`.
//
// Thread safety: one thread per ServeProcess.
#ifndef TRUCE_TESTS_SERVER_SERVE_PROCESS_H_
#define TRUCE_TESTS_SERVER_SERVE_PROCESS_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace truce::tests {

// Runs argv, returns (exit status, stdout). stderr is inherited.
inline std::pair<int, std::string> RunCapture(
    const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, ""};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return {-1, ""};
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class ServeProcess {
 public:
  ServeProcess(std::string binary, std::filesystem::path data)
      : binary_(std::move(binary)), data_(std::move(data)) {}
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  // Starts `truce serve --data DATA --listen 127.0.0.1:0 --ais-tcp
  // 127.0.0.1:0 EXTRA...` and reads its listener lines (up to 120 s).
  bool Start(const std::vector<std::string>& extra, std::string* error) {
    std::vector<std::string> args = {
        binary_,    "serve",       "--data",    data_.string(),
        "--listen", "127.0.0.1:0", "--ais-tcp", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    int fds[2];
    if (pipe(fds) != 0) return false;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      // The server dies with the test, even if the test is killed.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
    if (pid_ < 0) {
      *error = "cannot fork";
      return false;
    }
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(120);
    std::string text;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[1024];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) {
        *error = "truce serve exited before printing its listeners: " + text;
        return false;
      }
      text.append(buf, n);
      if (text.find("ais-udp ") != std::string::npos && text.back() == '\n') {
        break;
      }
    }
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) break;
      std::string line = text.substr(start, nl - start);
      size_t sp = line.find(' ');
      if (sp != std::string::npos)
        lines_[line.substr(0, sp)] = line.substr(sp + 1);
      lines_order_.push_back(line);
      start = nl + 1;
    }
    std::string dash = lines_["dashboard"];  // http://127.0.0.1:PORT/
    const std::string prefix = "http://127.0.0.1:";
    if (dash.rfind(prefix, 0) != 0 || dash.back() != '/') {
      *error = "no dashboard line in: " + text;
      return false;
    }
    port_ = std::stoi(dash.substr(prefix.size()));
    return true;
  }

  // Sends `sig` and waits (up to 120 s) for the exit status.
  int Stop(int sig = SIGTERM) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    for (int i = 0; i < 1200; ++i) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -2;  // hung: the destructor kills it
  }

  std::string Token(const std::string& role, const std::string& name,
                    const std::string& party = "") const {
    std::vector<std::string> args = {binary_,  "token",        "create",
                                     "--data", data_.string(), "--role",
                                     role,     "--name",       name};
    if (!party.empty()) {  // whom the token speaks for
      args.push_back(role == "guarantor" ? "--guarantor" : "--party");
      args.push_back(party);
    }
    auto [status, out] = RunCapture(args);
    if (status != 0) return "";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  int port() const { return port_; }
  const std::map<std::string, std::string>& lines() const { return lines_; }
  const std::vector<std::string>& lines_in_order() const {
    return lines_order_;
  }
  const std::filesystem::path& data() const { return data_; }
  const std::string& binary() const { return binary_; }

 private:
  std::string binary_;
  std::filesystem::path data_;
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::map<std::string, std::string> lines_;
  std::vector<std::string> lines_order_;
};

}  // namespace truce::tests

#endif  // TRUCE_TESTS_SERVER_SERVE_PROCESS_H_
