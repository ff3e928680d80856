// Sync between sites and a hub (issue 14; docs/sync.md): an enrolled site
// pushes the operations it wrote and pulls those of its records written
// elsewhere. Both are idempotent, so a site repeats them after any cut. The
// site's token is its only credential (Access::kSite in server.cc). And the
// conflicts a person resolves: fields two replicas set while apart.
#include <spdlog/spdlog.h>

#include <charconv>
#include <optional>
#include <unordered_set>

#include "api/duplicate_index.h"
#include "api/json_fields.h"
#include "api/route.h"
#include "sync/hlc.h"
#include "sync/operation_json.h"

namespace sanad::api {
namespace {

// The largest push body: a full batch of large sealed values.
constexpr size_t kMaxPushBytes = 32u << 20;

int64_t HubMillis(const RouteContext& ctx) { return sync::WallMillis(ctx.clock.Now()); }

// The site's clock against the hub's, from the X-Sanad-Clock header (the
// site's wall time in ms); 0 when absent.
int64_t SkewOf(const RouteContext& ctx, const httplib::Request& req) {
  const std::string text = req.get_header_value("X-Sanad-Clock");
  int64_t site_ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), site_ms);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return 0;
  return site_ms - HubMillis(ctx);
}

// The key the site's records' data keys travel under; none (its records
// stay in the log only) for a site enrolled before keys travelled.
std::optional<store::Key> TransportKeyOf(RouteContext& ctx, const std::string& site) {
  auto key = ctx.store.SiteTransportKey(site);
  if (!key) {
    spdlog::warn("{}", key.error().message);
    return std::nullopt;
  }
  return *key;
}

}  // namespace

void KeepIndexesTrue(RouteContext& ctx, const store::IngestCount& count) {
  for (const std::string& id : count.persons_erased) {
    ctx.duplicates.Remove(id);
    ctx.tracing.PersonErased(id);
  }
  if (!count.persons_erased.empty()) ForgetIndexSnapshot(ctx.options.index_snapshot);
  const auto index = [&](const Person& p, const std::string& origin_province) {
    ctx.duplicates.Remove(p.id);
    if (auto added = ctx.duplicates.Add(p.id, p, origin_province); !added) {
      spdlog::warn("person {} not added to the duplicate index: {}", p.id, added.error().message);
    }
    ctx.tracing.PersonSaved(p);
  };
  std::unordered_set<std::string_view> built;
  for (const auto& [person, origin_province] : count.persons_built) {
    index(person, origin_province);
    built.insert(person.id);
  }
  std::vector<std::string> read_back;
  for (const std::string& id : count.persons_changed) {
    if (!built.contains(id)) read_back.push_back(id);
  }
  auto read = ctx.store.ForEachPersonIn(
      read_back, [&](const Person& p, const Household& h) { index(p, h.origin_province); });
  if (!read) spdlog::warn("duplicate index not brought up to date: {}", read.error().message);
}

namespace {

Result<Reply> Push(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  sync::RecordKeys keys;
  auto operations = sync::DecodeBatch(req.body, &keys);
  if (!operations) return Fail(operations.error());
  for (size_t i = 0; i < operations->size(); ++i) {
    if ((*operations)[i].id.site != c.site) {
      Error error = Error::Forbidden("site '{}' may push only the operations it wrote", c.site);
      error.field = "operations[" + std::to_string(i) + "].op_id";
      return Fail(error);
    }
  }
  const std::optional<store::Key> transport_key = TransportKeyOf(ctx, c.site);
  auto count = ctx.store.IngestOperations(*operations, c.actor, keys,
                                          transport_key ? &*transport_key : nullptr);
  if (!count) return Fail(count.error());
  KeepIndexesTrue(ctx, *count);
  if (auto recorded = ctx.store.RecordSiteSync(c.site, SkewOf(ctx, req)); !recorded) {
    return Fail(recorded.error());
  }
  return Reply{200, json{{"applied", count->applied},
                         {"already_known", count->already_known},
                         {"persons_waiting", count->persons_waiting},
                         {"hub_time_ms", HubMillis(ctx)}}};
}

Result<Reply> Pull(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  int64_t after = 0;
  if (req.has_param("after")) {
    const std::string text = req.get_param_value("after");
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), after);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || after < 0) {
      return Fail(Error::InvalidInput("after", "must be a whole number, 0 or more"));
    }
  }
  auto limit = IntParam(req, "limit", static_cast<int>(sync::kMaxBatchOperations), 1,
                        static_cast<int>(sync::kMaxBatchOperations));
  if (!limit) return Fail(limit.error());
  // Scope: only the records this site created, and not what it wrote itself.
  store::OperationFilter scope;
  scope.records_created_by = c.site;
  scope.not_written_by = c.site;
  const std::optional<store::Key> transport_key = TransportKeyOf(ctx, c.site);
  auto batch = ctx.store.OperationsSince(after, static_cast<size_t>(*limit), scope,
                                         transport_key ? &*transport_key : nullptr);
  if (!batch) return Fail(batch.error());
  if (auto recorded = ctx.store.RecordSiteSync(c.site, SkewOf(ctx, req)); !recorded) {
    return Fail(recorded.error());
  }
  json body = sync::BatchJson(batch->operations, batch->keys);
  body["last_position"] = batch->last_position;
  body["hub_time_ms"] = HubMillis(ctx);
  return Reply{200, std::move(body)};
}

