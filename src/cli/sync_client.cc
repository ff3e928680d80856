// A site's side of sync (see sync_client.h): the credential, the pinned
// client and one round of push then pull.
#include "cli/sync_client.h"

#include <fcntl.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <utility>

#include "sync/hlc.h"
#include "sync/operation_json.h"

namespace sanad::cli {
namespace {

// The field that names an error of the link or of the hub's answer.
constexpr const char* kHubField = "hub";

const store::Actor kSystem{"system", ""};

// A client for the hub: HTTPS trusting only the pinned certificate, or plain
// HTTP to this machine (tests, a hub on the same laptop).
Result<std::unique_ptr<httplib::Client>> HubClient(const std::string& url,
                                                   const Credential& credential) {
  const bool https = url.starts_with("https://");
  const bool loopback = url.starts_with("http://127.0.0.1") ||
                        url.starts_with("http://localhost") || url.starts_with("http://[::1]");
  if (!https && !loopback) {
    return Fail(Error::InvalidInput(
        "hub",
        "--hub {}: sync goes over HTTPS (https://HOST:PORT); plain HTTP only to this machine",
        url));
  }
  auto client = std::make_unique<httplib::Client>(url);
  if (!client->is_valid())
    return Fail(Error::InvalidInput("hub", "--hub {}: not a hub address", url));
  client->set_connection_timeout(10);
  client->set_read_timeout(120);
  if (https) {
    if (credential.hub_certificate.empty()) {
      return Fail(Error::InvalidInput("credential",
                                      "the credential holds no hub certificate, so the hub cannot "
                                      "be checked: enrol again with --hub-cert"));
    }
    BIO* bio = BIO_new_mem_buf(credential.hub_certificate.data(),
                               static_cast<int>(credential.hub_certificate.size()));
    X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!certificate) {
      return Fail(Error::InvalidInput("credential",
                                      "the credential's hub certificate is not a PEM certificate"));
    }
    X509_STORE* trusted = X509_STORE_new();  // owned by the client from here
    X509_STORE_add_cert(trusted, certificate);
    X509_free(certificate);
    client->set_ca_cert_store(trusted);
    client->enable_server_certificate_verification(true);
  }
  return client;
}

httplib::Headers HubHeaders(const Credential& credential) {
  return {{"Authorization", "Bearer " + credential.token},
          {"X-Sanad-Clock", std::to_string(sync::WallMillis(std::chrono::system_clock::now()))}};
}

// The code of a refusal by the hub: the credential refused, or anything
// else the hub said no to (which this site cannot repair by itself).
Error::Code RefusalCode(int status) {
  if (status == 401) return Error::Code::kUnauthenticated;
  if (status == 403) return Error::Code::kForbidden;
  return Error::Code::kUnavailable;
}

// The hub's answer, or an error naming "hub" (the link failing, or the hub
// refusing). Nothing acknowledged is lost either way. Each answer's
// hub_time_ms, when there is one, is kept in `*hub_time_ms`.
Result<nlohmann::json> HubAnswer(const httplib::Result& result, const std::string& what,
                                 int64_t* hub_time_ms) {
  if (!result) {
    return Fail(Error(Error::Code::kUnavailable,
                      Message("cannot reach the hub ({}) during {}. Nothing is lost: run sanad "
                              "sync again when the link is back",
                              httplib::to_string(result.error()), what),
                      kHubField));
  }
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
      // The hub's error names the field at fault when there is one.
      const auto& error = body["error"];
      auto text = [&](const char* key) {
        return error.contains(key) && error[key].is_string() ? error[key].get<std::string>()
                                                             : std::string();
      };
      const std::string said =
          (text("field").empty() ? "" : text("field") + ": ") + text("message");
      return Fail(Error(RefusalCode(result->status),
                        Message("the hub answered {}: {} (during {})", result->status, said, what),
                        kHubField));
    }
    return Fail(Error(RefusalCode(result->status),
                      Message("the hub answered {} (during {})", result->status, what), kHubField));
  }
  if (body.is_discarded()) {
    return Fail(Error(Error::Code::kUnavailable,
                      Message("the hub's answer is not JSON (during {})", what), kHubField));
  }
  if (const auto time = body.find("hub_time_ms"); time != body.end() && time->is_number_integer()) {
    *hub_time_ms = time->get<int64_t>();
  }
  return body;
}

// A batch of this site's operations, encoded for the hub.
struct EncodedBatch {
  size_t operations = 0;
  int64_t last_position = 0;
  std::string body;
};

Error Stopped() {
  return {Error::Code::kUnavailable,
          Message("the sync stopped before its end because sanad is stopping. Nothing is lost: "
                  "the next sync carries on"),
          kHubField};
}

