// truce serve: the agreement's rules over live feeds, with the HTTP API, the
// live stream and the dashboard (live/live.h, server/http_server.h). Prints
// one line per listener, then runs until SIGINT or SIGTERM, and stops
// cleanly: the API refuses new requests, the feeds stop, what was received
// is processed and flushed, and a last checkpoint is signed.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "agreement/loader.h"
#include "alerts/hooks.h"
#include "cli/commands.h"
#include "guarantees/commitments.h"
#include "live/demo.h"
#include "live/live.h"
#include "server/auth.h"
#include "server/evidence.h"
#include "server/http_server.h"
#include "server/journal.h"
#include "server/webhook_relay.h"

namespace truce::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArgs {
  std::string agreement, data;
  std::string listen = "127.0.0.1:8080";
  std::string ais_tcp = "127.0.0.1:10110";
  std::string ais_udp;  // default: the --ais-tcp address
  std::string sbs, commitments, web, log_key, witness_keys, webhooks;
  double retention_hours = 24 * 7;
  // Event-time seconds an observation waits for earlier ones of its feed:
  // the floor of an incident's latency. Negative: the default (10 s live;
  // 300 s, as truce replay, for --demo, whose clock runs --speed times
  // faster).
  double reorder_window_s = -1;
  double rate_per_s = 50, rate_burst = 200;
  bool demo = false;
  double speed = 120;
};

struct HostPort {
  std::string host;
  int port = 0;
};

// "HOST:PORT" or "[V6]:PORT"; port 0..65535.
std::optional<HostPort> ParseHostPort(const std::string& s) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = s.substr(0, colon);
  std::string port = s.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int p = std::stoi(port);
  if (p > 65535) return std::nullopt;
  return HostPort{host, p};
}

int Usage(const std::string& option, const std::string& value,
          const std::string& hint) {
  fmt::print(stderr, "error: {} '{}': {}\n", option, value, hint);
  return 2;
}

int Report(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.ToString());
  return ExitCodeFor(e.code);
}

// The built dashboard: --web, else web/dist here, else beside the source
// tree the binary was built in (build/<x>/src/cli/truce).
fs::path FindWebDir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::exists("web/dist/index.html", ec)) return fs::absolute("web/dist");
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path p = exe.parent_path(); !ec && !p.empty() && p != p.root_path();
       p = p.parent_path()) {
    if (fs::exists(p / "web/dist/index.html", ec)) return p / "web/dist";
  }
  return {};
}

// A file of the source tree (examples/...): here, else above the binary.
fs::path FindSourceFile(const fs::path& relative) {
  std::error_code ec;
  if (fs::exists(relative, ec)) return fs::absolute(relative);
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path p = exe.parent_path(); !ec && !p.empty() && p != p.root_path();
       p = p.parent_path()) {
    if (fs::exists(p / relative, ec)) return p / relative;
  }
  return {};
}

std::string AgreementId(const fs::path& path) {
  // examples/ceasefire-2025/agreement.yaml is "ceasefire-2025".
  if (path.stem() == "agreement" && path.has_parent_path() &&
      !fs::absolute(path).parent_path().filename().empty()) {
    return fs::absolute(path).parent_path().filename().string();
  }
  return path.stem().string();
}

