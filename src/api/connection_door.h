// The door in front of the HTTP handlers: one thread that owns every idle or
// half-received connection, so that slow or silent clients cost a buffer and
// a file descriptor instead of a worker thread. See connection_door.cc for
// the design.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>

namespace sanad::api {

struct ServerOptions;

struct DoorSettings {
  // Threads that run handlers. A request reaches one only when it has fully
  // arrived, so this bounds concurrent handler work, not connections.
  size_t worker_threads = 8;
  // Connections open at once (parked, arriving or being answered); beyond
  // either cap a new connection is answered 503 and closed.
  size_t max_connections = 1024;
  size_t max_connections_per_address = 256;
  // The request line and headers must arrive within `head_deadline` of the
  // connection opening (or of the first byte after a kept-alive response);
  // the body within `body_deadline` of the head. Past either: 408, closed.
  std::chrono::milliseconds head_deadline{10'000};
  std::chrono::milliseconds body_deadline{30'000};
  // A kept-alive connection with no request for this long is closed.
  std::chrono::milliseconds keep_alive_idle{15'000};
  // A response write that makes no progress for this long fails and the
  // connection is closed.
  std::chrono::milliseconds write_stall{10'000};
  // Request heads: at most this many header lines (431) and bytes (431).
  size_t max_header_lines = 100;
  size_t max_head_bytes = 32 * 1024;
  // Bodies longer than this are refused with 413 before they are read,
  // unless `body_limit` allows the request more.
  size_t max_body_bytes = 1 << 20;
  // Called for a request whose Content-Length exceeds max_body_bytes, with
  // its head only (method, path, headers, remote address): the most its body
  // may be. Runs on the door thread before any of the body is read, so a
  // caller the route does not admit never has a larger body buffered. Unset:
  // max_body_bytes for every request.
  std::function<size_t(const httplib::Request& head)> body_limit;
  // After a refusal the door reads and drops up to this much of a refused
  // body (up to max_body_bytes of anything else) so the client, still
  // sending, can read the refusal; beyond it the connection is reset.
  size_t max_linger_bytes = 16 << 20;
  size_t max_requests_per_connection = 1000;
};

// The door settings for a server started with `options`.
[[nodiscard]] DoorSettings DoorSettingsFor(const ServerOptions& options);

// True when a request's Range header asks for at most a few ranges, none
// overlapping (a suffix range counts as overlapping any other range). A
// request for the same bytes many times over would otherwise multiply the
// response.
[[nodiscard]] bool AcceptableRanges(const httplib::Ranges& ranges);

class ConnectionDoor;

// An httplib::Server whose connections go through a ConnectionDoor instead
// of httplib's thread-per-connection pool. Routes, handlers and settings are
// those of httplib::Server; listen_after_bind() runs the door and its workers
// and stop() ends them: parked connections are closed, requests already
// received are answered (with Connection: close) before listen returns.
// Plain HTTP only (httplib::SSLServer reads through OpenSSL).
class GuardedHttpServer : public httplib::Server {
 public:
  explicit GuardedHttpServer(DoorSettings settings);
  ~GuardedHttpServer() override;
  GuardedHttpServer(const GuardedHttpServer&) = delete;
  GuardedHttpServer& operator=(const GuardedHttpServer&) = delete;

 private:
  friend class ConnectionDoor;

  // httplib's accept loop calls this for each accepted socket (on its own
  // thread, since the door's task queue runs jobs inline): hands the socket
  // to the door.
  bool process_and_close_socket(socket_t sock) override;
  // Answers the one request `stream` holds (called by the door's workers).
  bool AnswerOne(httplib::Stream& stream, bool close_connection, bool& connection_closed);
  int listening_socket() const { return svr_sock_; }

  DoorSettings settings_;
  std::atomic<ConnectionDoor*> door_{nullptr};
};

}  // namespace sanad::api
