// Movements (registered crossings), flow tallies (head counts) and the
// registered movements counted as tallies.
#include <map>
#include <set>
#include <tuple>

#include "core/id.h"
#include "core/validation.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {

using internal::CanonicalDestination;
using internal::Stored;

namespace {

// Reads the date, direction and mode of a movements or tallies row into a
// Movement or a FlowTally; kInternal naming the row and column when one
// cannot be read.
template <typename Crossing>
Status ReadCrossing(Crossing* out, const Value& date, const Value& direction, const Value& mode,
                    std::string_view table, std::string_view row_id) {
  auto d = Stored(Date::ParseIso(AsText(date)), table, row_id, "date");
  if (!d) return Fail(d.error());
  auto dir = Stored(ParseDirection(AsText(direction)), table, row_id, "direction");
  if (!dir) return Fail(dir.error());
  auto m = Stored(ParseMovementMode(AsText(mode)), table, row_id, "mode");
  if (!m) return Fail(m.error());
  out->date = *d;
  out->direction = *dir;
  out->mode = *m;
  return {};
}

constexpr std::string_view kMovementSelect =
    "SELECT id, date, crossing_point, direction, mode, household_id, created_at FROM movements";

// The movements a query over kMovementSelect finds, each with its persons.
Result<std::vector<Movement>> ReadMovements(Database& db, const std::string& sql,
                                            const std::vector<Value>& params) {
  auto rows = db.Query(sql, params);
  if (!rows) return Fail(rows.error());
  std::vector<Movement> result;
  for (const Row& r : *rows) {
    Movement m;
    m.id = AsText(r[0]);
    if (auto read = ReadCrossing(&m, r[1], r[3], r[4], "movements", m.id); !read) {
      return Fail(read.error());
    }
    m.crossing_point = AsText(r[2]);
    m.household_id = AsText(r[5]);
    m.created_at = AsText(r[6]);
    auto people = db.Query("SELECT person_id FROM movement_persons WHERE movement_id = ?", {m.id});
    if (!people) return Fail(people.error());
    for (const auto& p : *people) m.person_ids.push_back(AsText(p[0]));
    result.push_back(std::move(m));
  }
  return result;
}

}  // namespace

Result<Movement> Store::CreateMovement(Movement movement, const Actor& actor) {
  if (auto ok = ValidateMovement(movement, *clock_); !ok) return Fail(ok.error());
  // Reports match registered crossings to head counts by the canonical name;
  // the site's gazetteer holds the points its administrator added too.
  auto gazetteer = CrossingPoints();
  if (!gazetteer) return Fail(gazetteer.error());
  auto crossing = gazetteer->Find(movement.crossing_point);
  if (!crossing) {
    return Fail(Error::InvalidInput(
        "crossing_point", "is not a known crossing point: use one of {}", gazetteer->Names()));
  }
  movement.crossing_point = *crossing;
  std::lock_guard lock(mutex_);
  movement.id = NewId();
  movement.created_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    // Everything is checked before anything is written.
    if (!movement.household_id.empty()) {
      auto h = db_->Query("SELECT id FROM households WHERE id = ?", {movement.household_id});
      if (!h) return Fail(h.error());
      if (h->empty()) {
        return Fail(Error::InvalidInput("household_id", "no household has this id"));
      }
      if (movement.person_ids.empty()) {
        auto members = db_->Query(
            "SELECT id FROM persons WHERE household_id = ? AND erased_at IS NULL ORDER BY position",
            {movement.household_id});
        if (!members) return Fail(members.error());
        for (const auto& m : *members) movement.person_ids.push_back(AsText(m[0]));
        if (movement.person_ids.empty()) {
          return Fail(
              Error::InvalidInput("household_id", "this household has no members left to record"));
        }
      }
    }
    for (size_t i = 0; i < movement.person_ids.size(); ++i) {
      const std::string field = "person_ids[" + std::to_string(i) + "]";
      auto p = db_->Query("SELECT household_id, erased_at FROM persons WHERE id = ?",
                          {movement.person_ids[i]});
      if (!p) return Fail(p.error());
      if (p->empty()) return Fail(Error::InvalidInput(field, "no person has this id"));
      if (!IsNull(p->at(0).at(1))) {
        return Fail(Error::InvalidInput(field, "this person's record was erased"));
      }
      if (!movement.household_id.empty() && AsText(p->at(0).at(0)) != movement.household_id) {
        return Fail(
            Error::InvalidInput(field,
                                "is not a member of the household {}: record them in a movement of "
                                "their own household, or leave household_id out",
                                movement.household_id));
      }
    }
    auto r = db_->Execute(
        "INSERT INTO movements (id, date, crossing_point, direction, mode, household_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {movement.id, movement.date.ToIso(), movement.crossing_point,
         std::string(ToString(movement.direction)), std::string(ToString(movement.mode)),
         movement.household_id.empty() ? Value(std::monostate{}) : Value(movement.household_id),
         movement.created_at});
    if (!r) return Fail(r.error());
    for (const auto& person_id : movement.person_ids) {
      auto link =
          db_->Execute("INSERT INTO movement_persons (movement_id, person_id) VALUES (?, ?)",
                       {movement.id, person_id});
      if (!link) return Fail(link.error());
    }
    return AuditLocked(actor, "movement.create", "movement", movement.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return movement;
}

