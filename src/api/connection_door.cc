// The connection door.
//
// httplib gives each connection a pool thread for its whole life: while a
// client trickles its headers (the read timeout restarts on every byte) or
// idles between kept-alive requests, that thread does nothing else, and eight
// slow sockets starve the site. Here one thread, the door, owns every
// connection that is not being answered:
//
//   accept (httplib's loop) --Admit--> door: epoll, non-blocking reads into
//   the connection's buffer until one whole request (head, and the body its
//   Content-Length announces) has arrived --work queue--> a worker answers it
//   with httplib's own process_request over the buffered bytes --> back to
//   the door, parked until the next request, or closed.
//
// A parked or half-received connection costs its buffer and a descriptor.
//
// Invariants:
// - A connection is in exactly one place: the door's table (registered with
//   epoll; door_table.h), the work queue, or one worker. Counts per address
//   are kept by the door thread alone (the table), from admission to close; a
//   worker hands a finished connection back instead of closing it, except
//   after the door has shut.
// - The worker's stream holds exactly one request's bytes; later (pipelined)
//   bytes stay in the buffer for the next round. If httplib did not read all
//   of its request (an error answered early, a body on a GET) the framing is
//   in doubt and the connection is closed.
// - The door frames requests more strictly than httplib parses them (CRLF
//   line ends only, no space before a colon, one Content-Length, no
//   Transfer-Encoding), so both agree on where a request ends.
//
// Deadlines are checked every kSweepInterval: a head (10 s by default) from
// the connection's opening or from the first byte after a response, a body
// (30 s) from the end of its head, a kept-alive idle connection (15 s).
// Nothing here depends on a client's pace except its own connection.
//
// Cost: one epoll_wait per batch of readable sockets, one copy of each
// request from the socket into its buffer, a sweep over open connections
// four times a second.
#include "api/connection_door.h"

#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/door_request.h"
#include "api/door_table.h"
#include "api/server.h"

