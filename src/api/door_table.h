// The connection door's table (connection_door.cc): the connections the door
// thread holds (arriving, or parked between requests) and registers with its
// epoll; admission under the caps of DoorSettings and the counts of open
// connections, in all and per address, that it rests on; the sweep's choice
// of the connections whose deadline has passed; and the log of refusals.
// Internal to src/api.
//
// Invariant: a connection is counted from admission (Open) until Release,
// also while it is out of the table being answered (Take, then Park or
// Release). The door thread alone uses the table: it is not thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/connection_door.h"
#include "api/door_request.h"

namespace sanad::api {

class DoorTable {
 public:
  using ConnectionPtr = std::unique_ptr<Connection>;

  // `settings` and the epoll descriptor `epoll` belong to the door and
  // outlive the table.
  DoorTable(const DoorSettings& settings, int epoll) : settings_(settings), epoll_(epoll) {}
  DoorTable(const DoorTable&) = delete;
  DoorTable& operator=(const DoorTable&) = delete;

  // Takes accepted socket `fd`: from an address under both caps, it is made
  // non-blocking (TCP_NODELAY), registered, counted and waits for its head
  // (the head deadline starts now); over a cap it is answered 503 and
  // closed; a socket whose peer or setup fails is closed.
  void Open(int fd);

  // The connection on `fd`, or nullptr when it is not in the table.
  [[nodiscard]] Connection* Find(int fd);

  // Takes the connection on `fd` (in the table) out of the table and the
  // epoll, to be answered; it stays counted.
  [[nodiscard]] ConnectionPtr Take(int fd);

  // Puts a taken connection back and registers it again; nullptr (it is
  // released) when it cannot be registered.
  Connection* Park(ConnectionPtr c);

  // Closes a connection in the table; nothing when `fd` is not there.
  void Close(int fd);

  // Closes the socket and forgets the connection's place in the counts.
  void Release(Connection& c);

  // Releases every connection in the table: the door has shut.
  void ReleaseAll();

  // The connections in the table whose deadline is at or before `now`.
  [[nodiscard]] std::vector<int> Expired(DoorClock::time_point now) const;

  // Logs a refusal, at most one line every 10 s however many there are.
  void Notice(const std::string& what);

 private:
  const DoorSettings& settings_;
  const int epoll_;
  std::unordered_map<int, ConnectionPtr> open_;  // parked or arriving
  size_t connections_ = 0;                       // open_, and those queued or answered
  std::unordered_map<std::string, size_t> per_address_;
  DoorClock::time_point next_notice_;
  size_t unnoticed_ = 0;
};

}  // namespace sanad::api
