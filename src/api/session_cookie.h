// The cookies sanad sets: the session (HttpOnly, SameSite=Strict, Secure
// under TLS) and the known-device marker that spares a returning browser the
// per-account sign-in delay (login_throttle.h).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace sanad::api {

inline constexpr std::string_view kSessionCookie = "sanad_session";
inline constexpr std::string_view kDeviceCookie = "sanad_device";

// The value of cookie `name` in the request's Cookie header, or "".
[[nodiscard]] std::string CookieValue(const httplib::Request& req, std::string_view name);
// The session token a request carries: the Bearer token, else the session
// cookie (then `*via_cookie` is set, as cookie writes need the CSRF token).
[[nodiscard]] std::string SessionToken(const httplib::Request& req, bool* via_cookie = nullptr);
[[nodiscard]] std::string SessionCookie(const std::string& token, bool secure);
[[nodiscard]] std::string ExpiredSessionCookie();
// Kept for a year; sent only on sign-in requests' path.
[[nodiscard]] std::string DeviceCookie(const std::string& value, bool secure);

}  // namespace sanad::api
