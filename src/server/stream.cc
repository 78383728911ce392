#include "server/stream.h"

#include <fmt/format.h>

namespace truce::server {

bool StreamClient::Push(const live::LiveEvent& e) {
  bool cut = false;
  {
    std::lock_guard lock(mu_);
    if (cut_off_ || closed_) return false;
    size_t extra = replaying_ ? live::kStreamHistoryEvents : backlog_;
    if (queue_.size() >= capacity_ + extra) {
      cut_off_ = cut = true;
      queue_.clear();
    } else {
      queue_.push_back(e);
    }
  }
  cv_.notify_one();
  return cut;
}

void StreamClient::BeginReplay() {
  std::lock_guard lock(mu_);
  replaying_ = true;
}

void StreamClient::EndReplay() {
  std::lock_guard lock(mu_);
  replaying_ = false;
  backlog_ = queue_.size();
}

void StreamClient::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

StreamClient::Batch StreamClient::Pop(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout,
               [&] { return !queue_.empty() || cut_off_ || closed_; });
  Batch b;
  b.cut_off = cut_off_;
  b.closed = closed_;
  b.events.assign(queue_.begin(), queue_.end());
  queue_.clear();
  backlog_ = 0;  // the replay has been read: live allowance only
  return b;
}

std::string FormatSse(const live::LiveEvent& e) {
  std::string out = fmt::format("id: {}\nevent: {}\n", e.seq, e.type);
  size_t start = 0;
  while (true) {
    size_t nl = e.json.find('\n', start);
    std::string_view line = std::string_view(e.json).substr(
        start, nl == std::string::npos ? std::string::npos : nl - start);
    out += "data: ";
    out += line;
    out += '\n';
    if (nl == std::string::npos || nl + 1 >= e.json.size()) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

}  // namespace truce::server
