// Persons: search, read, possible duplicates, erasure.
#include <algorithm>
#include <map>
#include <set>

#include "api/duplicate_index.h"
#include "api/json_codec.h"
#include "api/json_fields.h"
#include "api/route.h"
#include "api/service_json.h"
#include "core/validation.h"
#include "match/person_search.h"

namespace sanad::api {
namespace {

json EncodeDecision(const store::DuplicateDecision& d) {
  return {{"person_id", d.person_id},
          {"candidate_id", d.candidate_id},
          {"decision", std::string(store::ToString(d.verdict))},
          {"by", d.by},
          {"at", d.at}};
}

// Answered from the duplicate index in memory (match/person_search.h); only
// the page shown is read from the store, and audited as one search.
Result<Reply> SearchPersons(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto page = IntParam(req, "page", 1, 1, store::kMaxSearchPage);
  if (!page) return Fail(page.error());
  auto size = IntParam(req, "page_size", 20, 1, store::kMaxSearchPageSize);
  if (!size) return Fail(size.error());
  const std::string query = req.get_param_value("q");
  if (auto ok = ValidateText("q", query); !ok) return Fail(ok.error());
  // Searching by a number one may not see is seeing it.
  const bool numbers = MaySeeNumbers(c);
  if (match::IsNumberQuery(query) && !numbers) {
    ctx.refusals.Record(c.actor, "refused:person.document_numbers", "route", "/api/v1/persons");
    return Fail(Error::Forbidden(
        "your role ({}) may not search by phone or document number: search by name instead",
        store::ToString(c.session.user.role)));
  }
  match::SearchRequest request{query, numbers,
                               (static_cast<size_t>(*page) - 1) * static_cast<size_t>(*size),
                               static_cast<size_t>(*size)};
  auto found = ctx.duplicates.Search(request);
  if (!found) return Fail(found.error());
  auto summaries = ctx.store.GetSummaries(found->record_ids, c.actor, "person.search");
  if (!summaries) return Fail(summaries.error());
  json items = json::array();
  for (const auto& s : *summaries) items.push_back(EncodeSummary(s));
  return Reply{
      200,
      {{"items", items}, {"page", *page}, {"page_size", *size}, {"has_more", found->has_more}}};
}

Result<Reply> GetPerson(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto p = ctx.store.GetPerson(req.matches[1], c.actor);
  if (!p) return Fail(p.error());
  return Reply{200, EncodePerson(*p, MaySeeNumbers(c))};
}

// While a registrar types: the given name may not be there yet, so the rest
// is validated and matched on what there is.
Result<Reply> CandidatesWhileTyping(RouteContext& ctx, const httplib::Request& req,
                                    const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  json person_json = *body;
  std::string province;
  if (auto it = person_json.find("province"); it != person_json.end()) {
    if (!it->is_string()) return Fail(Error::InvalidInput("province", "must be a string"));
    province = it->get<std::string>();
    person_json.erase("province");
  }
  const bool has_given_name = person_json.contains("given_name");
  Person base;
  if (!has_given_name) base.given_name = "-";
  auto person = DecodePerson(person_json, base, "", ctx.clock);
  if (!person) return Fail(person.error());
  if (!has_given_name) person->given_name.clear();
  auto found = ctx.duplicates.Candidates(*person, province, 5);
  if (!found) return Fail(found.error());
  auto shown = CandidatesJson(ctx.store, ctx.duplicates, *found, c.actor);
  if (!shown) return Fail(shown.error());
  return Reply{200, {{"candidates", *shown}}};
}

// A decided pair is never offered again: it is filtered inside the search,
// before anything is counted. The decisions come with the other person's
// summary, so the page can say "the same person as ...".
Result<Reply> DuplicatesOfPerson(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  const std::string id = req.matches[1];
  auto person = ctx.store.GetPerson(id, c.actor);
  if (!person) return Fail(person.error());
  auto household = ctx.store.GetHousehold(person->household_id, c.actor);
  if (!household) return Fail(household.error());
  auto decisions = ctx.store.DuplicateDecisionsOf(id);
  if (!decisions) return Fail(decisions.error());
  std::set<std::string, std::less<>> decided;
  for (const auto& d : *decisions) decided.insert(d.candidate_id);
  auto found = ctx.duplicates.Candidates(
      *person, household->origin_province, 10, 0.5, id,
      [&decided](std::string_view record) { return !decided.contains(record); });
  if (!found) return Fail(found.error());
  auto shown = CandidatesJson(ctx.store, ctx.duplicates, *found, c.actor);
  if (!shown) return Fail(shown.error());
  json decided_json = json::array();
  if (!decisions->empty()) {
    std::vector<std::string> ids;
    for (const auto& d : *decisions) ids.push_back(d.candidate_id);
    auto summaries = ctx.store.GetSummaries(ids, c.actor);
    if (!summaries) return Fail(summaries.error());
    for (const auto& d : *decisions) {
      auto s = std::find_if(summaries->begin(), summaries->end(),
                            [&d](const store::PersonSummary& x) { return x.id == d.candidate_id; });
      if (s == summaries->end()) continue;
      json one = EncodeDecision(d);
      one["candidate"] = EncodeSummary(*s);
      decided_json.push_back(std::move(one));
    }
  }
  return Reply{200, {{"candidates", *shown}, {"decisions", decided_json}}};
}

// {"candidate_id", "decision": "same" | "not_same"}: a verdict on a possible
// duplicate, stored and audited; "same" links the two records.
Result<Reply> DecideDuplicate(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"candidate_id", "decision"}); !ok) {
    return Fail(ok.error());
  }
  std::string candidate;
  if (auto ok = GetString(*body, "", "candidate_id", &candidate, 64); !ok) return Fail(ok.error());
  store::DuplicateVerdict verdict = store::DuplicateVerdict::kNotSame;
  if (auto ok = GetRequiredEnum(*body, "", "decision", &store::ParseDuplicateVerdict,
                                "same, not_same", &verdict, true);
      !ok) {
    return Fail(ok.error());
  }
  auto decided = ctx.store.DecideDuplicate(req.matches[1], candidate, verdict, c.actor);
  if (!decided) return Fail(decided.error());
  return Reply{201, EncodeDecision(*decided)};
}

