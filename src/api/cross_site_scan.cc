#include "api/cross_site_scan.h"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sanad::api {

Result<size_t> ScanCrossSiteStep(store::Store& store, const match::CandidateIndex& index,
                                 const Clock& clock, int64_t* position, size_t batch) {
  auto sites = store.ListSites();
  if (!sites) return Fail(sites.error());
  if (sites->empty()) return size_t{0};
  auto created = store.PersonsCreatedAfter(*position, batch);
  if (!created) return Fail(created.error());
  if (created->empty()) return size_t{0};

  std::vector<std::string> ids;
  for (const store::PersonCreated& c : *created) ids.push_back(c.person_id);
  std::map<std::string, std::pair<Person, std::string>> built;  // id -> person, origin province
  auto read = store.ForEachPersonIn(ids, [&](const Person& p, const Household& h) {
    built.try_emplace(p.id, p, h.origin_province);
  });
  if (!read) return Fail(read.error());
  // A person built by a push or registered here goes to the index just
  // after the commit that wrote their create: the step stops before the
  // first one not indexed yet and takes them at its next turn (two persons
  // of one push would otherwise each be looked up before the other was
  // there, and their pair never found). A create with no person built here
  // (erased, or waiting for its key) is passed over.
  size_t taken = 0;
  while (taken < created->size()) {
    const std::string& id = (*created)[taken].person_id;
    if (built.contains(id) && !index.Contains(id)) break;
    ++taken;
  }
  if (taken == 0) return size_t{0};
  created->resize(taken);

  std::map<std::string, std::string> site_of;  // person id -> registering site
  struct Found {
    std::string person_id;
    std::string candidate_id;
    double probability;
  };
  std::vector<Found> found;
  for (const store::PersonCreated& c : *created) {
    site_of[c.person_id] = c.site;
    auto person = built.find(c.person_id);
    if (person == built.end()) continue;
    auto candidates = index.Candidates(person->second.first, person->second.second, 10,
                                       kCrossSiteMinProbability, c.person_id);
    if (!candidates) return Fail(candidates.error());
    for (const match::Candidate& candidate : *candidates) {
      found.push_back({c.person_id, candidate.record_id, candidate.probability});
    }
  }
  std::set<std::string> unknown;
  for (const Found& f : found) {
    if (!site_of.contains(f.candidate_id)) unknown.insert(f.candidate_id);
  }
  auto more = store.RegisteringSites(std::vector<std::string>(unknown.begin(), unknown.end()));
  if (!more) return Fail(more.error());
  site_of.merge(*more);

  std::vector<store::CrossSitePair> pairs;
  const std::string now = clock.NowIso();
  for (const Found& f : found) {
    const auto mine = site_of.find(f.person_id);
    const auto theirs = site_of.find(f.candidate_id);
    if (theirs == site_of.end() || mine->second == theirs->second) continue;
    const bool ordered = f.person_id < f.candidate_id;
    pairs.push_back({ordered ? f.person_id : f.candidate_id, ordered ? f.candidate_id : f.person_id,
                     ordered ? mine->second : theirs->second,
                     ordered ? theirs->second : mine->second,
                     static_cast<int>(std::lround(f.probability * 1000)), now});
  }
  const int64_t last = created->back().log_position;
  if (auto saved = store.SaveCrossSiteScan(last, pairs); !saved) return Fail(saved.error());
  *position = last;
  return created->size();
}

}  // namespace sanad::api
