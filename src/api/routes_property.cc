// Property left behind (HLP) of a registered household: counsellors and
// administrators only (Permission::kPropertyRecords), every read audited by
// the store, never part of any export. Evidence files arrive as a multipart
// upload (field "file", and "type") of up to 10 MiB a file, the one route
// allowed a body over the server's 1 MiB (decided from the request head, for
// callers who may upload, before the body is read: Server::BodyLimit); the
// bytes are checked to be a JPEG, PNG or PDF whatever the upload claims.
// Downloads answer the decrypted bytes as an attachment of the stored type.
#include "api/incident_json.h"
#include "api/json_codec.h"
#include "api/route.h"

namespace sanad::api {
namespace {

// A multipart body holds the file and, around it, boundaries, part headers
// and the "type" field.
constexpr size_t kEvidenceUploadBytes = static_cast<size_t>(kMaxEvidenceBytes) + 64 * 1024;

Reply Refusal(int status, Error error) { return Reply::Refused(status, std::move(error)); }

Result<Reply> RecordProperty(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto record = DecodeProperty(*body);
  if (!record) return Fail(record.error());
  record->household_id = req.matches[1];
  auto created = ctx.store.CreateProperty(std::move(*record), c.actor);
  if (!created) return Fail(created.error());
  return Reply{201, EncodeProperty(*created)};
}

Result<Reply> ListProperties(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto list = ctx.store.ListProperties(req.matches[1], c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& p : *list) items.push_back(EncodeProperty(p));
  return Reply{200, {{"items", items}}};
}

Result<Reply> GetProperty(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto record = ctx.store.GetProperty(req.matches[1], c.actor);
  if (!record) return Fail(record.error());
  return Reply{200, EncodeProperty(*record)};
}

Result<Reply> AddEvidence(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  if (!req.is_multipart_form_data()) {
    return Refusal(415, Error::InvalidInput("body",
                                            "send the file as multipart/form-data with "
                                            "the fields 'file' and 'type'"));
  }
  if (!req.has_file("file")) return Fail(Error::InvalidInput("file", "is required"));
  if (!req.has_file("type")) {
    return Fail(Error::InvalidInput("type", "is required: one of {}", EvidenceTypeNames()));
  }
  const auto type = ParseEvidenceType(req.get_file_value("type").content);
  if (!type) {
    return Fail(Error::InvalidInput("type", "must be one of {}", EvidenceTypeNames()));
  }
  const auto file = req.get_file_value("file");
  if (static_cast<int64_t>(file.content.size()) > kMaxEvidenceBytes) {
    return Refusal(413,
                   Error::InvalidInput("file",
                                       "is larger than 10 MiB: scan or photograph it at a lower "
                                       "resolution, or split it into several files"));
  }
  // An empty file is a 400; bytes that are not an image or a PDF (or not
  // what the upload says they are), a 415.
  if (auto kind = CheckEvidenceContent("file", file.content_type, file.content);
      !kind && !file.content.empty()) {
    return Refusal(415, kind.error());
  }
  auto added =
      ctx.store.AddEvidence(req.matches[1], *type, file.content_type, file.content, c.actor);
  if (!added) return Fail(added.error());
  return Reply{201,
               {{"id", added->id},
                {"type", ToString(added->type)},
                {"content_type", added->content_type},
                {"size", added->size},
                {"created_at", added->created_at}}};
}

std::string_view Extension(std::string_view content_type) {
  if (content_type == "image/jpeg") return ".jpg";
  if (content_type == "image/png") return ".png";
  if (content_type == "application/pdf") return ".pdf";
  return "";
}

Result<Reply> GetEvidence(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto file = ctx.store.GetEvidenceFile(req.matches[1], req.matches[2], c.actor);
  if (!file) return Fail(file.error());
  const std::string name =
      "evidence-" + std::string(req.matches[2]) + std::string(Extension(file->content_type));
  return Reply::File(std::move(file->bytes), std::move(file->content_type), name);
}

}  // namespace

std::vector<Route> PropertyRoutes() {
  return {
      {"POST", R"(/api/v1/households/([0-9a-f-]{36})/properties)", Access::kPermission,
       Permission::kPropertyRecords, RecordProperty},
      {"GET", R"(/api/v1/households/([0-9a-f-]{36})/properties)", Access::kPermission,
       Permission::kPropertyRecords, ListProperties},
      {"GET", R"(/api/v1/properties/([0-9a-f-]{36}))", Access::kPermission,
       Permission::kPropertyRecords, GetProperty},
      {"POST", R"(/api/v1/properties/([0-9a-f-]{36})/evidence)", Access::kPermission,
       Permission::kPropertyRecords, AddEvidence, kEvidenceUploadBytes},
      {"GET", R"(/api/v1/properties/([0-9a-f-]{36})/evidence/([0-9a-f-]{36}))", Access::kPermission,
       Permission::kPropertyRecords, GetEvidence},
  };
}

}  // namespace sanad::api
