// Family tracing matches (see tracing_index.h).
#include "api/tracing_index.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <mutex>

namespace sanad::api {
namespace {

constexpr std::string_view kInquirer = "inquirer";

std::string RecordId(const std::string& request_id, std::string_view part) {
  return request_id + "/" + std::string(part);
}

// "<request>/<part>" → (request, part).
std::pair<std::string_view, std::string_view> SplitRecordId(std::string_view record_id) {
  const size_t slash = record_id.rfind('/');
  if (slash == std::string_view::npos) return {record_id, {}};
  return {record_id.substr(0, slash), record_id.substr(slash + 1)};
}

std::optional<size_t> SoughtIndexOf(std::string_view part) {
  size_t index = 0;
  const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (ec != std::errc{} || end != part.data() + part.size()) return std::nullopt;
  return index;
}

bool Decided(const std::vector<TracingDecision>& decisions, size_t sought_index,
             std::string_view person_id, std::string_view request_id) {
  for (const TracingDecision& d : decisions) {
    if (d.sought_index != sought_index) continue;
    if (!person_id.empty() && d.person_id == person_id) return true;
    if (!request_id.empty() && d.other_request_id == request_id) return true;
  }
  return false;
}

// A person sought is described from memory, and a registered birth date is
// often a guess: the query is also blocked as born up to two years either
// side (the engine blocks given names by birth year), and scored as given.
std::vector<Person> YearsAround(const Person& query) {
  std::vector<Person> out;
  if (!query.birth_date) return out;
  for (int shift : {-2, -1, 1, 2}) {
    Person shifted = query;
    PartialDate year;
    year.year = query.birth_date->year + shift;
    year.precision = PartialDate::Precision::kYear;
    shifted.birth_date = year;
    out.push_back(std::move(shifted));
  }
  return out;
}

bool IsConsenting(const Person& p) {
  return std::find(p.consents.begin(), p.consents.end(), ConsentPurpose::kTracing) !=
         p.consents.end();
}

}  // namespace

Status TracingIndex::Load(store::Store& store) {
  auto consenters = store.TracingConsenters();
  if (!consenters) return Fail(consenters.error());
  auto open = store.OpenTracingRequests(store::Actor{"system", ""});
  if (!open) return Fail(open.error());
  {
    std::unique_lock lock(mutex_);
    consenters_.clear();
    for (auto& id : *consenters) consenters_.insert(std::move(id));
    for (const auto& [id, request] : requests_) {
      (void)request;
      DropLocked(id);
    }
    requests_.clear();
    loaded_ = true;
  }
  for (const store::TracingFile& file : *open) Put(file);
  spdlog::info("tracing: {} persons may be found, {} open requests", consenters->size(),
               open->size());
  return {};
}

Status TracingIndex::EnsureLoaded(store::Store& store) {
  {
    std::shared_lock lock(mutex_);
    if (loaded_) return {};
  }
  return Load(store);
}

bool TracingIndex::Consents(std::string_view person_id) const {
  std::shared_lock lock(mutex_);
  return consenters_.find(person_id) != consenters_.end();
}

void TracingIndex::PersonSaved(const Person& person) {
  std::unique_lock lock(mutex_);
  if (IsConsenting(person)) {
    consenters_.insert(person.id);
  } else if (auto it = consenters_.find(person.id); it != consenters_.end()) {
    consenters_.erase(it);
  }
  for (auto& [id, request] : requests_) {
    if (request.inquirer.id != person.id) continue;
    request.inquirer = person;
    DropLocked(id);
    PostLocked(id, request);
  }
}

void TracingIndex::PersonErased(const std::string& person_id) {
  std::unique_lock lock(mutex_);
  if (auto it = consenters_.find(person_id); it != consenters_.end()) consenters_.erase(it);
  std::vector<std::string> theirs;
  for (const auto& [id, request] : requests_) {
    if (request.inquirer.id == person_id) theirs.push_back(id);
  }
  for (const std::string& id : theirs) {
    DropLocked(id);
    requests_.erase(id);
  }
}

void TracingIndex::DropLocked(const std::string& request_id) {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return;
  sought_.Remove(RecordId(request_id, kInquirer));
  for (size_t i = 0; i < it->second.sought.size(); ++i) {
    sought_.Remove(RecordId(request_id, std::to_string(i)));
  }
}

void TracingIndex::PostLocked(const std::string& request_id, const OpenRequest& request) {
  auto add = [&](const std::string& record_id, const Person& p) {
    if (auto added = sought_.Add(record_id, p, ""); !added) {
      spdlog::warn("tracing: {} not indexed: {}", record_id, added.error().message);
    }
  };
  add(RecordId(request_id, kInquirer), request.inquirer);
  for (size_t i = 0; i < request.sought.size(); ++i) {
    if (request.found[i]) continue;
    // Indexed as the person the inquirer describes, with the names the
    // family structure implies; an age becomes a birth year of the day
    // the request was indexed (a year's drift at most).
    add(RecordId(request_id, std::to_string(i)),
        TracingQueryOf(request.inquirer, request.sought[i], clock_->Today()).person);
  }
}

void TracingIndex::Put(const store::TracingFile& file) {
  std::unique_lock lock(mutex_);
  const std::string& id = file.request.id;
  DropLocked(id);
  requests_.erase(id);
  if (file.request.status != TracingStatus::kOpen) return;
  OpenRequest request{file.inquirer, file.request.sought, file.request.found, file.decisions};
  PostLocked(id, request);
  requests_.emplace(id, std::move(request));
}

Result<std::vector<TracingMatch>> TracingIndex::Matches(const store::TracingFile& file,
                                                        const match::CandidateIndex& persons,
                                                        Date today) const {
  std::vector<TracingMatch> out;
  const TracingRequest& request = file.request;
  if (request.status != TracingStatus::kOpen) return out;
  std::shared_lock lock(mutex_);
  for (size_t i = 0; i < request.sought.size(); ++i) {
    if (request.found[i]) continue;
    const TracingQuery query = TracingQueryOf(file.inquirer, request.sought[i], today);
    // (a) Registered persons who consented, not decided on for this sought person.
    const std::vector<Person> block_as = YearsAround(query.person);
    auto found = persons.CandidatesBlockedAs(
        query.person, block_as, "", kTracingMatchesPerSought, kTracingListThreshold,
        file.inquirer.id,
        [&](std::string_view id) {
          return consenters_.find(id) != consenters_.end() &&
                 !Decided(file.decisions, i, id, {});
        });
    if (!found) return Fail(found.error());
    for (match::Candidate& c : *found) {
      TracingMatch m;
      m.sought_index = i;
      m.person_id = std::move(c.record_id);
      m.probability = c.probability;
      m.weight = c.weight;
      m.explanation = std::move(c.explanation);
      m.derived = query.derived;
      out.push_back(std::move(m));
    }
    // (b) Other open requests: their inquirer or one of their sought persons.
    auto admitted = [&](std::string_view record_id) {
      const auto [other, part] = SplitRecordId(record_id);
      if (other == request.id) return false;
      auto it = requests_.find(std::string(other));
      if (it == requests_.end() || it->second.inquirer.id == file.inquirer.id) return false;
      if (part == kInquirer && consenters_.find(it->second.inquirer.id) == consenters_.end()) {
        return false;
      }
      return !Decided(file.decisions, i, {}, other);
    };
    auto others = sought_.CandidatesBlockedAs(query.person, block_as, "",
                                              2 * kTracingMatchesPerSought,
                                              kTracingListThreshold, {}, admitted);
    if (!others) return Fail(others.error());
    std::unordered_set<std::string> seen;  // best first: the first of each request counts
    for (match::Candidate& c : *others) {
      const auto [other, part] = SplitRecordId(c.record_id);
      if (!seen.insert(std::string(other)).second) continue;
      if (seen.size() > kTracingMatchesPerSought) break;
      TracingMatch m;
      m.sought_index = i;
      m.request_id = std::string(other);
      m.via = part == kInquirer ? std::string(kInquirer) : "sought[" + std::string(part) + "]";
      m.probability = c.probability;
      m.weight = c.weight;
      m.explanation = std::move(c.explanation);
      m.derived = query.derived;
      out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const TracingMatch& a, const TracingMatch& b) {
    return a.probability > b.probability;
  });
  return out;
}

Result<std::vector<TracingAlert>> TracingIndex::Check(const Person& person,
                                                      const match::CandidateIndex& persons,
                                                      Date today) const {
  std::vector<TracingAlert> out;
  std::shared_lock lock(mutex_);
  if (consenters_.find(person.id) == consenters_.end() || requests_.empty()) return out;
  auto admitted = [&](std::string_view record_id) {
    const auto [request_id, part] = SplitRecordId(record_id);
    if (part == kInquirer) return false;
    auto it = requests_.find(std::string(request_id));
    if (it == requests_.end() || it->second.inquirer.id == person.id) return false;
    const auto index = SoughtIndexOf(part);
    return index && !Decided(it->second.decisions, *index, person.id, {});
  };
  auto near = sought_.CandidatesBlockedAs(person, YearsAround(person), "",
                                          2 * kTracingMatchesPerSought, kTracingListThreshold, {},
                                          admitted);
  if (!near) return Fail(near.error());
  const double threshold = persons.model().review_threshold;
  for (const match::Candidate& c : *near) {
    const auto [request_id, part] = SplitRecordId(c.record_id);
    const OpenRequest& request = requests_.at(std::string(request_id));
    const size_t index = *SoughtIndexOf(part);
    // Scored as the matches list scores it: the sought query on the
    // register, restricted to the new person.
    const TracingQuery query = TracingQueryOf(request.inquirer, request.sought[index], today);
    auto scored = persons.CandidatesBlockedAs(
        query.person, YearsAround(query.person), "", 1, threshold, request.inquirer.id,
        [&](std::string_view id) { return id == person.id; });
    if (!scored) return Fail(scored.error());
    if (scored->empty()) continue;
    out.push_back({std::string(request_id), index, person.id, scored->front().probability});
  }
  return out;
}

}  // namespace sanad::api
