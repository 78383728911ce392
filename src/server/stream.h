// StreamClient: one live-stream (SSE) client's bounded queue of events.
//
// Push runs on truce's engine thread (a Live subscriber) and never blocks:
// a full queue marks the client cut off instead. A client may fall
// `capacity` events behind live; the kept history replayed to it when it
// connects or resumes (between BeginReplay and EndReplay) is allowed on
// top, until it has read it, so that a long replay never cuts it off (and
// again on every reconnect). The HTTP thread serving the
// client waits on Pop. Events are formatted as SSE by FormatSse.
//
// Thread safety: Push, Pop and Close may be called from any thread.
#ifndef TRUCE_SERVER_STREAM_H_
#define TRUCE_SERVER_STREAM_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "live/live.h"

namespace truce::server {

class StreamClient {
 public:
  explicit StreamClient(size_t capacity) : capacity_(capacity) {}

  // True when this push overflowed the queue and cut the client off (once
  // per client), so the caller can count it at once.
  bool Push(const live::LiveEvent& e);
  // Ends Pop waits: the server is stopping.
  void Close();
  // Around Live::Subscribe's replay of the kept history.
  void BeginReplay();
  void EndReplay();

  struct Batch {
    std::vector<live::LiveEvent> events;
    bool cut_off = false;  // the queue overflowed: end the stream
    bool closed = false;
  };
  // Waits up to `timeout` for events; returns all queued ones.
  Batch Pop(std::chrono::milliseconds timeout);

 private:
  const size_t capacity_;
  size_t backlog_ = 0;  // replayed events still allowed beyond capacity_
  bool replaying_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<live::LiveEvent> queue_;
  bool cut_off_ = false, closed_ = false;
};

// "id: SEQ\nevent: TYPE\ndata: JSON\n\n" (one data line per line of JSON).
std::string FormatSse(const live::LiveEvent& e);

}  // namespace truce::server

#endif  // TRUCE_SERVER_STREAM_H_
