// truce alerts cap|send|status: CAP 1.2 alerts from incident revisions, and
// their delivery to webhooks through a durable outbox
// (docs/formats/cap-alerts.md, docs/formats/webhooks.md).
//
// Exit codes: 0 done (send: every message delivered); 1 invalid input (an
// incidents line, hooks.yaml, an option value); 3 a file not found; 4 I/O;
// 5 the outbox is not an outbox or is damaged; 7 send: some message was
// dead-lettered or is pending for an endpoint no longer in hooks.yaml
// (`truce alerts status` lists them).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "alerts/cap.h"
#include "alerts/delivery.h"
#include "alerts/hooks.h"
#include "alerts/incident_file.h"
#include "alerts/outbox.h"
#include "base/time.h"
#include "cli/commands.h"

namespace truce::cli {
namespace {

namespace fs = std::filesystem;

struct AlertsArgs {
  std::string incidents, out, webhooks, outbox;
  std::string sender = "truce@monitoring.invalid";
  std::string sender_name = "truce";
  std::string status = "auto";
  uint64_t seed = 0;
  bool json = false;
};

int PrintError(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.ToString());
  return ExitCodeFor(e.code);
}

// Incidents to CAP messages, with the options checked.
Result<std::vector<alerts::CapMessage>> Messages(const AlertsArgs& args) {
  alerts::CapOptions options;
  options.sender = args.sender;
  options.sender_name = args.sender_name;
  if (args.status == "auto") {
    options.status = alerts::DetectCapStatus(args.incidents);
  } else {
    auto s = alerts::ParseCapStatus(args.status);
    if (!s) {
      s.error().where.field = "--status";
      return std::unexpected(s.error());
    }
    options.status = *s;
  }
  if (auto ok = alerts::CheckCapOptions(options); !ok) {
    ok.error().where.field = "--sender";
    return std::unexpected(ok.error());
  }
  auto revisions = alerts::ReadIncidentFile(args.incidents);
  if (!revisions) return std::unexpected(revisions.error());
  auto messages = alerts::BuildCapMessages(*revisions, options);
  if (messages) {
    fmt::print(stderr, "{} incident revisions -> {} CAP messages, status {}\n",
               revisions->size(), messages->size(),
               alerts::Name(options.status));
  }
  return messages;
}

int RunCap(const AlertsArgs& args) {
  auto messages = Messages(args);
  if (!messages) return PrintError(messages.error());
  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec) {
    return PrintError(
        Error{ErrorCode::kIo,
              fmt::format("cannot create {}: {}", args.out, ec.message()),
              "check the path and its permissions",
              {}});
  }
  for (const auto& m : *messages) {
    fs::path path = fs::path(args.out) / (m.identifier + ".xml");
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << m.xml;
    f.close();
    if (!f) {
      return PrintError(Error{ErrorCode::kIo,
                              fmt::format("cannot write {}", path.string()),
                              "check free space and permissions",
                              {}});
    }
    fmt::print("{} {} {} r{}\n", path.string(), m.msg_type, m.incident_id,
               m.revision);
  }
  return 0;
}

int RunSend(const AlertsArgs& args) {
  auto hooks = alerts::ReadHooks(args.webhooks);
  if (!hooks) {
    for (const auto& e : hooks.error()) {
      fmt::print(stderr, "{}\n", e.ToString());
    }
    return ExitCodeFor(hooks.error().front().code);
  }
  auto messages = Messages(args);
  if (!messages) return PrintError(messages.error());
  auto outbox = alerts::Outbox::Open(args.outbox);
  if (!outbox) return PrintError(outbox.error());
  std::vector<std::string> names;
  for (const auto& ep : hooks->endpoints) names.push_back(ep.name);
  auto added = (*outbox)->Enqueue(names, *messages, alerts::NowMs());
  if (!added) return PrintError(added.error());
  fmt::print(stderr, "enqueued {} new deliveries for {} endpoints\n", *added,
             names.size());
  alerts::DeliveryOptions options;
  options.seed = args.seed;
  options.on_attempt = [](const alerts::OutboxMessage& m,
                          const alerts::AttemptResult& a) {
    if (!a.error.empty()) {
      fmt::print(stderr, "{}: {} attempt {} failed: {}\n", m.endpoint,
                 m.identifier, m.attempts + 1, a.error);
    }
  };
  auto report = alerts::Deliver(**outbox, *hooks, options);
  if (!report) return PrintError(report.error());
  int64_t dead = 0;
  for (const auto& ep : hooks->endpoints) {
    fmt::print("{}: {} delivered, {} dead-lettered, {} failed attempts\n",
               ep.name, report->delivered[ep.name], report->dead[ep.name],
               report->failed_attempts[ep.name]);
    dead += report->dead[ep.name];
  }
  if (report->orphaned > 0) {
    fmt::print(stderr,
               "{} messages are pending for endpoints not in {}; add them "
               "back to deliver them (truce alerts status --outbox {})\n",
               report->orphaned, args.webhooks, args.outbox);
  }
  if (dead > 0) {
    fmt::print(stderr,
               "{} messages were dead-lettered after their endpoint's "
               "max_attempts; truce alerts status --outbox {} lists them\n",
               dead, args.outbox);
  }
  return dead > 0 || report->orphaned > 0 ? ExitCodeFor(ErrorCode::kUnavailable)
                                          : 0;
}

std::string Time(int64_t ms) {
  return ms == 0 ? "-" : FormatRfc3339(TimeNs{ms * 1'000'000});
}

