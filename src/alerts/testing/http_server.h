// A real HTTP server on loopback for the webhook tests (cpp-httplib, Debian
// libcpp-httplib-dev): it records every request (path, X-Truce-Identifier,
// attempt header, body) and answers with what the test's handler says. The
// handler may block (to stall a client beyond its timeout).
//
// Thread safety: requests arrive on the server's threads; Requests() and
// WaitFor() may be called from any thread.
#ifndef TRUCE_ALERTS_TESTING_HTTP_SERVER_H_
#define TRUCE_ALERTS_TESTING_HTTP_SERVER_H_

#include <httplib.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace truce::alerts::testing {

struct Request {
  std::string path, identifier, attempt, body, content_type;
  int answered = 0;  // the status the handler answered
  int index = 0;     // of this request among those on its path, from 0
};

class HttpServer {
 public:
  // handler(path, index of this request on that path) -> HTTP status.
  using Handler = std::function<int(const std::string& path, int index)>;

  explicit HttpServer(Handler handler) : handler_(std::move(handler)) {
    server_.Post(
        R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
          int index;
          {
            std::lock_guard lock(mu_);
            index = counts_[req.path]++;
          }
          int status = handler_(req.path, index);
          Request r{req.path,
                    req.get_header_value("X-Truce-Identifier"),
                    req.get_header_value("X-Truce-Attempt"),
                    req.body,
                    req.get_header_value("Content-Type"),
                    status,
                    index};
          {
            std::lock_guard lock(mu_);
            requests_.push_back(std::move(r));
          }
          cv_.notify_all();
          res.status = status;
          res.set_content(status / 100 == 2 ? "ok" : "failing on purpose",
                          "text/plain");
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~HttpServer() {
    server_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Request> Requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Blocks until pred(requests) holds (no time limit: ctest's timeout is the
  // guard against a hang).
  void WaitFor(const std::function<bool(const std::vector<Request>&)>& pred) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return pred(requests_); });
  }

 private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> counts_;
  std::vector<Request> requests_;
};

}  // namespace truce::alerts::testing

#endif  // TRUCE_ALERTS_TESTING_HTTP_SERVER_H_
