// The OpenAPI 3.1 description of every route, docs/openapi.json embedded at
// build time (src/api/embed_openapi.cmake). Served as GET /api/v1/openapi.json;
// tests/api/openapi_test.cc checks it against the route table and real answers.
#pragma once

#include <string_view>

namespace sanad::api {

// The bytes of docs/openapi.json as they were when the binary was built.
// Static storage; thread-safe.
[[nodiscard]] std::string_view OpenApiDocument();

}  // namespace sanad::api