// The round itself; SyncOnce records its outcome. Each answer's hub time is
// kept in `*hub_time_ms` as it arrives, so a round that fails half-way still
// tells the clock skew.
Result<SyncReport> Round(store::Store& store, const std::string& hub_url,
                         const Credential& credential, const SyncHooks& hooks,
                         int64_t* hub_time_ms) {
  auto client = HubClient(hub_url, credential);
  if (!client) return Fail(client.error());
  if (auto adopted = store.AdoptSiteId(credential.site, kSystem); !adopted) {
    return Fail(adopted.error());
  }
  auto cursor = store.GetSyncCursor();
  if (!cursor) return Fail(cursor.error());
  const auto stopping = [&] { return hooks.stopping && hooks.stopping(); };

  SyncReport report;
  report.site = credential.site;
  store::OperationFilter own;
  own.written_by = credential.site;
  // The persons' data keys go with them, sealed for the hub alone.
  const store::Key* transport_key =
      credential.transport_key ? &*credential.transport_key : nullptr;
  // The cursors are saved after each batch, so that a cut link or a killed
  // process loses no progress. The next batch is read and encoded while the
  // hub takes in the last one (the two ends worked one after the other:
  // reading and encoding were a third of an initial sync); the hub still
  // gets the batches one at a time and in order, and the cursor moves only
  // past what the hub acknowledged.
  auto read_batch = [&](int64_t after) -> Result<EncodedBatch> {
    auto batch = store.OperationsSince(after, sync::kMaxBatchOperations, own, transport_key);
    if (!batch) return Fail(batch.error());
    EncodedBatch encoded{batch->operations.size(), batch->last_position, {}};
    if (!batch->operations.empty()) {
      encoded.body = sync::EncodeBatch(batch->operations, batch->keys);
    }
    return encoded;
  };
  auto batch = read_batch(cursor->pushed);
  for (;;) {
    if (!batch) return Fail(batch.error());
    if (stopping()) return Fail(Stopped());
    if (batch->operations == 0) {
      // Nothing of this site's after the cursor: it moves past what was
      // looked at (operations pulled from others), so as not to look again.
      if (batch->last_position != cursor->pushed) {
        cursor->pushed = batch->last_position;
        if (auto saved = store.SaveSyncCursor(*cursor); !saved) return Fail(saved.error());
      }
      break;
    }
    // The client is used by this one thread at a time: the request's, until
    // get() below.
    auto sending = std::async(std::launch::async, [&client, &credential, &batch] {
      return (*client)->Post("/api/v1/sync/push", HubHeaders(credential), batch->body,
                             "application/json");
    });
    auto next = read_batch(batch->last_position);
    auto answer = HubAnswer(sending.get(), "push", hub_time_ms);
    if (!answer) return Fail(answer.error());
    report.pushed += answer->value("applied", size_t{0});
    report.already_at_hub += answer->value("already_known", size_t{0});
    cursor->pushed = batch->last_position;
    if (auto saved = store.SaveSyncCursor(*cursor); !saved) return Fail(saved.error());
    if (hooks.pushed) hooks.pushed(report.pushed + report.already_at_hub);
    batch = std::move(next);
  }
  for (;;) {
    if (stopping()) return Fail(Stopped());
    auto result = (*client)->Get("/api/v1/sync/pull?after=" + std::to_string(cursor->pulled),
                                 HubHeaders(credential));
    auto answer = HubAnswer(result, "pull", hub_time_ms);
    if (!answer) return Fail(answer.error());
    sync::RecordKeys keys;
    auto operations = sync::DecodeBatch(result->body, &keys);
    if (!operations) {
      return Fail(
          Error(Error::Code::kUnavailable,
                Message("the hub sent a batch sanad cannot read: {}", operations.error().text),
                kHubField));
    }
    if (!operations->empty()) {
      auto ingested = store.IngestOperations(*operations, kSystem, keys, transport_key);
      if (!ingested) return Fail(ingested.error());
      report.pulled += ingested->applied;
      if (hooks.ingested) hooks.ingested(*ingested);
    }
    // The hub's cursor moves even past a batch with nothing for this site:
    // it looked at those operations and need not again.
    const int64_t position = answer->value("last_position", cursor->pulled);
    if (position != cursor->pulled) {
      cursor->pulled = position;
      if (auto saved = store.SaveSyncCursor(*cursor); !saved) return Fail(saved.error());
    }
    if (operations->empty()) break;
  }
  cursor->last_success_at = store.clock().NowIso();
  if (auto saved = store.SaveSyncCursor(*cursor); !saved) return Fail(saved.error());
  return report;
}

}  // namespace

