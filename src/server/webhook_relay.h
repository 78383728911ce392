// WebhookRelay: `truce serve --webhooks hooks.yaml`. Every incident revision
// the live pipeline emits that warrants an alert becomes a CAP 1.2 message
// (alerts/cap.h: Alert, Update or Cancel, with the evidence-log leaf hash)
// in the durable outbox DATA/outbox.db for every endpoint of hooks.yaml
// (docs/formats/webhooks.md), and is delivered by alerts::Deliver: one
// worker per endpoint, in order, timeouts, retries with backoff, dead
// letters.
//
// Contract: at least once, as `truce alerts send`. CAP identifiers derive
// from the incident id and revision and Outbox::Enqueue is idempotent on
// (endpoint, identifier), so the relay simply enqueues the messages of all
// revisions whenever there are new ones, and after a restart (or kill -9)
// nothing is lost and nothing already delivered is sent again, except a
// message whose delivery was under way at the crash.
//
// Thread safety: Start and Stop from one thread; the relay runs on its own
// thread. Ownership: `live` must outlive the relay.
#ifndef TRUCE_SERVER_WEBHOOK_RELAY_H_
#define TRUCE_SERVER_WEBHOOK_RELAY_H_

#include <filesystem>
#include <memory>
#include <string>

#include "base/error.h"

namespace truce::live {
class Live;
}

namespace truce::server {

struct WebhookRelayOptions {
  std::string hooks_path;  // hooks.yaml
  bool exercise = false;   // CAP <status>Exercise</status> (the demo)
};

class WebhookRelay {
 public:
  // Reads hooks.yaml (its errors, located, are kInvalidInput), opens
  // DATA/outbox.db and starts relaying.
  static Result<std::unique_ptr<WebhookRelay>> Start(
      live::Live& live, const std::filesystem::path& data_dir,
      const WebhookRelayOptions& options);
  ~WebhookRelay();
  // Stops promptly (a retry wait is cut short); what is pending stays in
  // the outbox for the next start.
  void Stop();

  struct Impl;

 private:
  explicit WebhookRelay(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_WEBHOOK_RELAY_H_
