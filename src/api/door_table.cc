#include "api/door_table.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace sanad::api {

void DoorTable::Open(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto c = std::make_unique<Connection>();
  c->fd = fd;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      !IpAndPort(addr, c->address, c->port)) {
    ::close(fd);
    return;
  }
  auto from_address = per_address_.find(c->address);
  const size_t open_from_address = from_address == per_address_.end() ? 0 : from_address->second;
  if (connections_ >= settings_.max_connections ||
      open_from_address >= settings_.max_connections_per_address) {
    Notice(fmt::format("refused a connection from {} ({} open from it, {} in all)", c->address,
                       open_from_address, connections_));
    SendNow(fd, RefusalResponse(503));
    CloseSocket(fd);
    return;
  }
  const int flags = ::fcntl(fd, F_GETFL, 0);
  const int one = 1;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) {
    spdlog::warn("connection door: cannot set up a connection: {}", std::strerror(errno));
    ::close(fd);
    return;
  }
  c->phase = Connection::Phase::kHead;
  c->deadline = DoorClock::now() + settings_.head_deadline;
  ++connections_;
  ++per_address_[c->address];
  open_.emplace(fd, std::move(c));
}

Connection* DoorTable::Find(int fd) {
  auto it = open_.find(fd);
  return it == open_.end() ? nullptr : it->second.get();
}

DoorTable::ConnectionPtr DoorTable::Take(int fd) {
  auto it = open_.find(fd);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  ConnectionPtr c = std::move(it->second);
  open_.erase(it);
  return c;
}

Connection* DoorTable::Park(ConnectionPtr c) {
  const int fd = c->fd;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) {
    Release(*c);
    return nullptr;
  }
  return open_.emplace(fd, std::move(c)).first->second.get();
}

void DoorTable::Close(int fd) {
  auto it = open_.find(fd);
  if (it == open_.end()) return;
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  Release(*it->second);
  open_.erase(it);
}

void DoorTable::Release(Connection& c) {
  CloseSocket(c.fd);
  --connections_;
  auto it = per_address_.find(c.address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

void DoorTable::ReleaseAll() {
  for (auto& [fd, c] : open_) Release(*c);
  open_.clear();
}

std::vector<int> DoorTable::Expired(DoorClock::time_point now) const {
  std::vector<int> expired;
  for (const auto& [fd, c] : open_) {
    if (c->deadline <= now) expired.push_back(fd);
  }
  return expired;
}

void DoorTable::Notice(const std::string& what) {
  const auto now = DoorClock::now();
  if (now < next_notice_) {
    ++unnoticed_;
    return;
  }
  if (unnoticed_ > 0) {
    spdlog::warn("connection door: {} (and {} similar refusals before it)", what, unnoticed_);
  } else {
    spdlog::warn("connection door: {}", what);
  }
  unnoticed_ = 0;
  next_notice_ = now + std::chrono::seconds(10);
}

}  // namespace sanad::api
