// The connection door against a real server on a loopback port: slow, idle,
// crowded and oversized clients on raw sockets next to a normal client.
#include "api/connection_door.h"

#include <dirent.h>
#include <netinet/tcp.h>
#include <sys/stat.h>

#include <cstdlib>

#include "door_test_support.h"
#include "web/web_assets.h"

namespace sanad::api {
namespace {

// Every test below names the defect it guards against; each fails on a plain
// httplib::Server (8 threads, each held by one connection for its life).

TEST_F(ConnectionDoorTest, HeadDeadlineClosesATricklingConnection) {
  ServerOptions options;
  options.request_head_seconds = 1;
  Start(options);
  RawConnection slow(port());
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nX-Slow: "));
  // One byte every 100 ms restarts httplib's read timeout every time; the
  // door's deadline counts from the connection's start. Bounded: 8 s.
  const auto start = Clock::now();
  bool closed = false;
  while (!closed && Clock::now() - start < seconds(8)) {
    closed = !slow.Send("a") || slow.ClosedWithin(milliseconds(100));
  }
  EXPECT_TRUE(closed)
      << "a connection sending one header byte every 100 ms was still open after 8 s";
}

TEST_F(ConnectionDoorTest, AnswersTheRefusalWith408) {
  ServerOptions options;
  options.request_head_seconds = 1;
  Start(options);
  RawConnection slow(port());
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nX-Slow: a"));
  auto response = slow.ReadResponse(seconds(5));
  ASSERT_TRUE(response) << "no answer within 5 s to a head that stopped half-way";
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(slow.ClosedWithin(seconds(2)));
}

TEST_F(ConnectionDoorTest, IdleConnectionsBeyondTheWorkersDoNotBlockHealthz) {
  ServerOptions options;
  options.worker_threads = 2;
  Start(options);
  std::vector<std::unique_ptr<RawConnection>> idle;
  // Connections that never send a byte...
  for (int i = 0; i < 30; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // ...and kept-alive connections resting between requests.
  for (int i = 0; i < 20; ++i) {
    auto c = std::make_unique<RawConnection>(port());
    ASSERT_TRUE(c->Send(kHealthz));
    auto response = c->ReadResponse();
    ASSERT_TRUE(response) << "kept-alive connection " << i << " got no answer within 5 s";
    EXPECT_EQ(response->status, 200);
    idle.push_back(std::move(c));
  }
  auto client = Client();
  for (int i = 0; i < 5; ++i) {
    auto res = client->Get("/healthz");
    ASSERT_TRUE(res) << "/healthz did not answer within 5 s: " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
  }
}

TEST_F(ConnectionDoorTest, CapsConnectionsPerAddress) {
  ServerOptions options;
  options.max_connections_per_address = 4;
  Start(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(held.back()->Send(kHealthz));
    auto response = held.back()->ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  RawConnection fifth(port());
  ASSERT_TRUE(fifth.connected());
  fifth.Send(kHealthz);
  auto refused = fifth.ReadResponse(seconds(5));
  if (refused) {
    EXPECT_EQ(refused->status, 503);
  }
  EXPECT_TRUE(fifth.ClosedWithin(seconds(5))) << "a fifth connection from one address stayed open";

  // Closing one makes room again (the door notices the close at once; the
  // retries only cover the scheduling of two threads).
  held.pop_back();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    RawConnection again(port());
    again.Send(kHealthz);
    auto response = again.ReadResponse(seconds(5));
    served = response && response->status == 200;
    if (!served) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(served);
}

TEST_F(ConnectionDoorTest, CapsConnectionsOverall) {
  ServerOptions options;
  options.max_connections = 3;
  Start(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(held.back()->Send(kHealthz));
    ASSERT_TRUE(held.back()->ReadResponse());
  }
  RawConnection fourth(port());
  fourth.Send(kHealthz);
  auto refused = fourth.ReadResponse(seconds(5));
  if (refused) {
    EXPECT_EQ(refused->status, 503);
  }
  EXPECT_TRUE(fourth.ClosedWithin(seconds(5)));
}

// GET /healthz with `lines` filler headers of `value_bytes` each.
std::string HeadWithFiller(int lines, size_t value_bytes) {
  std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < lines; ++i) {
    request += "X-Filler-" + std::to_string(i) + ": " + std::string(value_bytes, 'x') + "\r\n";
  }
  return request + "\r\n";
}

TEST_F(ConnectionDoorTest, RefusesTooManyHeaderLines) {
  Start();
  RawConnection c(port());
  c.Send(HeadWithFiller(150, 1));
  auto response = c.ReadResponse(seconds(5));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(c.ClosedWithin(seconds(5)));
}

TEST_F(ConnectionDoorTest, RefusesAnOversizedHead) {
  Start();
  // Each line is within httplib's 8 KB line limit; together they are 80 KB.
  RawConnection c(port());
  c.Send(HeadWithFiller(20, 4000));
  auto response = c.ReadResponse(seconds(5));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(c.ClosedWithin(seconds(5)));
}

TEST_F(ConnectionDoorTest, AnswersAHeadWithinTheLimits) {
  Start();
  RawConnection c(port());
  c.Send(HeadWithFiller(90, 1));
  auto response = c.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ConnectionDoorTest, RefusesChunkedBodiesAndOversizedBodies) {
  Start();
  {
    RawConnection c(port());
    c.Send(
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "2\r\n{}\r\n0\r\n\r\n");
    auto response = c.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 411);
  }
  {
    RawConnection c(port());
    c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{");
    auto response = c.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
  }
}

std::string ScriptAssetPath() {
  for (const web::Asset& asset : web::Assets()) {
    if (asset.path.starts_with("/assets/") && asset.path.ends_with(".js")) {
      return std::string(asset.path);
    }
  }
  return "/index.html";
}

TEST_F(ConnectionDoorTest, RefusesManyRangesAndOverlappingRanges) {
  Start();
  auto client = Client();
  client->set_decompress(false);
  const std::string path = ScriptAssetPath();

  std::string many = "bytes=0-";
  for (int i = 1; i < 2000; ++i) many += ",0-";
  auto res = client->Get(path, {{"Range", many}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 416);
  EXPECT_LT(res->body.size(), 1024u) << "2000 ranges multiplied the response";

  res = client->Get(path, {{"Range", "bytes=0-99,50-150"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 416);
  EXPECT_LT(res->body.size(), 1024u);

  res = client->Get(path, {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 206);
  EXPECT_EQ(res->body.size(), 10u);

  res = client->Get(path, {{"Range", "bytes=0-9,20-29"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 206);
  EXPECT_LT(res->body.size(), 1024u);
}

TEST_F(ConnectionDoorTest, KeepAliveCarriesManyRequestsOnOneConnection) {
  Start();
  RawConnection c(port());
  for (int i = 0; i < 20; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(c.Send(kHealthz));
    auto response = c.ReadResponse();
    ASSERT_TRUE(response) << "request " << i << " on the kept-alive connection got no answer";
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->head.find("Connection: close"), std::string::npos);
  }
}

TEST_F(ConnectionDoorTest, PipelinedRequestsAreAllAnswered) {
  Start();
  RawConnection c(port());
  const std::string login = json{{"username", "registrar"}, {"password", kPassword}}.dump();
  ASSERT_TRUE(c.Send(std::string(kHealthz) +
                     "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: " +
                     std::to_string(login.size()) + "\r\n\r\n" + login + kHealthz));
  for (int expected : {200, 200, 200}) {
    auto response = c.ReadResponse();
    ASSERT_TRUE(response) << "a pipelined request got no answer within 5 s";
    EXPECT_EQ(response->status, expected) << response->body;
  }
}

TEST_F(ConnectionDoorTest, ExpectContinueGetsOneInterimResponse) {
  Start();
  RawConnection c(port());
  const std::string login = json{{"username", "registrar"}, {"password", kPassword}}.dump();
  ASSERT_TRUE(c.Send(
      "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(login.size()) + "\r\n\r\n"));
  auto interim = c.ReadResponse();
  ASSERT_TRUE(interim) << "no 100 Continue for a client waiting to send its body";
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.Send(login));
  auto response = c.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
}

TEST_F(ConnectionDoorTest, ConnectionCloseIsHonoured) {
  Start();
  RawConnection c(port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  auto response = c.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(c.ClosedWithin(seconds(5)));
}

// The server's end of the client's connection, found among this process's
// descriptors (the server runs in the test process).
int ServerSideOf(const RawConnection& client, int server_port) {
  sockaddr_in mine{};
  socklen_t len = sizeof mine;
  if (::getsockname(client.fd(), reinterpret_cast<sockaddr*>(&mine), &len) != 0) return -1;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* entry = ::readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    struct stat st {};
    if (fd <= 2 || ::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_in local{};
    sockaddr_in peer{};
    socklen_t local_len = sizeof local;
    socklen_t peer_len = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0 &&
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0 &&
        local.sin_family == AF_INET && ntohs(local.sin_port) == server_port &&
        peer.sin_port == mine.sin_port) {
      found = fd;
    }
  }
  ::closedir(dir);
  return found;
}

TEST_F(ConnectionDoorTest, AcceptedSocketsHaveNagleOff) {
  Start();
  RawConnection c(port());
  ASSERT_TRUE(c.Send(kHealthz));
  ASSERT_TRUE(c.ReadResponse());
  const int server_side = ServerSideOf(c, port());
  ASSERT_GE(server_side, 0) << "the server's socket for this connection was not found";
  int nodelay = 0;
  socklen_t len = sizeof nodelay;
  ASSERT_EQ(::getsockopt(server_side, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
  EXPECT_NE(nodelay, 0) << "kept-alive answers wait for Nagle and delayed ACKs";
}

TEST_F(ConnectionDoorTest, StopClosesParkedConnectionsAndRestarts) {
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    Start();
    RawConnection parked(port());
    ASSERT_TRUE(parked.Send(kHealthz));
    ASSERT_TRUE(parked.ReadResponse());
    RawConnection silent(port());
    RawConnection half(port());
    half.Send("GET /healthz HTTP/1.1\r\n");
    server_->Stop();
    thread_.join();
    EXPECT_TRUE(parked.ClosedWithin(seconds(5)));
    EXPECT_TRUE(half.ClosedWithin(seconds(5)));
    server_.reset();
    store_.reset();
  }
}

TEST(AcceptableRanges, AllowsAFewDisjointRangesOnly) {
  struct Case {
    httplib::Ranges ranges;
    bool acceptable;
  };
  const Case cases[] = {
      {{}, true},
      {{{0, -1}}, true},
      {{{-1, 500}}, true},
      {{{0, 9}, {20, 29}}, true},
      {{{20, 29}, {0, 9}}, true},
      {{{0, 9}, {9, 29}}, false},
      {{{0, -1}, {0, -1}}, false},
      {{{0, 9}, {-1, 5}}, false},
      {{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.ranges));
    EXPECT_EQ(AcceptableRanges(c.ranges), c.acceptable);
  }
}

}  // namespace
}  // namespace sanad::api