Result<Credential> ReadCredential(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Fail(Error::InvalidInput("credential", "cannot read '{}': does the file exist?", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    return Fail(Error::InvalidInput("credential", "cannot read '{}': reading it failed", path));
  }
  toml::table parsed;
  try {
    parsed = toml::parse(bytes.str(), path);
  } catch (const toml::parse_error& e) {
    return Fail(Error::InvalidInput("credential", "{}: not a credential file ({})", path,
                                    std::string(e.description())));
  }
  Credential credential;
  credential.site = parsed["site"].value_or(std::string());
  credential.token = parsed["token"].value_or(std::string());
  credential.hub_certificate = parsed["hub_certificate"].value_or(std::string());
  if (auto hex = parsed["transport_key"].value<std::string>()) {
    auto key_bytes = store::FromHex(*hex);
    if (!key_bytes || key_bytes->size() != store::kKeyBytes) {
      return Fail(Error::InvalidInput(
          "credential",
          "{}: the credential's transport_key is not 64 hexadecimal digits; ask the hub's admin "
          "for a new one (sanad site enrol)",
          path));
    }
    store::Key key;
    std::copy(key_bytes->begin(), key_bytes->end(), key.begin());
    sodium_memzero(key_bytes->data(), key_bytes->size());
    credential.transport_key = key;
  }
  if (credential.site.empty() || credential.token.empty()) {
    return Fail(Error::InvalidInput("credential",
                                    "{}: the credential lacks 'site' or 'token'; ask the hub's "
                                    "admin for a new one (sanad site enrol)",
                                    path));
  }
  return credential;
}

Status WriteCredential(const std::string& path, const Credential& credential) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(Error(Error::Code::kConflict,
                      Message("--out {}: cannot create the file (it must not exist yet)", path),
                      "out"));
  }
  std::string text = "# sanad site credential, issued by the hub for one site. Keep it secret.\n";
  text += "site = \"" + credential.site + "\"\ntoken = \"" + credential.token + "\"\n";
  if (credential.transport_key) {
    text += "transport_key = \"" +
            store::ToHex(std::string_view(
                reinterpret_cast<const char*>(credential.transport_key->data()),
                credential.transport_key->size())) +
            "\"\n";
  }
  if (!credential.hub_certificate.empty()) {
    text += "hub_certificate = '''\n" + credential.hub_certificate + "'''\n";
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    return Fail(Error(Error::Code::kUnavailable,
                      Message("--out {}: cannot write the credential", path), "out"));
  }
  return {};
}

Status CheckHub(const std::string& hub_url, const Credential& credential) {
  auto client = HubClient(hub_url, credential);
  if (!client) return Fail(client.error());
  return {};
}

Result<SyncReport> SyncOnce(store::Store& store, const std::string& hub_url,
                            const Credential& credential, const SyncHooks& hooks) {
  int64_t hub_time_ms = 0;
  auto report = Round(store, hub_url, credential, hooks, &hub_time_ms);
  store::SyncAttempt attempt;
  if (!report) attempt.error = report.error().message;
  if (hub_time_ms > 0) {
    attempt.clock_skew_ms = sync::WallMillis(std::chrono::system_clock::now()) - hub_time_ms;
  }
  auto recorded = store.RecordSyncAttempt(attempt);
  if (!report) return report;
  if (!recorded) return Fail(recorded.error());
  report->hub_time_ms = hub_time_ms;
  report->clock_skew_ms = attempt.clock_skew_ms.value_or(0);
  return report;
}

BackgroundSync::BackgroundSync(store::Store& store, std::string hub_url, Credential credential,
                               std::chrono::seconds every,
                               std::function<void(const store::IngestCount&)> ingested)
    : store_(store),
      hub_url_(std::move(hub_url)),
      credential_(std::move(credential)),
      every_(every),
      ingested_(std::move(ingested)),
      thread_([this] { Loop(); }) {}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  thread_.join();
}

int64_t BackgroundSync::rounds() const {
  std::lock_guard lock(mutex_);
  return rounds_;
}

Result<SyncReport> BackgroundSync::RunOnce() {
  std::lock_guard run(run_mutex_);
  SyncHooks hooks;
  hooks.stopping = [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  };
  hooks.ingested = ingested_;
  auto report = SyncOnce(store_, hub_url_, credential_, hooks);
  if (report) {
    spdlog::info("synced with {} as {}: pushed {} operations ({} already at the hub), pulled {}",
                 hub_url_, report->site, report->pushed, report->already_at_hub, report->pulled);
    if (report->hub_time_ms > 0 &&
        (report->clock_skew_ms > 60'000 || report->clock_skew_ms < -60'000)) {
      spdlog::warn("this machine's clock is {} of the hub's: set the date and time",
                   sync::DescribeSkew(report->clock_skew_ms));
    }
  } else {
    spdlog::warn("sync with {} failed: {}", hub_url_, report.error().message);
  }
  std::lock_guard lock(mutex_);
  ++rounds_;
  return report;
}

void BackgroundSync::Loop() {
  try {
    // The first round runs at start: what was written while the site was
    // off its link goes as soon as it can.
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      (void)RunOnce();
      lock.lock();
      wakeup_.wait_for(lock, every_, [this] { return stopping_; });
    }
  } catch (const std::exception& e) {
    // A thread's entry catches: the site goes on serving without background sync.
    spdlog::error("background sync stopped: {}; restart sanad serve to sync again", e.what());
  }
}

}  // namespace sanad::cli
