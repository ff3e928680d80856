// The connection door's view of one connection (connection_door.cc): its
// buffer, the strict framing of the request arriving in it, and the stream
// httplib answers a buffered request through. Internal to src/api.
#pragma once

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>

#include "api/connection_door.h"

namespace sanad::api {

using DoorClock = std::chrono::steady_clock;

inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// A whole response with Connection: close, for refusals the door makes
// itself (400, 408, 411, 413, 431, 503), its body the API's error JSON.
[[nodiscard]] std::string RefusalResponse(int status);

// Sends what fits in the socket's buffer now; a refusal or an interim
// response is small, and a client that is not reading loses it.
void SendNow(int fd, std::string_view bytes);

void CloseSocket(int fd);

// The address and port of a socket address; false for another family.
bool IpAndPort(const sockaddr_storage& addr, std::string& ip, int& port);

struct Connection {
  // kLingering: refused, the refusal sent; what the client still sends is
  // read and dropped so that closing does not reset the connection before
  // the client has read why.
  enum class Phase { kIdle, kHead, kBody, kLingering };

  int fd = -1;
  std::string address;
  int port = 0;
  std::string buffer;  // received, not yet answered
  Phase phase = Phase::kHead;
  DoorClock::time_point deadline;
  // The head is scanned line by line as bytes arrive.
  size_t scan = 0;            // start of the next unscanned line
  size_t lines = 0;           // lines scanned, the request line included
  size_t head_end = 0;        // 0 until the blank line has arrived
  size_t request_end = 0;     // head and body, once the head is complete
  size_t linger_left = 0;     // bytes still to drop while lingering
  size_t announced_body = 0;  // Content-Length, once the head is complete
  bool expects_continue = false;
  bool continue_sent = false;
  size_t requests = 0;  // answered on this connection

  // Forgets the request just answered; pipelined bytes stay.
  void NextRequest() {
    buffer.erase(0, request_end);
    // A parked connection should not keep a large body's memory.
    if (buffer.empty() && buffer.capacity() > 64 * 1024) std::string().swap(buffer);
    scan = lines = head_end = request_end = announced_body = 0;
    expects_continue = continue_sent = false;
  }
};

// Scans newly arrived head lines. Returns an HTTP status to refuse the
// request with, or 0 (head_end stays 0 while the head is incomplete).
[[nodiscard]] int ScanHead(Connection& c, const DoorSettings& settings);

// Reads the framing headers of a complete head: sets request_end and
// expects_continue, or returns the status to refuse the request with.
[[nodiscard]] int ReadFraming(Connection& c, const DoorSettings& settings);

// One buffered request for httplib's process_request: reads come from the
// buffer, writes go to the socket.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(const Connection& connection, std::chrono::milliseconds write_stall)
      : c_(connection), stall_ms_(static_cast<int>(write_stall.count())) {}

  using httplib::Stream::write;

  bool is_readable() const override { return read_ < c_.request_end; }

  bool is_writable() const override {
    pollfd p{c_.fd, POLLOUT, 0};
    return ::poll(&p, 1, stall_ms_) > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) == 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, c_.request_end - read_);
    std::memcpy(ptr, c_.buffer.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    // The door has sent (or, the body being here, rightly skipped) the
    // interim response already.
    if (c_.expects_continue && !continue_dropped_ && std::string_view(ptr, size) == kContinue) {
      continue_dropped_ = true;
      return static_cast<ssize_t>(size);
    }
    size_t sent = 0;
    while (sent < size) {
      const ssize_t n = ::send(c_.fd, ptr + sent, size - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd p{c_.fd, POLLOUT, 0};
        const int ready = ::poll(&p, 1, stall_ms_);
        if (ready > 0 || (ready < 0 && errno == EINTR)) continue;
      }
      return -1;
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.address;
    port = c_.port;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(c_.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        !IpAndPort(addr, ip, port)) {
      ip.clear();
      port = 0;
    }
  }

  socket_t socket() const override { return c_.fd; }

  [[nodiscard]] bool consumed() const { return read_ == c_.request_end; }

 private:
  const Connection& c_;
  int stall_ms_;
  size_t read_ = 0;
  bool continue_dropped_ = false;
};

}  // namespace sanad::api