// The crossings the person was recorded in: {"items": [...]} as GET /movements.
Result<Reply> MovementsOfPerson(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto list = ctx.store.ListPersonMovements(req.matches[1], c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& m : *list) items.push_back(EncodeMovement(m));
  return Reply{200, {{"items", items}}};
}

// {"reason": "..."}: crypto-shreds the person and takes them out of the
// duplicate index and its snapshot.
Result<Reply> ErasePerson(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"reason"}); !ok) return Fail(ok.error());
  // The store says what a reason must be; here only that one was sent.
  const auto reason = body->find("reason");
  if (reason == body->end() || !reason->is_string()) {
    return Fail(Error::InvalidInput("reason", "say why this person is erased"));
  }
  const std::string id = req.matches[1];
  if (auto erased = ctx.store.ErasePerson(id, reason->get<std::string>(), c.actor); !erased) {
    return Fail(erased.error());
  }
  ctx.duplicates.Remove(id);
  ctx.tracing.PersonErased(id);
  ForgetIndexSnapshot(ctx.options.index_snapshot);
  return Reply{200, {{"erased", id}}};
}

// The hub's possible duplicates across sites (cross_site_scan.h), likeliest
// first: each pair with both persons' summaries and the sites that first
// registered them. Deciding one goes through the person's duplicates
// (POST .../duplicates/decisions), which takes it off this list. The
// summaries shown are audited as one entry.
Result<Reply> CrossSiteDuplicates(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto limit = IntParam(req, "limit", 50, 1, 200);
  if (!limit) return Fail(limit.error());
  int64_t total = 0;
  auto pairs = ctx.store.OpenCrossSiteDuplicates(static_cast<size_t>(*limit), &total);
  if (!pairs) return Fail(pairs.error());
  auto scan = ctx.store.GetCrossSiteScan();
  if (!scan) return Fail(scan.error());
  std::vector<std::string> ids;
  for (const store::CrossSitePair& pair : *pairs) {
    ids.push_back(pair.person_a);
    ids.push_back(pair.person_b);
  }
  std::map<std::string, store::PersonSummary> summaries;
  if (!ids.empty()) {
    auto read = ctx.store.GetSummaries(ids, c.actor, "person.duplicates.cross_site");
    if (!read) return Fail(read.error());
    for (store::PersonSummary& s : *read) summaries.emplace(s.id, std::move(s));
  }
  json listed = json::array();
  for (const store::CrossSitePair& pair : *pairs) {
    auto a = summaries.find(pair.person_a);
    auto b = summaries.find(pair.person_b);
    if (a == summaries.end() || b == summaries.end()) continue;  // erased since
    json first = EncodeSummary(a->second);
    first["site"] = pair.site_a;
    json second = EncodeSummary(b->second);
    second["site"] = pair.site_b;
    listed.push_back({{"a", std::move(first)},
                      {"b", std::move(second)},
                      {"match_probability", pair.probability_permille / 1000.0},
                      {"found_at", pair.found_at}});
  }
  return Reply{
      200,
      {{"pairs", std::move(listed)}, {"total", total}, {"scan", {{"waiting", scan->waiting}}}}};
}

}  // namespace

std::vector<Route> PersonRoutes() {
  constexpr std::string_view kOne = R"(/api/v1/persons/([0-9a-f-]{36}))";
  return {
      {"GET", "/api/v1/persons", Access::kPermission, Permission::kPersonRead, SearchPersons},
      {"GET", kOne, Access::kPermission, Permission::kPersonRead, GetPerson},
      {"DELETE", kOne, Access::kPermission, Permission::kPersonErase, ErasePerson},
      {"POST", "/api/v1/persons/candidates", Access::kPermission, Permission::kPersonDuplicates,
       CandidatesWhileTyping},
      {"GET", R"(/api/v1/persons/([0-9a-f-]{36})/duplicates)", Access::kPermission,
       Permission::kPersonDuplicates, DuplicatesOfPerson},
      {"POST", R"(/api/v1/persons/([0-9a-f-]{36})/duplicates/decisions)", Access::kPermission,
       Permission::kPersonDuplicates, DecideDuplicate},
      {"GET", R"(/api/v1/persons/([0-9a-f-]{36})/movements)", Access::kPermission,
       Permission::kMovementRead, MovementsOfPerson},
      {"GET", "/api/v1/duplicates/cross-site", Access::kPermission, Permission::kPersonDuplicates,
       CrossSiteDuplicates},
  };
}

}  // namespace sanad::api
