// End-to-end tests of `truce log ...` and `truce witness cosign`
// (src/cli/cmd_log.cc), run in-process through CLI11.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace truce {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = 0;
  std::string out, err;
};

Outcome Truce(std::vector<std::string> args) {
  CLI::App app{"truce"};
  app.require_subcommand(1);
  int exit_code = 0;
  cli::AddLogCommands(app, &exit_code);
  std::vector<const char*> argv{"truce"};
  for (const auto& a : args) argv.push_back(a.c_str());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  Outcome r;
  try {
    app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    r.exit_code = exit_code;
  } catch (const CLI::ParseError& e) {
    r.exit_code = 2;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  r.out = ::testing::internal::GetCapturedStdout();
  r.err = ::testing::internal::GetCapturedStderr();
  return r;
}

void Write(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

class CmdLog : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("truce-cmdlog-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& rel) { return (dir_ / rel).string(); }
  fs::path dir_;
};

TEST_F(CmdLog, AppendProveVerifyCosignFsck) {
  Outcome k = Truce(
      {"log", "keygen", "--name", "monitoring.example/cf", "--out", P("keys")});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  EXPECT_TRUE(k.out.starts_with("monitoring.example/cf+"));
  ASSERT_EQ(Truce({"log", "keygen", "--name", "guarantor.example/w1", "--out",
                   P("keys"), "--cosigner"})
                .exit_code,
            0);
  // Refuses to overwrite a key.
  EXPECT_EQ(Truce({"log", "keygen", "--name", "guarantor.example/w1", "--out",
                   P("keys")})
                .exit_code,
            1);
  const std::string skey = P("keys/monitoring.example_cf.key");
  const std::string vkey = P("keys/monitoring.example_cf.vkey");
  const std::string wkey = P("keys/guarantor.example_w1.key");
  const std::string wvkey = P("keys/guarantor.example_w1.vkey");

  Write(P("a.ndjson"), "{\"b\":2,\"a\":1}\n\n{\"t\":1.50}\n{\"n\":3}\n");
  Outcome a = Truce({"log", "append", P("log"), "--key", skey, P("a.ndjson")});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_TRUE(a.out.starts_with("monitoring.example/cf\n3\n"));
  Write(P("cp1"), a.out);
  EXPECT_EQ(Truce({"log", "entry", P("log"), "0"}).out, "{\"a\":1,\"b\":2}\n");
  EXPECT_EQ(Truce({"log", "entry", P("log"), "1"}).out, "{\"t\":1.5}\n");
  EXPECT_EQ(Truce({"log", "entry", P("log"), "3"}).exit_code, 3);
  // A bad line is reported with its line number, and nothing is appended.
  Write(P("bad.ndjson"), "{\"ok\":1}\n{oops}\n");
  Outcome bad =
      Truce({"log", "append", P("log"), "--key", skey, P("bad.ndjson")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.ndjson:2"), std::string::npos) << bad.err;

  Outcome c1 = Truce({"witness", "cosign", "--log-key", vkey, "--witness-key",
                      wkey, "--state", P("w"), P("cp1")});
  ASSERT_EQ(c1.exit_code, 0) << c1.err;
  EXPECT_NE(c1.out.find("\xe2\x80\x94 guarantor.example/w1 "),
            std::string::npos);

  Write(P("b.ndjson"), "{\"n\":4}\n{\"n\":5}\n{\"n\":6}\n");
  Outcome b = Truce({"log", "append", P("log"), "--key", skey, P("b.ndjson")});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  Write(P("cp2"), b.out);
  EXPECT_EQ(Truce({"log", "checkpoint", P("log")}).out, b.out);
  // Signing again over the same tree gives the same bytes (Ed25519 is
  // deterministic).
  EXPECT_EQ(Truce({"log", "checkpoint", P("log"), "--key", skey}).out, b.out);
  // Another log's key is refused, naming both names; nothing is appended.
  ASSERT_EQ(
      Truce({"log", "keygen", "--name", "other.example/x", "--out", P("keys")})
          .exit_code,
      0);
  Outcome wrong = Truce({"log", "append", P("log"), "--key",
                         P("keys/other.example_x.key"), P("b.ndjson")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("'monitoring.example/cf'"), std::string::npos)
      << wrong.err;
  EXPECT_NE(wrong.err.find("'other.example/x'"), std::string::npos);
  EXPECT_EQ(Truce({"log", "append", P("log"), "--key", wkey, P("b.ndjson")})
                .exit_code,
            1);  // a witness key is not a log key
  Outcome proof = Truce({"log", "consistency", P("log"), "--from", "3"});
  ASSERT_EQ(proof.exit_code, 0);
  Write(P("proof"), proof.out);
  // Without the proof: refused; with it: cosigned.
  EXPECT_EQ(Truce({"witness", "cosign", "--log-key", vkey, "--witness-key",
                   wkey, "--state", P("w"), P("cp2")})
                .exit_code,
            1);
  Outcome c2 =
      Truce({"witness", "cosign", "--log-key", vkey, "--witness-key", wkey,
             "--state", P("w"), "--proof", P("proof"), P("cp2")});
  ASSERT_EQ(c2.exit_code, 0) << c2.err;

  // Offline proof of entry 4, verified with and without a witness quorum.
  Outcome prove = Truce({"log", "prove", P("log"), "--index", "4"});
  ASSERT_EQ(prove.exit_code, 0) << prove.err;
  EXPECT_TRUE(prove.out.starts_with("c2sp.org/tlog-proof@v1\nextra "));
  Write(P("e4.tlog-proof"), prove.out);
  Outcome v = Truce({"log", "verify", "--key", vkey, P("e4.tlog-proof")});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(v.out, "{\"n\":5}\n");
  EXPECT_EQ(Truce({"log", "verify", "--key", vkey, "--witness-key", wvkey,
                   "--quorum", "1", P("e4.tlog-proof")})
                .exit_code,
            6);  // the log's own checkpoint carries no cosignature
  // Change one character of the entry in the bundle: rejected.
  std::string tampered = prove.out;
  const size_t x = tampered.find("extra ") + 10;
  tampered[x] = tampered[x] == 'A' ? 'B' : 'A';
  Write(P("bad.tlog-proof"), tampered);
  EXPECT_NE(
      Truce({"log", "verify", "--key", vkey, P("bad.tlog-proof")}).exit_code,
      0);

  // A split view: another log with the same key and different entries.
  Write(P("fork.ndjson"),
        "{\"b\":2,\"a\":1}\n{\"t\":1.50}\n{\"n\":3}\n"
        "{\"n\":4}\n{\"n\":666}\n{\"n\":6}\n");
  Outcome f =
      Truce({"log", "append", P("fork"), "--key", skey, P("fork.ndjson")});
  ASSERT_EQ(f.exit_code, 0);
  Write(P("cpfork"), f.out);
  Outcome split =
      Truce({"witness", "cosign", "--log-key", vkey, "--witness-key", wkey,
             "--state", P("w"), P("cpfork")});
  EXPECT_EQ(split.exit_code, 6);
  EXPECT_NE(split.err.find("SPLIT VIEW"), std::string::npos) << split.err;

  Outcome ok = Truce({"log", "fsck", P("log")});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("6 entries"), std::string::npos);
  EXPECT_EQ(Truce({"log", "fsck", P("nolog")}).exit_code, 3);
}

}  // namespace
}  // namespace truce
