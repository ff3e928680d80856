// Evidence files of property records over a real server on loopback: the
// upload route alone accepts bodies over 1 MiB (files up to 10 MiB), and
// only for callers who may upload, decided from the request head before the
// body is read; the bytes must be an image or a PDF whatever the upload
// says; downloads give the decrypted bytes back as an attachment, to
// counsellors and administrators only, and every read is audited.
#include "door_test_support.h"

namespace sanad::api {
namespace {

constexpr size_t kMiB = 1024 * 1024;

std::string Png(size_t size) {
  std::string bytes = "\x89PNG\r\n\x1A\n";
  bytes.resize(size, 'x');
  return bytes;
}

class EvidenceTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    counsellor_ = Login("counsellor");
    auto res = client_->Post("/api/v1/households", Bearer(Login("registrar")),
                             HouseholdOfSix().dump(), "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
    household_id_ = json::parse(res->body)["id"];
    const json record = {{"kind", "shop_or_business"}, {"province", "Balochistan"},
                         {"district", "Quetta"},       {"address", "Shop 4, Kandahari Bazaar"},
                         {"tenure", "rented"},         {"what_happened", "seized"}};
    auto created = client_->Post("/api/v1/households/" + household_id_ + "/properties",
                                 Bearer(counsellor_), record.dump(), "application/json");
    ASSERT_EQ(created->status, 201) << created->body;
    property_id_ = json::parse(created->body)["id"];
  }

  httplib::Result Upload(const std::string& token, const std::string& bytes,
                         const std::string& content_type, const std::string& type = "photo") {
    httplib::MultipartFormDataItems items = {{"type", type, "", ""},
                                             {"file", bytes, "scan", content_type}};
    return client_->Post(EvidencePath(), Bearer(token), items);
  }

  std::string EvidencePath() const { return "/api/v1/properties/" + property_id_ + "/evidence"; }

  size_t EvidenceCount() {
    auto got = client_->Get("/api/v1/properties/" + property_id_, Bearer(counsellor_));
    EXPECT_EQ(got->status, 200) << got->body;
    return json::parse(got->body)["evidence"].size();
  }

  // The head of an upload announcing `length` bytes, sent by hand so the
  // test can see the answer before any of the body is sent.
  std::string UploadHead(const std::string& path, const std::string& token, size_t length) {
    std::string head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    return head + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: " +
           std::to_string(length) + "\r\nExpect: 100-continue\r\n\r\n";
  }

  std::string counsellor_;
  std::string household_id_;
  std::string property_id_;
};

TEST_F(EvidenceTest, AFileOf9Point9MiBIsAcceptedAndDownloadedAsStored) {
  const std::string png = Png(static_cast<size_t>(9.9 * kMiB));
  auto added = Upload(counsellor_, png, "image/png");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  const json evidence = json::parse(added->body);
  EXPECT_EQ(evidence["content_type"], "image/png");
  EXPECT_EQ(evidence["size"], png.size());
  EXPECT_EQ(EvidenceCount(), 1u);

  const std::string download = EvidencePath() + "/" + evidence["id"].get<std::string>();
  const int64_t seq_before = store_->AuditHead()->seq;
  auto got = client_->Get(download, Bearer(counsellor_));
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->body, png);
  EXPECT_EQ(got->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(got->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(got->get_header_value("Content-Disposition"),
            "attachment; filename=\"evidence-" + evidence["id"].get<std::string>() + ".png\"");
  EXPECT_EQ(got->get_header_value("Cache-Control"), "no-store");
  auto head = store_->AuditHead();
  EXPECT_EQ(head->seq, seq_before + 1);
  EXPECT_EQ(head->action, "property.evidence.read");

  // Every read is audited, the second as the first.
  ASSERT_EQ(client_->Get(download, Bearer(Login("admin")))->status, 200);
  EXPECT_EQ(store_->AuditHead()->action, "property.evidence.read");
  EXPECT_TRUE(store_->VerifyAudit());
}

TEST_F(EvidenceTest, AFileOf10MiBAndOneByteIsRefusedNamingTheFile) {
  auto refused = Upload(counsellor_, Png(10 * kMiB + 1), "image/png");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  const json error = json::parse(refused->body)["error"];
  EXPECT_EQ(error["field"], "file");
  EXPECT_NE(error["message"].get<std::string>().find("10 MiB"), std::string::npos);
  EXPECT_EQ(EvidenceCount(), 0u);
  // Exactly 10 MiB is allowed.
  EXPECT_EQ(Upload(counsellor_, Png(10 * kMiB), "image/png")->status, 201);
  EXPECT_EQ(EvidenceCount(), 1u);
}

TEST_F(EvidenceTest, A2MiBBodyToAnyOtherRouteIsRefused) {
  json household = HouseholdOfSix();
  household["current_location"] = std::string(2 * kMiB, 'a');
  auto refused = client_->Post("/api/v1/households", Bearer(Login("registrar")),
                               household.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_EQ(json::parse(refused->body)["error"]["field"], "body");
  // The property route itself (JSON) keeps 1 MiB too.
  json record = {{"kind", "house"}, {"province", "Sindh"}, {"district", "Karachi East"},
                 {"what_happened", "left_behind"}, {"address", std::string(2 * kMiB, 'a')}};
  auto too_big = client_->Post("/api/v1/households/" + household_id_ + "/properties",
                               Bearer(counsellor_), record.dump(), "application/json");
  EXPECT_EQ(too_big->status, 413);
}

TEST_F(EvidenceTest, ABodyOverTheUploadLimitIsRefusedBeforeItIsRead) {
  RawConnection c(server_->port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send(UploadHead(EvidencePath(), counsellor_, 11 * kMiB)));
  auto answer = c.ReadResponse();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 413);
  EXPECT_EQ(json::parse(answer->body)["error"]["field"], "body");
}

TEST_F(EvidenceTest, OnlyCallersWhoMayUploadHaveALargeBodyRead) {
  // A counsellor's head is admitted: the server asks for the body.
  {
    RawConnection c(server_->port());
    ASSERT_TRUE(c.Send(UploadHead(EvidencePath(), counsellor_, 9 * kMiB)));
    auto answer = c.ReadResponse();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 100);
  }
  // Anyone else is refused on the head alone, no body sent: no session, a
  // caseworker's, an unknown token, and a counsellor's on another route.
  const std::string caseworker = Login("caseworker");
  const std::vector<std::pair<std::string, std::string>> refused = {
      {EvidencePath(), ""},
      {EvidencePath(), caseworker},
      {EvidencePath(), "not-a-session"},
      {"/api/v1/households/" + household_id_ + "/properties", counsellor_},
      {"/api/v1/households", counsellor_}};
  for (const auto& [path, token] : refused) {
    SCOPED_TRACE(path + " " + token);
    RawConnection c(server_->port());
    ASSERT_TRUE(c.Send(UploadHead(path, token, 2 * kMiB)));
    auto answer = c.ReadResponse();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 413);
  }
  // A small request from a caseworker reaches the permission check.
  EXPECT_EQ(Upload(caseworker, Png(100), "image/png")->status, 403);
  EXPECT_EQ(EvidenceCount(), 0u);
}