// Fields whose values only a role that sees document numbers and phones
// may read (as in a person record).
bool IsNumberField(const std::string& field) { return field == "phone" || field == "documents"; }

// The fields in conflict here, each value beside the others with who wrote
// it and when, shown-first first.
Result<Reply> ListConflicts(RouteContext& ctx, const httplib::Request&, const Caller& c) {
  auto conflicts = ctx.store.ListConflicts(c.actor);
  if (!conflicts) return Fail(conflicts.error());
  json items = json::array();
  for (const store::FieldConflict& conflict : *conflicts) {
    const bool hidden = IsNumberField(conflict.field) && !MaySeeNumbers(c);
    json values = json::array();
    for (const store::ConflictValue& value : conflict.values) {
      values.push_back({{"op_id", sync::ToString(value.op)},
                        {"value", hidden ? "" : value.value},
                        {"hidden", hidden},
                        {"site", value.op.site},
                        {"here", value.op.site == ctx.store.site_id()},
                        {"user", value.username.empty() ? value.user : value.username},
                        {"user_known", !value.username.empty()},
                        {"written_at", value.written_at}});
    }
    items.push_back({{"record_type", conflict.record_type},
                     {"record_id", conflict.record_id},
                     {"field", conflict.field},
                     {"household_id", conflict.household_id},
                     {"values", std::move(values)}});
  }
  return Reply{200, {{"items", std::move(items)}}};
}

// {"record_type", "record_id", "field", "keep": "SITE:SEQUENCE"}: keeps one
// of the values (a `resolve` that travels to every replica).
Result<Reply> ResolveConflict(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"record_type", "record_id", "field", "keep"}); !ok) {
    return Fail(ok.error());
  }
  std::map<std::string, std::string> text;
  for (const char* name : {"record_type", "record_id", "field", "keep"}) {
    auto it = body->find(name);
    if (it == body->end() || !it->is_string() || it->get_ref<const std::string&>().empty() ||
        it->get_ref<const std::string&>().size() > 200) {
      return Fail(Error::InvalidInput(name, "required: the text the conflict list gave"));
    }
    text[name] = it->get<std::string>();
  }
  auto keep = sync::ParseOpId(text["keep"], "keep");
  if (!keep) return Fail(keep.error());
  const sync::FieldKey field{{text["record_type"], text["record_id"]}, text["field"]};
  if (auto resolved = ctx.store.ResolveConflict(field, *keep, c.actor); !resolved) {
    return Fail(resolved.error());
  }
  if (field.record.record_type == "person") {
    store::IngestCount changed;
    changed.persons_changed.push_back(field.record.record_id);
    KeepIndexesTrue(ctx, changed);
  }
  return Reply{200, {{"resolved", true}, {"kept", text["keep"]}}};
}

}  // namespace

std::vector<Route> SyncRoutes() {
  return {
      {"POST", "/api/v1/sync/push", Access::kSite, Permission{}, Push, kMaxPushBytes},
      {"GET", "/api/v1/sync/pull", Access::kSite, Permission{}, Pull},
      {"GET", "/api/v1/conflicts", Access::kPermission, Permission::kHouseholdWrite,
       ListConflicts},
      {"POST", "/api/v1/conflicts/resolve", Access::kPermission, Permission::kHouseholdWrite,
       ResolveConflict},
  };
}

}  // namespace sanad::api