namespace sanad::api {
namespace {

using Clock = DoorClock;

constexpr auto kSweepInterval = std::chrono::milliseconds(250);
constexpr size_t kMaxRanges = 4;

}  // namespace

// The task queue httplib's accept loop creates for each listen: it runs the
// door thread and the workers from construction to shutdown().
class ConnectionDoor final : public httplib::TaskQueue {
 public:
  ConnectionDoor(GuardedHttpServer& server, const DoorSettings& settings)
      : server_(server),
        settings_(settings),
        epoll_(::epoll_create1(EPOLL_CLOEXEC)),
        wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
        table_(settings_, epoll_) {
    if (epoll_ < 0 || wake_ < 0) {
      // Without a door every connection is closed at once: loud, and no
      // worse than a server that cannot start.
      spdlog::error("cannot open the connection door ({}): refusing every connection",
                    std::strerror(errno));
      door_open_ = false;
      return;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
    // httplib listens with a backlog of 5; connections arriving together
    // would wait for SYN retries. Listening again only resizes the queue.
    ::listen(server_.listening_socket(), SOMAXCONN);
    next_sweep_ = Clock::now() + kSweepInterval;
    door_thread_ = std::thread([this] { DoorThread(); });
    for (size_t i = 0; i < std::max<size_t>(1, settings_.worker_threads); ++i) {
      workers_.emplace_back([this] { WorkerThread(); });
    }
    server_.door_ = this;
  }

  ~ConnectionDoor() override {
    shutdown();
    if (epoll_ >= 0) ::close(epoll_);
    if (wake_ >= 0) ::close(wake_);
  }

  ConnectionDoor(const ConnectionDoor&) = delete;
  ConnectionDoor& operator=(const ConnectionDoor&) = delete;

  // httplib's job is "process_and_close_socket(sock)", which only hands the
  // socket to Admit: run it on the accept thread.
  void enqueue(std::function<void()> job) override { job(); }

  void shutdown() override {
    if (shut_) return;
    shut_ = true;
    server_.door_ = nullptr;
    stopping_ = true;
    {
      std::lock_guard lock(mutex_);
      door_open_ = false;
    }
    Wake();
    if (door_thread_.joinable()) door_thread_.join();
    {
      std::lock_guard lock(mutex_);
      workers_stop_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  // Takes ownership of an accepted socket. Thread-safe.
  void Admit(int fd) {
    {
      std::lock_guard lock(mutex_);
      if (door_open_) {
        accepted_.push_back(fd);
        fd = -1;
      }
    }
    if (fd >= 0) {
      ::close(fd);
    } else {
      Wake();
    }
  }

 private:
  using ConnectionPtr = DoorTable::ConnectionPtr;
  struct Returned {
    ConnectionPtr connection;
    bool keep;
  };

  void Wake() {
    if (wake_ < 0) return;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
  }

  void DoorThread() {
    // DoorLoop returns only when the door shuts; after anything it throws
    // (memory running out) it carries on with the connections it has.
    while (true) {
      try {
        DoorLoop();
        break;
      } catch (const std::exception& e) {
        spdlog::error("connection door: {}; carrying on", e.what());
      }
    }
    table_.ReleaseAll();
  }

  void DoorLoop() {
    std::array<epoll_event, 128> events{};
    while (true) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(kSweepInterval.count()));
      if (n < 0 && errno != EINTR) {
        spdlog::error("connection door: epoll_wait: {}", std::strerror(errno));
        std::this_thread::sleep_for(kSweepInterval);
      }
      for (int i = 0; i < n; ++i) {
        const int fd = events[static_cast<size_t>(i)].data.fd;
        if (fd == wake_) {
          uint64_t count = 0;
          [[maybe_unused]] const ssize_t r = ::read(wake_, &count, sizeof count);
          continue;
        }
        try {
          OnReadable(fd);
        } catch (const std::exception& e) {
          spdlog::error("connection door: closing a connection after: {}", e.what());
          table_.Close(fd);
        }
      }
      if (!TakeInbox()) return;
      const auto now = Clock::now();
      if (now >= next_sweep_) {
        Sweep(now);
        next_sweep_ = now + kSweepInterval;
      }
    }
  }

  // Opens newly accepted sockets and takes back answered connections.
  // Returns false once the door is shutting.
  bool TakeInbox() {
    std::vector<int> accepted;
    std::vector<Returned> returned;
    bool open = false;
    {
      std::lock_guard lock(mutex_);
      accepted.swap(accepted_);
      returned.swap(returned_);
      open = door_open_;
    }
    if (!open) {
      for (int fd : accepted) ::close(fd);
      for (auto& r : returned) table_.Release(*r.connection);
      return false;
    }
    for (int fd : accepted) table_.Open(fd);
    for (auto& r : returned) Resume(std::move(r.connection), r.keep);
    return true;
  }

  void OnReadable(int fd) {
    Connection* readable = table_.Find(fd);
    if (readable == nullptr) return;
    Connection& c = *readable;
    std::array<char, 16 * 1024> chunk;
    while (true) {
      const ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
      if (n > 0 && c.phase == Connection::Phase::kLingering) {
        c.linger_left -= std::min(c.linger_left, static_cast<size_t>(n));
        if (c.linger_left == 0) {
          table_.Close(fd);
          return;
        }
        continue;
      }
      if (n > 0) {
        if (c.phase == Connection::Phase::kIdle) {
          c.phase = Connection::Phase::kHead;
          c.deadline = Clock::now() + settings_.head_deadline;
        }
        c.buffer.append(chunk.data(), static_cast<size_t>(n));
        if (!Advance(c)) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      table_.Close(fd);  // the client closed, or the connection failed
      return;
    }
  }

  // Moves `c` on as far as its bytes allow. Returns true while it stays in
  // the door waiting for more of its request; false when it went to a
  // worker, was closed (`c` must not be used then) or was refused.
  bool Advance(Connection& c) {
    if (c.head_end == 0) {
      int refusal = ScanHead(c, settings_);
      if (refusal == 0 && c.head_end != 0) refusal = ReadFraming(c, settings_);
      if (refusal != 0) {
        // Drop the rest of a body announced too large; of anything else,
        // as much as a body may be.
        size_t unread = settings_.max_body_bytes;
        if (refusal == 413) {
          const size_t arrived = c.buffer.size() - c.head_end;
          unread = std::min(c.announced_body - std::min(c.announced_body, arrived),
                            settings_.max_linger_bytes);
        }
        Refuse(c, refusal, unread);
        return false;
      }
      if (c.head_end == 0) return true;
      c.phase = Connection::Phase::kBody;
      c.deadline = Clock::now() + settings_.body_deadline;
    }
    if (c.buffer.size() < c.request_end) {
      if (c.expects_continue && !c.continue_sent) {
        SendNow(c.fd, kContinue);
        c.continue_sent = true;
      }
      return true;
    }
    Dispatch(c.fd);
    return false;
  }

  void Dispatch(int fd) {
    ConnectionPtr c = table_.Take(fd);
    {
      std::lock_guard lock(mutex_);
      work_.push_back(std::move(c));
    }
    work_ready_.notify_one();
  }

  void Resume(ConnectionPtr c, bool keep) {
    if (!keep) {
      table_.Release(*c);
      return;
    }
    const bool pipelined = !c->buffer.empty();
    c->phase = pipelined ? Connection::Phase::kHead : Connection::Phase::kIdle;
    c->deadline = Clock::now() + (pipelined ? settings_.head_deadline : settings_.keep_alive_idle);
    Connection* parked = table_.Park(std::move(c));
    if (parked != nullptr && pipelined) Advance(*parked);
  }

  // Closes idle and lingering connections past their deadline; refuses
  // (408) those whose request did not arrive in time.
  void Sweep(Clock::time_point now) {
    for (int fd : table_.Expired(now)) {
      Connection& c = *table_.Find(fd);
      if (c.phase == Connection::Phase::kIdle || c.phase == Connection::Phase::kLingering) {
        table_.Close(fd);
      } else {
        table_.Notice(fmt::format("closed a connection from {}: its request did not arrive in time",
                                  c.address));
        Refuse(c, 408);
      }
    }
  }

  // Sends the refusal. With `linger_bytes`, the connection then stays (up to
  // a body's deadline) to drop that many more bytes before closing: a client
  // still sending when the socket closes would get a reset instead of the
  // refusal.
  void Refuse(Connection& c, int status, size_t linger_bytes = 0) {
    if (status != 408) {
      table_.Notice(fmt::format("refused a request from {} with {}", c.address, status));
    }
    SendNow(c.fd, RefusalResponse(status));
    if (linger_bytes == 0) {
      table_.Close(c.fd);
      return;
    }
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Connection::Phase::kLingering;
    c.linger_left = linger_bytes;
    c.deadline = Clock::now() + settings_.body_deadline;
    std::string().swap(c.buffer);
  }

  void WorkerThread() {
    while (true) {
      ConnectionPtr c;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return !work_.empty() || workers_stop_; });
        if (work_.empty()) return;
        c = std::move(work_.front());
        work_.pop_front();
      }
      bool keep = false;
      try {
        keep = Answer(*c);
      } catch (const std::exception& e) {
        spdlog::error("exception while answering {}: {}", c->address, e.what());
      } catch (...) {
        spdlog::error("unknown exception while answering {}", c->address);
      }
      GiveBack(std::move(c), keep);
    }
  }

