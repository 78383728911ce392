// The AIS decoder benchmark (make bench, the "decoders" section of
// bench/run.sh): truce against gpsd's gpsdecode on the same file, in one run.
//
//   decode_bench DATA_DIR WORK_DIR TRUCE_BINARY [SENTENCES]
//
// 1. Builds WORK_DIR/ais.nmea: the sentences of the real corpora
//    (DATA_DIR/ais/pyais/nmea_data_sample.txt, AISHub traffic, and
//    DATA_DIR/ais/gpsd/sample.aivdm, every type 1-27) that decode without a
//    rejection (whole multipart groups only), repeated to at least SENTENCES
//    (default 1,000,000) lines.
// 2. Runs `gpsdecode -j`, `truce decode ais` and `truce decode ais
//    --observations` on it, output to /dev/null, and takes each child's CPU
//    time (user + system, getrusage): sentences per CPU second, one core.
// 3. Times the observations-only path in this process (AisStream with
//    EmitObservations, as the CLI's --observations, minus the output): the
//    whole file in memory, best of three, thread CPU time. It also times the
//    SHA-256 evidence digest alone on the same lines, one call per line, for
//    scale (the observations path hashes two lines at once).
//
// Prints one table, ratios against gpsdecode.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "observe/ais_stream.h"
#include "observe/sha256.h"

namespace {

using truce::observe::AisMessage;
using truce::observe::AisSink;
using truce::observe::AisStream;
using truce::observe::CompletedMessage;
using truce::observe::IncompleteGroup;
using truce::observe::Observation;
using truce::observe::Rejection;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "decode_bench: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <typename F>
void ForEachLine(std::string_view text, F f) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    f(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

// Keeps the raw lines of every decoded message; counts the rest.
class Collect : public AisSink {
 public:
  explicit Collect(std::string* out) : out_(out) {}
  void OnMessage(const AisMessage&, const CompletedMessage& c) override {
    out_->append(c.raw);
    out_->push_back('\n');
  }
  void OnReject(uint64_t, std::string_view, const Rejection&) override {}
  void OnIncomplete(const IncompleteGroup&) override {}

 private:
  std::string* out_;
};

// Consumes observations and messages without output; the sum keeps the
// compiler from dropping the work.
class Count : public AisSink {
 public:
  void OnObservation(const Observation& o, const CompletedMessage&) override {
    ++observations;
    sum += o.subject_id + o.raw_sha256[0];
  }
  void OnMessage(const AisMessage& m, const CompletedMessage&) override {
    ++messages;
    sum += m.mmsi;
  }
  void OnReject(uint64_t, std::string_view, const Rejection&) override {}
  void OnIncomplete(const IncompleteGroup&) override {}
  uint64_t observations = 0, messages = 0, sum = 0;
};

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Runs argv with stdin from `input` (or none), stdout and stderr to
// /dev/null; returns the child's user + system CPU seconds, or -1.
double ChildCpuSeconds(const std::vector<std::string>& argv,
                       const std::string& input) {
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    if (!input.empty()) {
      const int in = open(input.c_str(), O_RDONLY);
      if (in < 0) _exit(127);
      dup2(in, 0);
    }
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "decode_bench: %s failed (status %d)\n",
                 argv[0].c_str(), status);
    return -1;
  }
  auto sec = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

void Row(const char* what, uint64_t sentences, double cpu_s, double base) {
  if (cpu_s <= 0) {
    std::printf("%-44s %14s\n", what, "failed");
    return;
  }
  const double rate = sentences / cpu_s;
  std::printf("%-44s %14.0f %9.2f s %8.1fx\n", what, rate, cpu_s,
              base > 0 ? rate / base : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: decode_bench DATA_DIR WORK_DIR TRUCE_BINARY "
                 "[SENTENCES]\n");
    return 2;
  }
  const std::string data = argv[1], work = argv[2], truce = argv[3];
  const uint64_t want =
      argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1000000;

  // 1. The file.
  std::string base;
  for (const char* f :
       {"/ais/pyais/nmea_data_sample.txt", "/ais/gpsd/sample.aivdm"}) {
    Collect collect(&base);
    AisStream stream(&collect);
    ForEachLine(ReadFile(data + f),
                [&](std::string_view l) { stream.AddLine(l); });
    stream.Finish();
  }
  uint64_t base_lines = 0;
  for (char c : base) base_lines += c == '\n';
  const std::string path = work + "/ais.nmea";
  std::string text;
  uint64_t lines = 0;
  while (lines < want) {
    text += base;
    lines += base_lines;
  }
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  std::printf(
      "%llu sentences (%llu distinct lines of the real corpora, "
      "repeated), %.1f MB: %s\n",
      static_cast<unsigned long long>(lines),
      static_cast<unsigned long long>(base_lines), text.size() / 1e6,
      path.c_str());
  std::printf("SHA-256: %s\n\n", truce::observe::Sha256HasHardware()
                                     ? "x86 SHA extensions"
                                     : "libsodium (portable)");
  std::printf("%-44s %14s %11s %9s\n", "decoder", "sentences/s", "CPU",
              "vs gpsd");

  // 2. The programs.
  const double gpsd = ChildCpuSeconds({"gpsdecode", "-j"}, path);
  const double gpsd_rate = gpsd > 0 ? lines / gpsd : 0;
  Row("gpsdecode -j (gpsd-clients)", lines, gpsd, gpsd_rate);
  Row("truce decode ais (NDJSON)", lines,
      ChildCpuSeconds({truce, "decode", "ais", path}, ""), gpsd_rate);
  Row("truce decode ais --unscaled (NDJSON)", lines,
      ChildCpuSeconds({truce, "decode", "ais", "--unscaled", path}, ""),
      gpsd_rate);
  Row("truce decode ais --observations (NDJSON)", lines,
      ChildCpuSeconds({truce, "decode", "ais", "--observations", path}, ""),
      gpsd_rate);

  // 3. In process, no output.
  double best = 1e300;
  uint64_t observations = 0, messages = 0, sum = 0;
  for (int run = 0; run < 3; ++run) {
    Count count;
    const double t0 = ThreadCpuSeconds();
    AisStream stream(&count);
    stream.EmitObservations("bench");
    ForEachLine(text, [&](std::string_view l) { stream.AddLine(l); });
    stream.Finish();
    const double t = ThreadCpuSeconds() - t0;
    if (t < best) best = t;
    observations = count.observations;
    messages = count.messages;
    sum += count.sum;
  }
  Row("truce observations, no output (in process)", lines, best, gpsd_rate);
  double sha_best = 1e300;
  for (int run = 0; run < 3; ++run) {
    uint8_t digest[32];
    const double t0 = ThreadCpuSeconds();
    ForEachLine(text, [&](std::string_view l) {
      truce::observe::Sha256Into(l, digest);
      sum += digest[0];
    });
    const double t = ThreadCpuSeconds() - t0;
    if (t < sha_best) sha_best = t;
  }
  Row("  for scale: SHA-256 of every line, singly", lines, sha_best, gpsd_rate);
  std::printf(
      "\n(%llu fast-path observations, %llu other messages; "
      "checksum %llu)\n",
      static_cast<unsigned long long>(observations),
      static_cast<unsigned long long>(messages),
      static_cast<unsigned long long>(sum % 1000));
  return 0;
}
