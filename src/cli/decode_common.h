// What every `truce decode ...` command shares (cmd_decode.cc,
// cmd_decode_reports.cc): the common options (--observations,
// --quarantine, --strict, input files), buffered output, quarantine
// records, opening inputs, progress on a terminal, the summary's reason
// counts and the closing of outputs with the exit code.
//
// Header-only and internal to src/cli. Errors are values (Result) or exit
// codes (base/error.h: ExitCodeFor); nothing throws.
// Thread safety: none needed; one command runs at a time.
#ifndef TRUCE_CLI_DECODE_COMMON_H_
#define TRUCE_CLI_DECODE_COMMON_H_

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "observe/ais_json.h"

namespace truce::cli::decode {

inline constexpr size_t kReadChunk = 1 << 20;  // bytes per read
inline constexpr size_t kFlushAt = 1 << 16;    // output flush threshold

// The options of every decode command.
struct CommonOptions {
  bool observations = false;
  bool strict = false;
  std::string quarantine;
  std::vector<std::string> files;
};

// Registers --observations, --quarantine, --strict and the files on `cmd`;
// `what` names a record in the help ("line", "record", "aircraft entry").
inline void AddCommonOptions(CLI::App* cmd, CommonOptions* o,
                             std::string_view observations_help,
                             std::string_view what,
                             std::string_view strict_help,
                             std::string_view files_help) {
  cmd->add_flag("--observations", o->observations,
                std::string(observations_help));
  cmd->add_option("--quarantine", o->quarantine,
                  fmt::format("Write every rejected {} here as NDJSON "
                              "{{source, line, raw, reason}}",
                              what));
  cmd->add_flag("--strict", o->strict, std::string(strict_help));
  cmd->add_option("files", o->files, std::string(files_help))->required();
}

// A FILE* behind a reusable buffer; remembers the first write error.
class Output {
 public:
  explicit Output(FILE* f) : f_(f) { buf_.reserve(kFlushAt * 2); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  std::string& buf() { return buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kFlushAt) Flush();
  }
  void Flush() {
    if (!buf_.empty() && f_ != nullptr && ok_) {
      ok_ = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size();
    }
    buf_.clear();
  }
  bool Finish() {
    Flush();
    if (f_ != nullptr && std::fflush(f_) != 0) ok_ = false;
    return ok_;
  }

 private:
  FILE* f_;
  std::string buf_;
  bool ok_ = true;
};

// stdout and the optional quarantine file of one run.
class Outputs {
 public:
  Outputs() = default;
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;
  ~Outputs() {
    if (qf_ != nullptr) std::fclose(qf_);
  }

  // Opens the quarantine file (none for an empty path); prints the error
  // and returns its exit code on failure, else 0.
  int Open(const std::string& quarantine_path) {
    if (quarantine_path.empty()) return 0;
    qf_ = std::fopen(quarantine_path.c_str(), "wb");
    if (qf_ == nullptr) {
      fmt::print(stderr, "error: cannot write quarantine file {}: {}\n",
                 quarantine_path, std::strerror(errno));
      return ExitCodeFor(ErrorCode::kIo);
    }
    quarantine_ = std::make_unique<Output>(qf_);
    return 0;
  }

  Output& out() { return out_; }
  Output* quarantine() { return quarantine_.get(); }

  // Closes the outputs, prints `summary` to stderr and returns the exit
  // code: `code` if already failing, 4 for a failed write, 1 when
  // `strict_failed`, else 0.
  int Finish(int code, bool strict_failed, std::string_view summary) {
    const bool out_ok = out_.Finish();
    const bool q_ok = quarantine_ == nullptr || quarantine_->Finish();
    if (qf_ != nullptr) {
      if (std::fclose(qf_) != 0 && code == 0)
        code = ExitCodeFor(ErrorCode::kIo);
      qf_ = nullptr;
    }
    fmt::print(stderr, "{}\n", summary);
    if (!out_ok || !q_ok) {
      fmt::print(stderr, "error: write failed: {}\n", std::strerror(errno));
      return ExitCodeFor(ErrorCode::kIo);
    }
    if (code != 0) return code;
    return strict_failed ? ExitCodeFor(ErrorCode::kInvalidInput) : 0;
  }

 private:
  Output out_{stdout};
  FILE* qf_ = nullptr;
  std::unique_ptr<Output> quarantine_;
};

// One quarantine record: {"source","line","raw","reason"} (nothing without
// a quarantine file).
inline void WriteQuarantine(Output* q, std::string_view source, uint64_t line,
                            std::string_view raw, std::string_view reason) {
  if (q == nullptr) return;
  std::string& b = q->buf();
  b.append("{\"source\":\"");
  observe::AppendJsonEscaped(source, &b);
  fmt::format_to(std::back_inserter(b), "\",\"line\":{},\"raw\":\"", line);
  observe::AppendJsonEscaped(raw, &b);
  b.append("\",\"reason\":\"");
  b.append(reason);
  b.append("\"}\n");
  q->MaybeFlush();
}

// The name an input goes by in records and messages: "stdin" for "-".
inline std::string_view SourceName(const std::string& name) {
  return name == "-" ? std::string_view("stdin") : std::string_view(name);
}

// An open input ("-": standard input, not closed).
using InputFile = std::unique_ptr<FILE, int (*)(FILE*)>;

inline Result<InputFile> OpenInput(const std::string& name) {
  if (name == "-") return InputFile(stdin, [](FILE*) { return 0; });
  FILE* f = std::fopen(name.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                fmt::format("cannot open {}: {}", name, std::strerror(err)),
                "give an existing file, or - for standard input");
  }
  return InputFile(f, &std::fclose);
}

// Runs decode_one(file, name) for every input in order; stops at the first
// error, prints it and returns its exit code (0 when all went through).
template <typename DecodeOne>
int ForEachInput(const std::vector<std::string>& files, DecodeOne decode_one) {
  for (const std::string& name : files) {
    auto f = OpenInput(name);
    Result<void> done = f ? decode_one(f->get(), name)
                          : Result<void>(std::unexpected(f.error()));
    if (!done) {
      fmt::print(stderr, "error: {}\n", done.error().ToString());
      return ExitCodeFor(done.error().code);
    }
  }
  return 0;
}

// " (reason n, reason n)" for the non-zero counts, "" when none.
template <typename Counts, typename NameOf>
std::string ReasonCounts(const Counts& counts, NameOf name_of) {
  std::string out;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? " (" : ", ", name_of(i),
                       counts[i]);
  }
  if (!out.empty()) out += ")";
  return out;
}

// "name: N unit" on stderr every million, overwriting itself, when stderr
// is a terminal (never in a pipe or a log); a newline when done.
class Progress {
 public:
  Progress() : enabled_(isatty(STDERR_FILENO) == 1) {}
  void Tick(std::string_view name, uint64_t n, std::string_view unit) {
    if (!enabled_ || n < next_) return;
    fmt::print(stderr, "\r{}: {} {}", name, n, unit);
    std::fflush(stderr);
    shown_ = true;
    next_ = n + kEvery;
  }
  void Done() {
    if (shown_) fmt::print(stderr, "\n");
    shown_ = false;
    next_ = kEvery;
  }

 private:
  static constexpr uint64_t kEvery = 1'000'000;
  bool enabled_;
  bool shown_ = false;
  uint64_t next_ = kEvery;
};

}  // namespace truce::cli::decode

#endif  // TRUCE_CLI_DECODE_COMMON_H_
