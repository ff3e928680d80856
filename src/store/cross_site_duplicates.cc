// Possible duplicates across sites, as the hub's scan finds them (the scan
// itself is the server's: api/cross_site_scan.cc holds the matching engine).
//
// A person's site is the one that wrote their `create`. The scan walks the
// persons' creates in log order and remembers how far it came, so a hub that
// restarts goes on where it stopped and a push of a thousand persons costs a
// thousand lookups, not a rescan of millions.
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {

namespace {

constexpr std::string_view kPersonCreates =
    "record_type = 'person' AND kind = 'create' AND field = ''";

}  // namespace

Result<std::vector<PersonCreated>> Store::PersonsCreatedAfter(int64_t after_position,
                                                              size_t limit) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT record_id, site, log_position FROM change_log WHERE "
      "log_position > ? AND " +
          std::string(kPersonCreates) + " ORDER BY log_position LIMIT ?",
      {after_position, static_cast<int64_t>(limit)});
  if (!rows) return Fail(rows.error());
  std::vector<PersonCreated> created;
  created.reserve(rows->size());
  for (const Row& row : *rows) created.push_back({AsText(row[0]), AsText(row[1]), AsInt(row[2])});
  return created;
}

Result<std::map<std::string, std::string>> Store::RegisteringSites(
    const std::vector<std::string>& person_ids) {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::string> sites;
  auto read = internal::QueryByIds(*db_,
                                   "SELECT record_id, site FROM change_log WHERE " +
                                       std::string(kPersonCreates) + " AND record_id",
                                   person_ids,
                                   [&](const Row& row) { sites[AsText(row[0])] = AsText(row[1]); });
  if (!read) return Fail(read.error());
  return sites;
}

Result<CrossSiteScanState> Store::GetCrossSiteScan() {
  std::lock_guard lock(mutex_);
  CrossSiteScanState state;
  auto at = db_->Query("SELECT scanned_position FROM cross_site_scan WHERE id = 1");
  if (!at) return Fail(at.error());
  if (!at->empty()) state.scanned_position = AsInt(at->at(0).at(0));
  auto waiting = db_->Query(
      "SELECT COUNT(*) FROM change_log WHERE log_position > ? AND " + std::string(kPersonCreates),
      {state.scanned_position});
  if (!waiting) return Fail(waiting.error());
  state.waiting = AsInt(waiting->at(0).at(0));
  return state;
}

Status Store::SaveCrossSiteScan(int64_t scanned_position, const std::vector<CrossSitePair>& pairs) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    for (const CrossSitePair& pair : pairs) {
      // The persons must still be here: one erased since the scan read them
      // would leave a row naming them.
      auto written = db_->Execute(
          "INSERT INTO cross_site_duplicates (person_a, person_b, site_a, site_b, "
          "probability_permille, found_at) SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM "
          "persons WHERE id IN (?, ?) AND erased_at IS NULL) = 2 ON CONFLICT DO NOTHING",
          {pair.person_a, pair.person_b, pair.site_a, pair.site_b,
           static_cast<int64_t>(pair.probability_permille), pair.found_at, pair.person_a,
           pair.person_b});
      if (!written) return Fail(written.error());
    }
    auto moved = db_->Execute("UPDATE cross_site_scan SET scanned_position = ? WHERE id = 1",
                              {scanned_position});
    if (!moved) return Fail(moved.error());
    if (*moved == 0) {
      auto first = db_->Execute("INSERT INTO cross_site_scan (id, scanned_position) VALUES (1, ?)",
                                {scanned_position});
      if (!first) return Fail(first.error());
    }
    return {};
  });
}

Result<std::vector<CrossSitePair>> Store::OpenCrossSiteDuplicates(size_t limit, int64_t* total) {
  std::lock_guard lock(mutex_);
  constexpr std::string_view kOpen =
      " FROM cross_site_duplicates c WHERE NOT EXISTS (SELECT 1 FROM duplicate_decisions d "
      "WHERE d.person_a = c.person_a AND d.person_b = c.person_b)";
  auto counted = db_->Query("SELECT COUNT(*)" + std::string(kOpen));
  if (!counted) return Fail(counted.error());
  *total = AsInt(counted->at(0).at(0));
  auto rows = db_->Query(
      "SELECT c.person_a, c.person_b, c.site_a, c.site_b, c.probability_permille, c.found_at" +
          std::string(kOpen) +
          " ORDER BY c.probability_permille DESC, c.found_at, c.person_a LIMIT ?",
      {static_cast<int64_t>(limit)});
  if (!rows) return Fail(rows.error());
  std::vector<CrossSitePair> pairs;
  for (const Row& row : *rows) {
    pairs.push_back({AsText(row[0]), AsText(row[1]), AsText(row[2]), AsText(row[3]),
                     static_cast<int>(AsInt(row[4])), AsText(row[5])});
  }
  return pairs;
}

}  // namespace sanad::store
