// The server over TLS with a certificate made here (a self-signed P-256 key
// for localhost and 127.0.0.1): a client that trusts that certificate signs
// in and reads over HTTPS; a client that trusts nothing is refused; plain
// HTTP on the same port gets no HTTP answer at all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include "../testing/self_signed_certificate.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

// Sends `request` over a plain TCP connection and returns what comes back
// until the server closes (or 10 s pass: a bound, not a measurement).
std::string PlainExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "connect failed";
  }
  (void)!write(fd, request.data(), request.size());
  std::string answer;
  char buffer[4096];
  pollfd poll_fd{fd, POLLIN, 0};
  while (poll(&poll_fd, 1, 10000) > 0) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return answer;
}

class TlsTest : public LoopbackServerTest {
 protected:
  void SetUp() override {
    cert_ = dir_.File("site.crt");
    sanad::testing::MakeSelfSignedCertificate(cert_, dir_.File("site.key.pem"));
    ServerOptions options;
    options.tls_cert = cert_;
    options.tls_key = dir_.File("site.key.pem");
    StartServer(options, {Role::kRegistrar, Role::kCounsellor});
  }
  std::string cert_;
};

TEST_F(TlsTest, AClientThatTrustsTheCertificateSignsInAndReadsOverHttps) {
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.set_ca_cert_path(cert_.c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");

  auto signed_in = client.Post("/api/v1/session",
                               json{{"username", "registrar"}, {"password", kPassword}}.dump(),
                               "application/json");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  EXPECT_NE(signed_in->get_header_value("Set-Cookie").find("Secure"), std::string::npos)
      << "the session cookie is marked Secure over TLS";
  const std::string token = json::parse(signed_in->body)["token"];
  auto created = client.Post("/api/v1/households", {{"Authorization", "Bearer " + token}},
                             HouseholdOfSix().dump(), "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
}

// Under TLS httplib reads each request itself (no connection door): the
// pre-routing check holds every route but the evidence upload to 1 MiB, and
// that one to its own limit only for callers who may upload.
TEST_F(TlsTest, OnlyTheEvidenceUploadTakesMoreThan1MiBAndOnlyFromThoseWhoMayUpload) {
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.set_ca_cert_path(cert_.c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  auto token = [&](const std::string& user) {
    auto res =
        client.Post("/api/v1/session", json{{"username", user}, {"password", kPassword}}.dump(),
                    "application/json");
    EXPECT_EQ(res->status, 200);
    return httplib::Headers{
        {"Authorization", "Bearer " + json::parse(res->body)["token"].get<std::string>()}};
  };
  const auto registrar = token("registrar");
  const auto counsellor = token("counsellor");
  auto household =
      client.Post("/api/v1/households", registrar, HouseholdOfSix().dump(), "application/json");
  ASSERT_EQ(household->status, 201) << household->body;
  const std::string hid = json::parse(household->body)["id"];
  auto property = client.Post("/api/v1/households/" + hid + "/properties", counsellor,
                              json{{"kind", "land"}, {"what_happened", "left_behind"}}.dump(),
                              "application/json");
  ASSERT_EQ(property->status, 201) << property->body;
  const std::string upload =
      "/api/v1/properties/" + json::parse(property->body)["id"].get<std::string>() + "/evidence";
  std::string png = "\x89PNG\r\n\x1A\n";
  png.resize(2 << 20, 'x');
  const httplib::MultipartFormDataItems items = {{"type", "photo", "", ""},
                                                 {"file", png, "land.png", "image/png"}};

  auto accepted = client.Post(upload, counsellor, items);
  ASSERT_TRUE(accepted) << httplib::to_string(accepted.error());
  EXPECT_EQ(accepted->status, 201) << accepted->body;

  // The refusal comes before the body is read, and httplib then closes the
  // connection: a client still sending may see its write fail instead of
  // the 413. Either way nothing is accepted.
  auto refused = [](const httplib::Result& res) {
    if (!res) return res.error() == httplib::Error::Write;
    return res->status == 413 && json::parse(res->body)["error"]["field"] == "body";
  };
  EXPECT_TRUE(refused(client.Post(upload, registrar, items)));
  json big = HouseholdOfSix();
  big["current_location"] = std::string(2 << 20, 'a');
  EXPECT_TRUE(
      refused(client.Post("/api/v1/households", registrar, big.dump(), "application/json")));
  auto read = client.Get(
      "/api/v1/properties/" + json::parse(property->body)["id"].get<std::string>(), counsellor);
  ASSERT_TRUE(read);
  EXPECT_EQ(json::parse(read->body)["evidence"].size(), 1u);
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheCertificateIsRefused) {
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.enable_server_certificate_verification(true);  // the system's CAs only
  client.set_ca_cert_path(dir_.File("missing.pem").c_str());
  auto res = client.Get("/healthz");
  EXPECT_FALSE(res) << "a self-signed certificate must not be trusted by default";
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortGetsNoHttpAnswer) {
  const std::string answer =
      PlainExchange(server_->port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_FALSE(answer.starts_with("HTTP/")) << answer;
  EXPECT_EQ(answer.find("\"status\""), std::string::npos);
  // The server goes on serving TLS afterwards.
  httplib::SSLClient client("127.0.0.1", server_->port());
  client.set_ca_cert_path(cert_.c_str());
  client.enable_server_certificate_verification(true);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace sanad::api
