// The connection door under a crowd of slow clients (label: slow, about 20 s).
#include <atomic>
#include <cstdio>
#include <vector>

#include "door_test_support.h"

namespace sanad::api {
namespace {

// 200 connections send one header byte a second for 20 s (reconnecting
// when the door closes them at its deadline) while a normal client signs
// in, searches and registers households. Every one of its requests must
// succeed within the generous per-request timeout of Client().
TEST_F(ConnectionDoorTest, AnswersEveryRequestWhileTwoHundredClientsTrickle) {
  Start();
  constexpr int kTricklers = 200;
  constexpr auto kDuration = seconds(20);
  std::atomic<bool> done{false};
  std::atomic<int> reconnects{0};
  std::thread trickler([&] {
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < kTricklers; ++i) {
      slow.push_back(std::make_unique<RawConnection>(port()));
      slow.back()->Send("POST /api/v1/households HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }
    while (!done) {
      for (auto& c : slow) {
        if (done) break;
        if (!c->Send("a") || c->ClosedNow()) {
          c = std::make_unique<RawConnection>(port());
          c->Send("POST /api/v1/households HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
          ++reconnects;
        }
      }
      for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(milliseconds(100));
    }
  });

  auto client = Client();
  int rounds = 0;
  int failures = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < kDuration && rounds < 200) {
    ++rounds;
    auto login = client->Post("/api/v1/session",
                              json{{"username", "registrar"}, {"password", kPassword}}.dump(),
                              "application/json");
    if (!login || login->status != 200) {
      ADD_FAILURE() << "sign-in failed in round " << rounds << ": "
                    << (login ? std::to_string(login->status) : httplib::to_string(login.error()));
      if (++failures > 3) break;
      continue;
    }
    const httplib::Headers bearer = {
        {"Authorization", "Bearer " + json::parse(login->body)["token"].get<std::string>()}};
    auto created =
        client->Post("/api/v1/households", bearer, Household(rounds).dump(), "application/json");
    if (!created || created->status != 201) {
      ADD_FAILURE() << "registration failed in round " << rounds << ": "
                    << (created ? created->body : httplib::to_string(created.error()));
      if (++failures > 3) break;
    }
    auto found = client->Get("/api/v1/persons?q=nabi&page_size=5", bearer);
    if (!found || found->status != 200) {
      ADD_FAILURE() << "search failed in round " << rounds << ": "
                    << (found ? found->body : httplib::to_string(found.error()));
      if (++failures > 3) break;
    }
    std::this_thread::sleep_for(milliseconds(200));
  }
  done = true;
  trickler.join();
  EXPECT_GE(rounds, 5);
  std::printf("%d rounds of sign-in, registration and search; %d trickling reconnects\n", rounds,
              reconnects.load());
}

}  // namespace
}  // namespace sanad::api
