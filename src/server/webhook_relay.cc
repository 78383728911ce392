#include "server/webhook_relay.h"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "alerts/cap.h"
#include "alerts/delivery.h"
#include "alerts/hooks.h"
#include "alerts/incident_file.h"
#include "alerts/outbox.h"
#include "live/live.h"

namespace truce::server {

struct WebhookRelay::Impl {
  live::Live* live = nullptr;
  alerts::Hooks hooks;
  std::unique_ptr<alerts::Outbox> outbox;
  alerts::CapOptions cap;
  std::vector<std::string> endpoints;
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  bool dirty = true;  // new revisions to enqueue
  size_t enqueued_revisions = 0;
  uint64_t subscription = 0;
  std::thread thread;

  void Run() {
    while (!stop) {
      {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::seconds(1),
                    [this] { return dirty || stop.load(); });
        if (stop) break;
        dirty = false;
      }
      if (auto r = EnqueueNew(); !r) Report(r.error());
      alerts::DeliveryOptions options;
      options.stop = &stop;
      options.on_attempt = [](const alerts::OutboxMessage& m,
                              const alerts::AttemptResult& a) {
        if (!a.error.empty()) {
          fmt::print(stderr, "webhooks: {}: {} attempt {} failed: {}\n",
                     m.endpoint, m.identifier, m.attempts + 1, a.error);
        }
      };
      if (auto r = alerts::Deliver(*outbox, hooks, options); !r) {
        Report(r.error());
      }
    }
  }

  // The CAP messages of every revision so far; the outbox keeps each
  // (endpoint, identifier) once.
  Result<void> EnqueueNew() {
    std::vector<std::string> revisions = live->Revisions();
    if (revisions.size() == enqueued_revisions) return {};
    std::string text;
    for (const auto& r : revisions) {
      text += r;
      text += '\n';
    }
    auto parsed = alerts::ParseIncidentFile(text, "live revisions");
    if (!parsed) return std::unexpected(parsed.error());
    auto messages = alerts::BuildCapMessages(*parsed, cap);
    if (!messages) return std::unexpected(messages.error());
    auto added = outbox->Enqueue(endpoints, *messages, alerts::NowMs());
    if (!added) return std::unexpected(added.error());
    enqueued_revisions = revisions.size();
    return {};
  }

  static void Report(const Error& e) {
    fmt::print(stderr, "webhooks: {}\n", e.ToString());
  }
};

Result<std::unique_ptr<WebhookRelay>> WebhookRelay::Start(
    live::Live& live, const std::filesystem::path& data_dir,
    const WebhookRelayOptions& options) {
  auto hooks = alerts::ReadHooks(options.hooks_path);
  if (!hooks) return std::unexpected(hooks.error().front());
  auto outbox = alerts::Outbox::Open((data_dir / "outbox.db").string());
  if (!outbox) return std::unexpected(outbox.error());
  auto impl = std::make_unique<Impl>();
  impl->live = &live;
  impl->hooks = std::move(*hooks);
  impl->outbox = std::move(*outbox);
  impl->cap.status = options.exercise ? alerts::CapStatus::kExercise
                                      : alerts::CapStatus::kActual;
  for (const auto& ep : impl->hooks.endpoints) {
    impl->endpoints.push_back(ep.name);
  }
  Impl* i = impl.get();
  // New events only: the first pass enqueues the whole history anyway.
  impl->subscription = live.Subscribe(std::numeric_limits<uint64_t>::max(),
                                      [i](const live::LiveEvent& e) {
                                        if (e.type != "incident") return;
                                        std::lock_guard lock(i->mu);
                                        i->dirty = true;
                                        i->cv.notify_one();
                                      });
  impl->thread = std::thread([i] { i->Run(); });
  return std::unique_ptr<WebhookRelay>(new WebhookRelay(std::move(impl)));
}

WebhookRelay::WebhookRelay(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

WebhookRelay::~WebhookRelay() { Stop(); }

void WebhookRelay::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->live->Unsubscribe(impl_->subscription);
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_one();
  impl_->thread.join();
}

}  // namespace truce::server