int RunStatus(const AlertsArgs& args) {
  // Never create an outbox by asking for its status.
  if (!fs::exists(args.outbox)) {
    return PrintError(Error{ErrorCode::kNotFound,
                            fmt::format("no outbox at {}", args.outbox),
                            "give the --outbox that truce alerts send used",
                            {}});
  }
  auto outbox = alerts::Outbox::Open(args.outbox);
  if (!outbox) return PrintError(outbox.error());
  auto st = (*outbox)->Status();
  if (!st) return PrintError(st.error());
  if (args.json) {
    nlohmann::json j;
    j["endpoints"] = nlohmann::json::object();
    for (const auto& [name, e] : st->endpoints) {
      j["endpoints"][name] = {
          {"pending", e.pending},
          {"delivered", e.delivered},
          {"dead", e.dead},
          {"attempts", e.attempts},
          {"failed_attempts", e.failed_attempts},
          {"max_attempts_on_one_message", e.max_attempts_on_one},
          {"request_ms_max", e.request_ms_max},
          {"request_ms_mean", e.request_ms_mean},
          {"oldest_pending_enqueued",
           e.oldest_pending_enqueued_ms
               ? nlohmann::json(Time(e.oldest_pending_enqueued_ms))
               : nlohmann::json(nullptr)},
          {"last_error", e.last_error.empty() ? nlohmann::json(nullptr)
                                              : nlohmann::json(e.last_error)}};
    }
    j["dead"] = nlohmann::json::array();
    for (const auto& d : st->dead) {
      j["dead"].push_back({{"endpoint", d.endpoint},
                           {"identifier", d.identifier},
                           {"attempts", d.attempts},
                           {"last_error", d.last_error}});
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("{:<20} {:>8} {:>9} {:>5} {:>8} {:>7} {:>8} {:>8}  {}\n",
             "endpoint", "pending", "delivered", "dead", "attempts", "failed",
             "mean_ms", "max_ms", "oldest pending");
  for (const auto& [name, e] : st->endpoints) {
    fmt::print("{:<20} {:>8} {:>9} {:>5} {:>8} {:>7} {:>8.1f} {:>8}  {}\n",
               name, e.pending, e.delivered, e.dead, e.attempts,
               e.failed_attempts, e.request_ms_mean, e.request_ms_max,
               Time(e.oldest_pending_enqueued_ms));
    if (!e.last_error.empty()) {
      fmt::print("{:<20} last error: {}\n", "", e.last_error);
    }
  }
  for (const auto& d : st->dead) {
    fmt::print("dead: {} {} after {} attempts: {}\n", d.endpoint, d.identifier,
               d.attempts, d.last_error);
  }
  return 0;
}

void CapOptionsOn(CLI::App* cmd, AlertsArgs* args) {
  cmd->add_option("--sender", args->sender,
                  "CAP sender: your address, no spaces or commas")
      ->capture_default_str();
  cmd->add_option("--sender-name", args->sender_name, "CAP senderName")
      ->capture_default_str();
  cmd->add_option("--status", args->status,
                  "CAP status: actual, exercise, test, or auto (exercise if "
                  "the replay read feeds written by truce simulate)")
      ->capture_default_str();
}

}  // namespace

void AddAlertsCommands(CLI::App& root, int* exit_code) {
  auto args = std::make_shared<AlertsArgs>();
  auto* alerts = root.add_subcommand(
      "alerts",
      "CAP 1.2 alerts from incidents and their delivery to webhooks "
      "(docs/formats/cap-alerts.md, docs/formats/webhooks.md)");
  alerts->require_subcommand(1);
  alerts->footer(
      "Exit codes: 0 done; 1 invalid input; 3 not found; 4 I/O; 5 not an "
      "outbox or damaged; 7 (send) a message dead-lettered or pending for an "
      "endpoint not in hooks.yaml");

  auto* cap = alerts->add_subcommand(
      "cap",
      "Write one CAP 1.2 XML file per incident revision that warrants "
      "an alert (Alert, Update, Cancel) to --out DIR");
  cap->add_option("incidents", args->incidents,
                  "incidents.ndjson written by truce replay")
      ->required();
  cap->add_option("--out", args->out, "Folder for the .xml files")->required();
  CapOptionsOn(cap, args.get());
  cap->callback([args, exit_code] { *exit_code = RunCap(*args); });

  auto* send = alerts->add_subcommand(
      "send",
      "Enqueue the CAP alerts for every endpoint of --webhooks in the --outbox "
      "and deliver them (at least once, in order per endpoint, with retries); "
      "run again after a crash to deliver what is pending");
  send->add_option("incidents", args->incidents,
                   "incidents.ndjson written by truce replay")
      ->required();
  send->add_option("--webhooks", args->webhooks,
                   "hooks.yaml (docs/formats/webhooks.md)")
      ->required();
  send->add_option("--outbox", args->outbox, "SQLite outbox, created if absent")
      ->required();
  send->add_option("--seed", args->seed, "Seed of the retry jitter")
      ->capture_default_str();
  CapOptionsOn(send, args.get());
  send->callback([args, exit_code] { *exit_code = RunSend(*args); });

  auto* status = alerts->add_subcommand(
      "status",
      "Delivery state and metrics of an outbox, per endpoint, and "
      "every dead-lettered message");
  status->add_option("--outbox", args->outbox, "SQLite outbox")->required();
  status->add_flag("--json", args->json, "One JSON document");
  status->callback([args, exit_code] { *exit_code = RunStatus(*args); });
}

}  // namespace truce::cli
