// GET /api/stream: Server-Sent Events through Live::Subscribe, one bounded
// queue per client (server_impl.h, stream.h).
#include <fmt/format.h>

#include "server/server_impl.h"

namespace truce::server {

bool Server::Impl::Covered(const live::LiveEvent& incident, uint64_t size) {
  std::string id;
  int64_t revision = 0;
  try {
    auto j = nlohmann::json::parse(incident.json);
    id = j.at("id").get<std::string>();
    revision = j.at("revision").get<int64_t>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  auto d = live.Incident(id);
  if (!d || revision < 1 ||
      static_cast<size_t>(revision) > d->log_indexes.size()) {
    return false;
  }
  return d->log_indexes[revision - 1] < size;
}

void Server::Impl::Stream(const Principal& who, const httplib::Request& req,
                          httplib::Response& res) {
  uint64_t after = 0;
  std::string last = req.get_header_value("Last-Event-ID");
  if (last.empty()) last = req.get_param_value("after");
  if (!last.empty()) {
    if (last.size() > 19 ||
        last.find_first_not_of("0123456789") != std::string::npos) {
      return Reply(res, Invalid("Last-Event-ID must be an event id (a number)",
                                "Last-Event-ID",
                                "send back the id of the last event read"));
    }
    after = std::stoull(last);
  }
  auto client = std::make_shared<StreamClient>(options.stream_queue_events);
  {
    std::lock_guard lock(clients_mu);
    if (static_cast<int>(clients.size()) >= options.max_stream_clients) {
      return Reply(res, {503, "unavailable", "too many live stream clients", "",
                         "retry later"});
    }
    clients.insert(client);
  }
  ++metrics.stream_clients;
  // The kept history replayed now is allowed beyond the live allowance
  // until the client has read it (stream.h).
  client->BeginReplay();
  uint64_t handle =
      live.Subscribe(after, [this, client](const live::LiveEvent& e) {
        // Counted here, on the engine thread: the HTTP thread may be stuck
        // writing to the slow client until its write timeout.
        if (client->Push(e)) ++metrics.stream_cut_off;
      });
  client->EndReplay();
  const bool is_public = who.role == Role::kPublic;
  auto held = std::make_shared<std::vector<live::LiveEvent>>();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, client, is_public, held](size_t, httplib::DataSink& sink) {
        auto batch = client->Pop(std::chrono::milliseconds(10000));
        if (batch.cut_off || batch.closed || stopping) {
          if (batch.cut_off) {
            std::string bye =
                "event: error\ndata: {\"error\":\"cut off: the client read "
                "too slowly; reconnect with Last-Event-ID\"}\n\n";
            sink.write(bye.data(), bye.size());
          }
          sink.done();
          return true;
        }
        std::string out;
        for (auto& e : batch.events) {
          if (is_public) {
            if (e.type == "incident") {
              held->push_back(std::move(e));
              continue;
            }
            if (e.type != "checkpoint") continue;
            // Release the held revisions this checkpoint covers, in order.
            uint64_t size = 0;
            try {
              size = nlohmann::json::parse(e.json).at("size").get<uint64_t>();
            } catch (const nlohmann::json::exception&) {
            }
            auto covered = held->begin();
            while (covered != held->end() && Covered(*covered, size)) {
              out += FormatSse(*covered);
              ++metrics.stream_events;
              ++covered;
            }
            held->erase(held->begin(), covered);
          }
          out += FormatSse(e);
          ++metrics.stream_events;
        }
        if (out.empty()) out = ": keep-alive\n\n";
        return sink.write(out.data(), out.size());
      },
      [this, client, handle](bool) {
        live.Unsubscribe(handle);
        --metrics.stream_clients;
        std::lock_guard lock(clients_mu);
        clients.erase(client);
      });
}

}  // namespace truce::server