  // Answers the one request at the start of c's buffer; returns whether the
  // connection may carry another.
  bool Answer(Connection& c) {
    RequestStream stream(c, settings_.write_stall);
    ++c.requests;
    const bool close_connection = stopping_ || c.requests >= settings_.max_requests_per_connection;
    bool connection_closed = false;
    const bool written = server_.AnswerOne(stream, close_connection, connection_closed);
    const bool keep = written && !close_connection && !connection_closed && stream.consumed();
    c.NextRequest();
    return keep;
  }

  void GiveBack(ConnectionPtr c, bool keep) {
    {
      std::lock_guard lock(mutex_);
      if (door_open_) {
        returned_.push_back({std::move(c), keep});
      }
    }
    if (c) {
      CloseSocket(c->fd);  // the door has shut: nobody counts any more
    } else {
      Wake();
    }
  }

  GuardedHttpServer& server_;
  const DoorSettings settings_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
  bool shut_ = false;

  // The door thread's own.
  DoorTable table_;
  Clock::time_point next_sweep_;

  std::mutex mutex_;
  bool door_open_ = true;
  std::vector<int> accepted_;
  std::vector<Returned> returned_;
  std::deque<ConnectionPtr> work_;
  bool workers_stop_ = false;
  std::condition_variable work_ready_;

  std::thread door_thread_;
  std::vector<std::thread> workers_;
};

DoorSettings DoorSettingsFor(const ServerOptions& options) {
  DoorSettings s;
  s.worker_threads = static_cast<size_t>(std::max(1, options.worker_threads));
  s.max_connections = static_cast<size_t>(std::max(1, options.max_connections));
  s.max_connections_per_address =
      static_cast<size_t>(std::max(1, options.max_connections_per_address));
  s.head_deadline = std::chrono::seconds(std::max<int64_t>(1, options.request_head_seconds));
  s.body_deadline = std::chrono::seconds(std::max<int64_t>(1, options.request_body_seconds));
  s.keep_alive_idle = std::chrono::seconds(std::max<int64_t>(1, options.keep_alive_seconds));
  s.max_body_bytes = options.max_body_bytes;
  return s;
}

bool AcceptableRanges(const httplib::Ranges& ranges) {
  if (ranges.size() <= 1) return true;
  if (ranges.size() > kMaxRanges) return false;
  httplib::Ranges sorted = ranges;
  std::ranges::sort(sorted);
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].first < 0) return false;  // a suffix range: its position depends on the length
    if (i > 0 && (sorted[i - 1].second < 0 || sorted[i].first <= sorted[i - 1].second)) {
      return false;
    }
  }
  return true;
}

GuardedHttpServer::GuardedHttpServer(DoorSettings settings) : settings_(settings) {
  new_task_queue = [this] { return new ConnectionDoor(*this, settings_); };
  set_payload_max_length(settings_.max_body_bytes);
  set_keep_alive_timeout(std::max<time_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(settings_.keep_alive_idle).count()));
  set_keep_alive_max_count(settings_.max_requests_per_connection);
}

GuardedHttpServer::~GuardedHttpServer() = default;

bool GuardedHttpServer::process_and_close_socket(socket_t sock) {
  ConnectionDoor* door = door_;
  if (door == nullptr) {
    ::close(sock);
    return false;
  }
  door->Admit(sock);
  return true;
}

bool GuardedHttpServer::AnswerOne(httplib::Stream& stream, bool close_connection,
                                  bool& connection_closed) {
  return process_request(stream, close_connection, connection_closed, nullptr);
}

}  // namespace sanad::api