Result<std::vector<Movement>> Store::ListMovements(const MovementFilter& filter,
                                                   const Actor& actor) {
  std::string sql = std::string(kMovementSelect) + " WHERE 1 = 1";
  std::vector<Value> params;
  if (filter.from) {
    sql += " AND date >= ?";
    params.push_back(filter.from->ToIso());
  }
  if (filter.to) {
    sql += " AND date <= ?";
    params.push_back(filter.to->ToIso());
  }
  if (!filter.crossing_point.empty()) {
    sql += " AND crossing_point = ?";
    params.push_back(filter.crossing_point);
  }
  sql += " ORDER BY date, id LIMIT 10000";
  std::lock_guard lock(mutex_);
  std::vector<Movement> result;
  auto ok = db_->Transaction([&]() -> Status {
    auto read = ReadMovements(*db_, sql, params);
    if (!read) return Fail(read.error());
    result = std::move(*read);
    return AuditLocked(actor, "movement.list", "movement",
                       std::to_string(result.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<std::vector<Movement>> Store::ListPersonMovements(const std::string& person_id,
                                                         const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::vector<Movement> result;
  auto ok = db_->Transaction([&]() -> Status {
    auto person = db_->Query("SELECT erased_at FROM persons WHERE id = ?", {person_id});
    if (!person) return Fail(person.error());
    if (person->empty() || !IsNull(person->at(0).at(0))) {
      return Fail(Error::NotFound("no person has the id '{}'", person_id));
    }
    auto read = ReadMovements(
        *db_,
        std::string(kMovementSelect) +
            " WHERE id IN (SELECT movement_id FROM movement_persons WHERE person_id = ?) "
            "ORDER BY date, id",
        {person_id});
    if (!read) return Fail(read.error());
    result = std::move(*read);
    return AuditLocked(actor, "movement.list", "person", person_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Status Store::AddTallies(const std::vector<FlowTally>& given, const Actor& actor,
                         const ImportFile& file) {
  std::vector<FlowTally> tallies = given;
  auto gazetteer = CrossingPoints();
  if (!gazetteer) return Fail(gazetteer.error());
  for (size_t i = 0; i < tallies.size(); ++i) {
    Status ok = ValidateFlowTally(tallies[i], true, *clock_);
    if (ok) ok = CanonicalDestination(&tallies[i].destination_province);
    if (ok) {
      if (auto crossing = gazetteer->Find(tallies[i].crossing_point)) {
        tallies[i].crossing_point = *crossing;
      } else {
        ok = Fail(Error::InvalidInput(
            "crossing_point", "is not a known crossing point: use one of {}", gazetteer->Names()));
      }
    }
    if (!ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix("tallies[" + std::to_string(i) + "]"));
    }
  }
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  return db_->Transaction([&]() -> Status {
    bool repeated = false;
    if (auto s =
            RecordImportFile(file, "tallies", static_cast<int64_t>(tallies.size()), now, &repeated);
        !s) {
      return s;
    }
    for (const auto& t : tallies) {
      auto r = db_->Execute(
          "INSERT INTO tallies (id, date, crossing_point, direction, mode, households, "
          "individuals, female, male, age_0_4, age_5_17, age_18_59, age_60_plus, "
          "destination_province, registered_individuals, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {NewId(), t.date.ToIso(), t.crossing_point, std::string(ToString(t.direction)),
           std::string(ToString(t.mode)), t.households, t.individuals, t.female, t.male, t.age_0_4,
           t.age_5_17, t.age_18_59, t.age_60_plus, t.destination_province, t.registered_individuals,
           now});
      if (!r) return Fail(r.error());
    }
    return AuditLocked(actor, "tallies.import", "tally",
                       std::to_string(tallies.size()) + " tallies", "ok",
                       repeated ? "a file imported before, imported again" : "");
  });
}

Result<std::vector<FlowTally>> Store::ListTallies(Date from, Date to) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT date, crossing_point, direction, mode, households, individuals, female, male, "
      "age_0_4, age_5_17, age_18_59, age_60_plus, destination_province, registered_individuals, "
      "id FROM tallies WHERE date >= ? AND date <= ? ORDER BY date, crossing_point",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::vector<FlowTally> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    FlowTally t;
    if (auto read = ReadCrossing(&t, r[0], r[2], r[3], "tallies", AsText(r[14])); !read) {
      return Fail(read.error());
    }
    t.crossing_point = AsText(r[1]);
    t.households = AsInt(r[4]);
    t.individuals = AsInt(r[5]);
    t.female = AsInt(r[6]);
    t.male = AsInt(r[7]);
    t.age_0_4 = AsInt(r[8]);
    t.age_5_17 = AsInt(r[9]);
    t.age_18_59 = AsInt(r[10]);
    t.age_60_plus = AsInt(r[11]);
    t.destination_province = AsText(r[12]);
    t.registered_individuals = AsInt(r[13]);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<FlowTally>> Store::ListRegisteredFlows(Date from, Date to) {
  auto rows = ScanQuery(
      "SELECT m.date, m.crossing_point, m.direction, m.mode, h.destination_province, "
      "p.household_id, p.sex, p.birth_year, m.id, p.id FROM movements m "
      "JOIN movement_persons mp ON mp.movement_id = m.id JOIN persons p ON p.id = mp.person_id "
      "JOIN households h ON h.id = p.household_id "
      "WHERE m.date >= ? AND m.date <= ? ORDER BY m.date, m.crossing_point, m.direction, m.mode, "
      "h.destination_province",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, size_t>
      index;
  std::vector<FlowTally> out;
  std::vector<std::set<std::string>> households;
  for (const Row& r : *rows) {
    auto key =
        std::make_tuple(AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]));
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) {
      FlowTally t;
      if (auto read = ReadCrossing(&t, r[0], r[2], r[3], "movements", AsText(r[8])); !read) {
        return Fail(read.error());
      }
      t.crossing_point = std::get<1>(key);
      t.destination_province = std::get<4>(key);
      out.push_back(std::move(t));
      households.emplace_back();
    }
    FlowTally& t = out[it->second];
    households[it->second].insert(AsText(r[5]));
    auto sex = Stored(ParseSex(AsText(r[6])), "persons", AsText(r[9]), "sex");
    if (!sex) return Fail(sex.error());
    CountPerson(&t, *sex,
                IsNull(r[7])
                    ? std::nullopt
                    : std::optional(AgeBandOf(t.date.year - static_cast<int>(AsInt(r[7])))));
  }
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].households = static_cast<int64_t>(households[i].size());
  }
  return out;
}

}  // namespace sanad::store
