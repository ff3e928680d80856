// Shared by the connection door's tests: a hand-written HTTP client on a raw
// socket, and a fixture running a real server on a loopback port.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "../testing/temp_dir.h"
#include "api/server.h"
#include "server_fixture.h"

namespace sanad::api {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

inline constexpr const char* kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
};

// A client socket that speaks HTTP by hand.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  [[nodiscard]] bool connected() const { return fd_ >= 0; }
  [[nodiscard]] int fd() const { return fd_; }

  // False when the server has closed the connection.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response (head, and the body its Content-Length gives), or nullopt
  // when the connection closed or `timeout` passed first.
  std::optional<RawResponse> ReadResponse(milliseconds timeout = seconds(5)) {
    const auto deadline = Clock::now() + timeout;
    size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
    }
    RawResponse response;
    response.head = pending_.substr(0, head_end + 4);
    response.status = std::stoi(response.head.substr(9, 3));
    size_t length = 0;
    for (const char* name : {"Content-Length: ", "content-length: "}) {
      if (auto at = response.head.find(name); at != std::string::npos) {
        length = std::stoul(response.head.substr(at + 16));
      }
    }
    while (pending_.size() < head_end + 4 + length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    response.body = pending_.substr(head_end + 4, length);
    pending_.erase(0, head_end + 4 + length);
    return response;
  }

  // True when the server closes the connection (after any response) within
  // `timeout`.
  bool ClosedWithin(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (!Fill(deadline)) return !timed_out_;
    }
    return false;
  }

  // Whether the server has closed the connection already (does not wait).
  bool ClosedNow() { return ClosedWithin(milliseconds(1)); }

 private:
  // Appends what arrives before `deadline`; false on close or timeout.
  bool Fill(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    pollfd p{fd_, POLLIN, 0};
    timed_out_ = false;
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      timed_out_ = true;
      return false;
    }
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    pending_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
  bool timed_out_ = false;
};

class ConnectionDoorTest : public LoopbackServerTest {
 protected:
  void Start(ServerOptions options = {}) { StartServer(options, {Role::kRegistrar}); }

  int port() const { return server_->port(); }

  // A normal client: generous timeouts, as a field officer's browser has.
  std::unique_ptr<httplib::Client> Client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port());
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(5, 0);
    client->set_write_timeout(5, 0);
    return client;
  }
};

inline json Household(int n) {
  json household = HouseholdOfSix();
  household["current_location"] = "Torkham zero point, tent " + std::to_string(n);
  return household;
}

}  // namespace sanad::api
