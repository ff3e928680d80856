#pragma once

// The browser app, embedded into the binary at build time (web/CMakeLists.txt).
// The table is constant data: every function here is thread-safe and the
// views stay valid for the life of the process.

#include <span>
#include <string_view>

namespace sanad::web {

// One file of the built app. `path` starts with '/' ("/index.html",
// "/assets/index-3f2a.js"); `body` is gzip data when `gzipped` is true (send
// it with `Content-Encoding: gzip`), the file's bytes otherwise. Files under
// /assets/ have content hashes in their names and may be cached for ever;
// /index.html must not be cached.
struct Asset {
  std::string_view path;
  std::string_view content_type;
  std::string_view body;
  bool gzipped;
};

// Returns the asset at `path` ("/" maps to "/index.html"; a query string or
// fragment is ignored), or nullptr when no asset has this path.
[[nodiscard]] const Asset* FindAsset(std::string_view path);

// Returns every embedded asset, sorted by path. Never empty: the build fails
// when the web app produced no files.
[[nodiscard]] std::span<const Asset> Assets();

}  // namespace sanad::web
