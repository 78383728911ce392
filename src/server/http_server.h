// Server: truce's HTTP API, live stream, metrics and dashboard over the live
// pipeline (docs/api/README.md, docs/api/openapi.json).
//
// Every request is: authenticated (Authorization: Bearer TOKEN; none is the
// public role; an unknown or revoked token is 401), rate limited (429 with
// Retry-After), checked against the route's roles (401 without a token, 403
// with one) and body limit (413, refused before the body is read when it
// declares its length), then answered. Errors are JSON:
//   {"error":{"status","code","message","where","hint"}}.
// Non-/api paths serve the dashboard folder and nothing outside it
// (server/static_files.h).
//
// The live stream (/api/stream, Server-Sent Events) keeps a bounded queue
// per client, filled by Live::Subscribe on the engine thread without
// blocking; a client that falls `stream_queue_events` behind is cut off (and
// counted) rather than slowing the engine. The public role sees incident
// revisions only once a checkpoint event covers them (held until a
// checkpoint's size exceeds the revision's log index, then written before
// that checkpoint), and checkpoints; no tracks or feeds.
//
// Ownership: the Server borrows the agreement, Live, TokenStore and Journal,
// which must outlive it. Thread safety: Start, address and Stop may be
// called from any thread; Stop is idempotent and waits for the listener.
#ifndef TRUCE_SERVER_HTTP_SERVER_H_
#define TRUCE_SERVER_HTTP_SERVER_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"
#include "ledger/note.h"
#include "live/live.h"
#include "server/auth.h"
#include "server/journal.h"
#include "server/rate_limit.h"

namespace truce::guarantees {
struct Commitments;
}

namespace truce::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::filesystem::path data_dir;
  std::filesystem::path web_dir;  // empty or missing: no dashboard (404)
  std::string agreement_id;       // GET /api/health, /api/agreement
  std::string version = "0.1.0";
  // Coverage and obligations; null: those routes answer 404 with a hint.
  std::shared_ptr<const guarantees::Commitments> commitments;
  std::vector<ledger::VerifierKey> witness_keys;
  std::string log_key_file;  // empty: the key in data_dir/keys
  RateLimit rate_limit;
  size_t stream_queue_events = 4096;
  int max_stream_clients = 64;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(
      const agreement::Agreement& agreement, live::Live& live,
      TokenStore& tokens, Journal& journal, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // "127.0.0.1:8080", with the port actually bound.
  std::string address() const;
  // New requests get 503; streams end; waits for the listener thread.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_HTTP_SERVER_H_
