// POST /api/v1/session: sign-in. Invariants: an accepted body has a username
// of 1 to kMaxUsernameBytes bytes and a password of at most
// kMaxSignInPasswordBytes (the throttle remembers usernames, so the cap is
// what bounds its memory); a refusal names the field.
#include "api/login_throttle.h"
#include "json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  auto body = fuzz::Body(data, size);
  if (!body) return 0;
  auto request = api::DecodeSignIn(*body);
  if (!request) {
    FUZZ_CHECK(request.error().field == "username" || request.error().field == "password",
               "a refused sign-in names the field");
    fuzz::CheckRefusal(request.error());
    return 0;
  }
  FUZZ_CHECK(!request->username.empty() && request->username.size() <= api::kMaxUsernameBytes,
             "the username is capped");
  FUZZ_CHECK(request->password.size() <= api::kMaxSignInPasswordBytes, "the password is capped");
  return 0;
}