TEST_F(EvidenceTest, OnlyImagesAndPdfsWhateverTheUploadSays) {
  struct Case {
    std::string bytes;
    std::string content_type;
    int status;
  };
  const std::vector<Case> cases = {
      {"just some text, not a picture", "image/png", 415},
      {"<html><script>alert(1)</script></html>", "application/pdf", 415},
      {"%PDF-1.7\n%%EOF", "image/png", 415},  // a PDF labelled as a picture
      {"", "image/png", 400},
      {"\xFF\xD8\xFF\xE0 a jpeg", "image/jpeg", 201},
      {"%PDF-1.7\n%%EOF", "application/pdf", 201},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bytes + " as " + c.content_type);
    auto res = Upload(counsellor_, c.bytes, c.content_type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << res->body;
    if (c.status != 201) {
      EXPECT_EQ(json::parse(res->body)["error"]["field"], "file");
    }
  }
  EXPECT_EQ(EvidenceCount(), 2u);
  auto not_multipart =
      client_->Post(EvidencePath(), Bearer(counsellor_), Png(100), "image/png");
  EXPECT_EQ(not_multipart->status, 415);
  EXPECT_EQ(json::parse(not_multipart->body)["error"]["field"], "body");
  EXPECT_EQ(Upload(counsellor_, Png(100), "image/png", "selfie")->status, 400);
  EXPECT_EQ(EvidenceCount(), 2u);
}

TEST_F(EvidenceTest, OnlyCounsellorsAndAdminsDownloadAndRefusalsAreAudited) {
  auto added = Upload(counsellor_, "%PDF-1.4\nthe deed\n%%EOF", "application/pdf", "deed");
  ASSERT_EQ(added->status, 201) << added->body;
  const std::string download = EvidencePath() + "/" + json::parse(added->body)["id"].get<std::string>();
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(store::ToString(role)));
    const bool allowed = Allows(role, Permission::kPropertyRecords);
    EXPECT_EQ(allowed, role == Role::kCounsellor || role == Role::kAdmin);
    auto got = client_->Get(download, Bearer(Login(std::string(store::ToString(role)))));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, allowed ? 200 : 403);
    // Signing in was the last thing audited before the download.
    EXPECT_EQ(store_->AuditHead()->action == "property.evidence.read", allowed);
    if (allowed) {
      EXPECT_EQ(got->body, "%PDF-1.4\nthe deed\n%%EOF");
      EXPECT_EQ(got->get_header_value("Content-Type"), "application/pdf");
    }
  }
  EXPECT_EQ(client_->Get(download, httplib::Headers{})->status, 401);
  // Another property's id, or an unknown file: 404.
  EXPECT_EQ(client_->Get("/api/v1/properties/" + household_id_ + "/evidence/" +
                             json::parse(added->body)["id"].get<std::string>(),
                         Bearer(counsellor_))
                ->status,
            404);
  EXPECT_EQ(client_->Get(EvidencePath() + "/" + household_id_, Bearer(counsellor_))->status, 404);
}

}  // namespace
}  // namespace sanad::api