int RunServe(ServeArgs args) {
  if (args.demo) {
    if (!(args.speed > 0)) {
      return Usage("--speed", std::to_string(args.speed), "more than 0");
    }
    if (args.ais_tcp == "off") {
      return Usage("--ais-tcp", "off", "--demo plays AIS through it");
    }
    const fs::path example = "examples/ceasefire-2025";
    if (args.agreement.empty()) {
      args.agreement = FindSourceFile(example / "agreement.yaml").string();
      if (args.agreement.empty()) {
        fmt::print(stderr,
                   "error: --demo: examples/ceasefire-2025 not found; run "
                   "from the source tree or give --agreement\n");
        return 3;
      }
      if (args.commitments.empty()) {
        args.commitments =
            FindSourceFile(example / "commitments.yaml").string();
      }
    }
    if (args.data.empty()) {
      std::string tmpl =
          (fs::temp_directory_path() / "truce-demo-XXXXXX").string();
      if (mkdtemp(tmpl.data()) == nullptr) {
        fmt::print(stderr, "error: cannot make a temporary --data folder\n");
        return 4;
      }
      args.data = tmpl;
      fmt::print(stderr, "demo data in {}\n", args.data);
    }
  }
  if (args.agreement.empty() || args.data.empty()) {
    fmt::print(stderr,
               "error: --agreement FILE and --data DIR are required (or "
               "--demo)\n");
    return 2;
  }
  auto listen = ParseHostPort(args.listen);
  if (!listen) return Usage("--listen", args.listen, "use HOST:PORT");
  std::optional<HostPort> ais_tcp, ais_udp, sbs;
  if (args.ais_tcp != "off") {
    ais_tcp = ParseHostPort(args.ais_tcp);
    if (!ais_tcp) {
      return Usage("--ais-tcp", args.ais_tcp, "use HOST:PORT or off");
    }
  }
  std::string udp = args.ais_udp.empty() ? args.ais_tcp : args.ais_udp;
  if (udp != "off") {
    ais_udp = ParseHostPort(udp);
    if (!ais_udp) return Usage("--ais-udp", udp, "use HOST:PORT or off");
  }
  if (!args.sbs.empty()) {
    sbs = ParseHostPort(args.sbs);
    if (!sbs || sbs->port == 0) {
      return Usage("--sbs", args.sbs, "use HOST:PORT, e.g. 127.0.0.1:30003");
    }
  }
  if (!(args.retention_hours > 0)) {
    return Usage("--retention", std::to_string(args.retention_hours),
                 "hours, more than 0");
  }

  auto agreement = agreement::LoadAgreement(args.agreement);
  if (!agreement) {
    for (const auto& e : agreement.error()) {
      fmt::print(stderr, "{}: error: {}\n", e.where.ToString(),
                 e.message + (e.hint.empty() ? "" : "; " + e.hint));
    }
    fmt::print(stderr, "the agreement is not valid: run `truce check {}`\n",
               args.agreement);
    return ExitCodeFor(agreement.error().front().code);
  }
  server::ServerOptions options;
  if (!args.commitments.empty()) {
    auto c = guarantees::LoadCommitments(args.commitments, &*agreement);
    if (!c) {
      for (const auto& e : c.error()) fmt::print(stderr, "{}\n", e.ToString());
      fmt::print(stderr,
                 "the commitments are not valid: run `truce "
                 "guarantees check {}`\n",
                 args.commitments);
      return 1;
    }
    options.commitments =
        std::make_shared<const guarantees::Commitments>(std::move(*c));
  }
  if (!args.witness_keys.empty()) {
    auto keys = server::LoadWitnessKeys(args.witness_keys);
    if (!keys) return Report(keys.error());
    options.witness_keys = std::move(*keys);
  }

  if (!args.webhooks.empty()) {
    auto hooks = alerts::ReadHooks(args.webhooks);
    if (!hooks) {
      for (const auto& e : hooks.error()) {
        fmt::print(stderr, "{}\n", e.ToString());
      }
      return ExitCodeFor(hooks.error().front().code);
    }
  }

  // Signals are taken by sigwait below; every thread started from here on
  // inherits the mask, so none of them is interrupted by Ctrl-C.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  live::LiveOptions live_options;
  live_options.data_dir = args.data;
  live_options.retention =
      DurationNs{static_cast<int64_t>(args.retention_hours * 3600e9)};
  live_options.log_key = args.log_key;
  double window_s = args.reorder_window_s >= 0 ? args.reorder_window_s
                    : args.demo                ? 300
                                               : 10;
  live_options.reorder_window =
      DurationNs{static_cast<int64_t>(std::llround(window_s * 1e9))};
  auto live = live::Live::Open(*agreement, args.agreement, live_options);
  if (!live) return Report(live.error());
  auto tokens = server::TokenStore::Open(args.data);
  if (!tokens) return Report(tokens.error());
  auto journal = server::Journal::Open(args.data);
  if (!journal) return Report(journal.error());

  std::vector<std::string> lines;
  std::string ais_tcp_address;
  if (ais_tcp) {
    auto a = (*live)->ListenAisTcp(ais_tcp->host, ais_tcp->port);
    if (!a) return Report(a.error());
    ais_tcp_address = *a;
    lines.push_back("ais-tcp " + *a);
  }
  if (ais_udp) {
    auto a = (*live)->ListenAisUdp(ais_udp->host, ais_udp->port);
    if (!a) return Report(a.error());
    lines.push_back("ais-udp " + *a);
  }
  if (sbs) {
    (*live)->ConnectSbs(sbs->host, sbs->port);
    lines.push_back("sbs-client " + args.sbs);
  }

  options.host = listen->host;
  options.port = listen->port;
  options.data_dir = args.data;
  options.web_dir = FindWebDir(args.web);
  options.agreement_id = AgreementId(args.agreement);
  options.log_key_file = args.log_key;
  options.rate_limit = {args.rate_per_s, args.rate_burst};
  auto http =
      server::Server::Start(*agreement, **live, **tokens, **journal, options);
  if (!http) return Report(http.error());
  fmt::print("dashboard http://{}/\n", (*http)->address());
  for (const auto& l : lines) fmt::print("{}\n", l);
  std::fflush(stdout);
  if (options.web_dir.empty()) {
    fmt::print(stderr,
               "note: no built dashboard found (web/dist); the API works, / "
               "answers 404 until you build web/ or give --web DIR\n");
  }

  std::unique_ptr<server::WebhookRelay> relay;
  if (!args.webhooks.empty()) {
    server::WebhookRelayOptions w;
    w.hooks_path = args.webhooks;
    w.exercise = args.demo;
    auto started = server::WebhookRelay::Start(**live, args.data, w);
    if (!started) return Report(started.error());
    relay = std::move(*started);
    fmt::print(stderr,
               "webhooks: CAP alerts to the endpoints of {}, outbox {}\n",
               args.webhooks, (fs::path(args.data) / "outbox.db").string());
  }

  std::unique_ptr<live::DemoFeeder> demo;
  if (args.demo) {
    live::DemoOptions d;
    d.data_dir = args.data;
    d.ais_tcp = ais_tcp_address;
    d.speed = args.speed;
    auto started = live::StartDemo(**live, *agreement, d);
    if (!started) return Report(started.error());
    demo = std::move(*started);
    fmt::print(stderr, "demo: playing the simulated feeds at {}x real time\n",
               args.speed);
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  fmt::print(stderr,
             "{}: stopping: flushing the store and signing a last "
             "checkpoint\n",
             sig == SIGINT ? "SIGINT" : "SIGTERM");
  if (demo) demo->Stop();
  if (relay) relay->Stop();
  (*http)->Stop();
  (*live)->Stop();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = root.add_subcommand(
      "serve",
      "Run the rules over live feeds with the HTTP API, live stream and "
      "dashboard (until SIGINT/SIGTERM)");
  cmd->add_option("--agreement", args->agreement,
                  "The agreement YAML (required unless --demo)");
  cmd->add_option("--data", args->data,
                  "Data folder: store, evidence log, tokens (created; "
                  "required unless --demo)");
  cmd->add_option("--listen", args->listen,
                  "HTTP address HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--ais-tcp", args->ais_tcp,
                  "Listen for AIS NMEA over TCP at HOST:PORT, or off")
      ->capture_default_str();
  cmd->add_option("--ais-udp", args->ais_udp,
                  "Listen for AIS NMEA over UDP at HOST:PORT, or off "
                  "(default: the --ais-tcp address)");
  cmd->add_option("--sbs", args->sbs,
                  "Connect to an SBS-1 (BaseStation) feed at HOST:PORT, e.g. "
                  "readsb's 30003; reconnects with backoff");
  cmd->add_option("--commitments", args->commitments,
                  "Guarantors' commitments YAML: enables /api/coverage and "
                  "/api/obligations");
  cmd->add_option("--web", args->web,
                  "The built dashboard folder (default: web/dist)");
  cmd->add_option("--retention", args->retention_hours,
                  "Hours of observations kept (incidents and the log are "
                  "kept forever)")
      ->capture_default_str();
  cmd->add_option("--reorder-window", args->reorder_window_s,
                  "Seconds (event time) an observation waits for earlier "
                  "ones from its feed, as truce replay's window: the floor of "
                  "an incident's latency (default 10; --demo: 300)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--log-key", args->log_key,
                  "The evidence log's signer key (default: created in "
                  "DATA/keys)");
  cmd->add_option("--webhooks", args->webhooks,
                  "hooks.yaml (docs/formats/webhooks.md): send a CAP alert "
                  "for each incident revision that warrants one, through the "
                  "durable outbox DATA/outbox.db");
  cmd->add_option("--witness-keys", args->witness_keys,
                  "File of witness verifier keys, one per line, whose "
                  "cosignatures /api/checkpoint/cosignatures accepts");
  cmd->add_option("--rate", args->rate_per_s,
                  "Requests per second per token (or per IP for public)")
      ->capture_default_str();
  cmd->add_option("--burst", args->rate_burst,
                  "Requests a caller may make at once before --rate applies")
      ->capture_default_str();
  cmd->add_flag("--demo", args->demo,
                "Run the bundled example (examples/ceasefire-2025) with a "
                "simulated live feed, in a temporary --data unless given");
  cmd->add_option("--speed", args->speed,
                  "--demo: times real time the simulated feed is played at")
      ->capture_default_str();
  cmd->callback([=] { *exit_code = RunServe(*args); });
}

}  // namespace truce::cli
