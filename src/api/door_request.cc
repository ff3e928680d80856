#include "api/door_request.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <optional>

#include "api/json_codec.h"
#include "core/error.h"

namespace sanad::api {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimSpaceTab(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> ParseLength(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
  }
  return "Error";
}

Error RefusalError(int status) {
  switch (status) {
    case 408:
      return Error::InvalidInput("request", "the request did not arrive in time");
    case 411:
      return Error::InvalidInput(
          "request", "send the body with a Content-Length (chunked bodies are not accepted)");
    case 413:
      return Error::InvalidInput("body", "the request is too large");
    case 431:
      return Error::InvalidInput("request", "the request has too many or too long headers");
    case 503:
      return Error::Unavailable(
          "the server has too many connections open from your address; try again shortly");
  }
  return Error::InvalidInput("request", "the request is not well-formed HTTP");
}

// The request line and headers of a complete head, as httplib names them,
// for DoorSettings::body_limit. The path is the target before any '?', not
// percent-decoded: a route pattern it fails to match gets the smaller limit.
httplib::Request HeadOf(const Connection& c) {
  httplib::Request req;
  const std::string_view head(c.buffer.data(), c.head_end);
  const size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const size_t space = request_line.find(' ');
  req.method = std::string(request_line.substr(0, space));
  if (space != std::string_view::npos) {
    std::string_view target = request_line.substr(space + 1);
    target = target.substr(0, target.find(' '));
    req.target = std::string(target);
    req.path = std::string(target.substr(0, target.find('?')));
  }
  size_t pos = line_end + 2;
  while (pos < head.size()) {
    const size_t newline = head.find("\r\n", pos);
    const std::string_view line = head.substr(pos, newline - pos);
    pos = newline + 2;
    const size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    req.headers.emplace(std::string(line.substr(0, colon)),
                        std::string(TrimSpaceTab(line.substr(colon + 1))));
  }
  req.remote_addr = c.address;
  req.remote_port = c.port;
  return req;
}

}  // namespace

std::string RefusalResponse(int status) {
  const std::string body = EncodeError(RefusalError(status)).dump();
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(ReasonPhrase(status)) +
         "\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
         "X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

void SendNow(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void CloseSocket(int fd) {
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

bool IpAndPort(const sockaddr_storage& addr, std::string& ip, int& port) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (addr.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(addr);
    if (!inet_ntop(AF_INET, &in.sin_addr, text.data(), text.size())) return false;
    port = ntohs(in.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(addr);
    if (!inet_ntop(AF_INET6, &in6.sin6_addr, text.data(), text.size())) return false;
    port = ntohs(in6.sin6_port);
  } else {
    return false;
  }
  ip = text.data();
  return true;
}

int ScanHead(Connection& c, const DoorSettings& settings) {
  while (c.head_end == 0) {
    const size_t newline = c.buffer.find('\n', c.scan);
    if (newline == std::string::npos) break;
    const std::string_view line(c.buffer.data() + c.scan, newline + 1 - c.scan);
    c.scan = newline + 1;
    if (line.size() < 2 || line[line.size() - 2] != '\r') return 400;
    if (c.lines > 0 && line.size() == 2) {
      c.head_end = c.scan;
      break;
    }
    if (++c.lines > settings.max_header_lines + 1) return 431;
  }
  const size_t head_bytes = c.head_end != 0 ? c.head_end : c.buffer.size();
  return head_bytes > settings.max_head_bytes ? 431 : 0;
}

int ReadFraming(Connection& c, const DoorSettings& settings) {
  const std::string_view head(c.buffer.data(), c.head_end);
  size_t pos = head.find('\n') + 1;  // after the request line
  std::optional<uint64_t> length;
  while (pos < head.size()) {
    const size_t newline = head.find('\n', pos);
    std::string_view line = head.substr(pos, newline - 1 - pos);  // without CRLF
    pos = newline + 1;
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || IsSpaceOrTab(line.front()) ||
        IsSpaceOrTab(line[colon - 1])) {
      return 400;
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimSpaceTab(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Transfer-Encoding")) return 411;
    if (EqualsIgnoreCase(name, "Content-Length")) {
      const auto parsed = ParseLength(value);
      if (!parsed || (length && *length != *parsed)) return 400;
      length = parsed;
    } else if (EqualsIgnoreCase(name, "Expect")) {
      c.expects_continue = value == "100-continue";
    }
  }
  const uint64_t body = length.value_or(0);
  c.announced_body = static_cast<size_t>(std::min<uint64_t>(body, SIZE_MAX));
  if (body > settings.max_body_bytes &&
      (!settings.body_limit || body > settings.body_limit(HeadOf(c)))) {
    return 413;
  }
  c.request_end = c.head_end + static_cast<size_t>(body);
  return 0;
}

}  // namespace sanad::api
