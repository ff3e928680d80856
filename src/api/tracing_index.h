// Family tracing as a site serves it: who may be found (the persons who
// consented to tracing), the open tracing requests, and the matching of
// their sought persons against (a) registered persons and (b) other open
// requests, with the engine of the duplicate index (match::CandidateIndex).
//
//   TracingIndex tracing;
//   (void)tracing.Load(store);                       // at start
//   tracing.Put(store.GetTracingRequest(id, actor)); // after a create or decision
//   auto matches = tracing.Matches(file, duplicates, today);
//   auto alerts = tracing.Check(new_person, duplicates, today);  // at registration
//
// The idea. Each sought person becomes a query (core/tracing.h,
// TracingQueryOf: the names the inquirer gave and those the family
// structure implies). Against registered persons, the query runs on the
// site's duplicate index with a filter that admits only persons who
// consented to tracing and were not decided on for this sought person: the
// filter runs inside the search, before scoring, so a person without
// consent is never scored, ranked, returned or counted. Against other
// requests, a second, small CandidateIndex holds every open request's
// inquirer and still-sought persons (record ids "<request>/inquirer" and
// "<request>/<index>"), scored by the same model: a mother seeking her son
// meets the son's own request through its inquirer, and two siblings
// seeking one mother meet through their sought persons. A request appears
// once per sought person, at its best.
//
// A person sought is described from memory (an age, a year): each query is
// also blocked as born up to two years either side, since the engine
// blocks given names by birth year, and scored as given
// (CandidateIndex::CandidatesBlockedAs).
//
// A new registration is checked against the small index only (no scan):
// each open sought person it may be is then scored once on the duplicate
// index, restricted to the new person, so an alert carries the probability
// the matches list will show.
//
// Probabilities from the two indexes carry their own priors (the prior
// follows an index's size), so a request-to-request match reads higher
// than a person match of equal evidence; the list is ordered by
// probability all the same (docs/api.md says so).
//
// Thread-safety: every method may be called from any thread (one shared
// mutex; queries share it).
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/tracing.h"
#include "match/candidate_index.h"
#include "store/store.h"

namespace sanad::api {

// What a tracing match list shows, and what raises an alert.
inline constexpr double kTracingListThreshold = 0.05;
inline constexpr size_t kTracingMatchesPerSought = 10;

struct TracingMatch {
  size_t sought_index = 0;
  std::string person_id;   // a registered person, or
  std::string request_id;  // another open tracing request
  std::string via;         // for a request: "inquirer" or "sought[i]"
  double probability = 0;
  double weight = 0;
  std::vector<match::Contribution> explanation;
  std::vector<std::string_view> derived;  // names the family structure gave the query
};

struct TracingAlert {
  std::string request_id;
  size_t sought_index = 0;
  std::string person_id;
  double probability = 0;
};

class TracingIndex {
 public:
  // `clock` (which must outlive the index) dates a sought person's age.
  explicit TracingIndex(const Clock& clock = SystemClock()) : clock_(&clock) {}

  // Fills the empty index from the store: the persons who consented to
  // tracing and every open request. Errors: the store's; the index is then
  // left empty and not loaded.
  [[nodiscard]] Status Load(store::Store& store);
  // Load() unless it succeeded before.
  [[nodiscard]] Status EnsureLoaded(store::Store& store);

  // A registered or edited person: their consent, and their names where
  // they are the inquirer of an open request.
  void PersonSaved(const Person& person);
  // An erased person: no consent, their requests out.
  void PersonErased(const std::string& person_id);

  // Indexes the request as it now is (found sought persons leave; a closed
  // request leaves altogether).
  void Put(const store::TracingFile& file);

  // The matches of `file`'s sought persons still sought, best first, at most
  // kTracingMatchesPerSought for each against persons and as many against
  // requests, each at or above kTracingListThreshold; pairs decided before
  // are left out. Empty for a closed request.
  [[nodiscard]] Result<std::vector<TracingMatch>> Matches(const store::TracingFile& file,
                                                          const match::CandidateIndex& persons,
                                                          Date today) const;

  // The open sought persons `person` (registered, consenting to tracing)
  // may be, with the probability Matches would give, at or above the
  // model's review threshold. Empty without consent.
  [[nodiscard]] Result<std::vector<TracingAlert>> Check(const Person& person,
                                                        const match::CandidateIndex& persons,
                                                        Date today) const;

  [[nodiscard]] bool Consents(std::string_view person_id) const;

 private:
  struct OpenRequest {
    Person inquirer;
    std::vector<SoughtPerson> sought;
    std::vector<bool> found;
    std::vector<TracingDecision> decisions;
  };
  void DropLocked(const std::string& request_id);
  void PostLocked(const std::string& request_id, const OpenRequest& request);

  struct IdHash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };

  const Clock* clock_;
  mutable std::shared_mutex mutex_;
  bool loaded_ = false;
  std::unordered_set<std::string, IdHash, std::equal_to<>> consenters_;
  std::unordered_map<std::string, OpenRequest> requests_;
  match::CandidateIndex sought_;
};

}  // namespace sanad::api
