#include "api/session_cookie.h"

namespace sanad::api {

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::string SessionToken(const httplib::Request& req, bool* via_cookie) {
  if (via_cookie) *via_cookie = false;
  const std::string auth = req.get_header_value("Authorization");
  if (auth.starts_with("Bearer ")) return auth.substr(7);
  std::string token = CookieValue(req, kSessionCookie);
  if (via_cookie) *via_cookie = !token.empty();
  return token;
}

std::string SessionCookie(const std::string& token, bool secure) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string ExpiredSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::string DeviceCookie(const std::string& value, bool secure) {
  std::string cookie = std::string(kDeviceCookie) + "=" + value +
                       "; Path=/api/v1/session; HttpOnly; SameSite=Strict; Max-Age=31536000";
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace sanad::api
