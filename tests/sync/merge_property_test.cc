// Property tests of the merge: random operations written at N replicas,
// delivered in random orders with duplicates and with drops that are retried
// later, must leave every replica with the same heads, the same record
// states and the same values, equal to what a replica that received
// everything at once in yet another order holds; an erased record keeps no
// value anywhere; and writes that each saw the previous never conflict.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "sync/merge.h"
#include "sync_test_site.h"

namespace sanad::sync {
namespace {

using testing::TestSite;

constexpr int64_t kStart = 1'764'662'400'000;
const std::vector<std::string> kFields = {"given_name", "phone", "document", "consents"};

// Everything the merge answers for a replica, as text, for comparison.
std::string Fingerprint(const KnownOperations& known) {
  std::ostringstream out;
  std::set<RecordKey> records;
  for (const Operation* operation : known.All()) {
    records.insert(RecordOf(*operation));
    out << ToString(operation->id) << '=' << operation->value << ';';
  }
  for (const RecordKey& record : records) {
    out << '\n' << record.record_id << ' ' << ToString(known.StateOf(record));
    for (const std::string& field : known.FieldsOf(record)) {
      out << ' ' << field << ':';
      for (const Operation* head : known.FieldHeads({record, field}))
        out << ToString(head->id) << ',';
    }
  }
  return out.str();
}

struct Message {
  size_t to;
  Operation operation;
};

struct Scenario {
  size_t replicas;
  size_t steps;
  uint32_t seed;
};

void PrintTo(const Scenario& scenario, std::ostream* out) {
  *out << scenario.replicas << " replicas, " << scenario.steps << " steps, seed " << scenario.seed;
}

class MergeProperty : public ::testing::TestWithParam<Scenario> {};

TEST_P(MergeProperty, ReplicasConvergeWhateverTheDeliveryOrderDuplicatesOrDrops) {
  const Scenario scenario = GetParam();
  std::mt19937 random(scenario.seed);
  auto chance = [&](double p) { return std::bernoulli_distribution(p)(random); };
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };

  // Sites whose clocks disagree by up to four minutes either way.
  std::vector<TestSite> sites;
  for (size_t i = 0; i < scenario.replicas; ++i) {
    sites.emplace_back("site-" + std::to_string(i),
                       std::uniform_int_distribution<int64_t>(-240'000, 240'000)(random));
  }
  std::vector<RecordKey> records;
  for (int r = 0; r < 4; ++r) records.push_back({"person", "p" + std::to_string(r)});

  std::deque<Message> network;
  std::vector<Message> dropped;
  std::map<OpId, std::string> written_values;
  std::set<RecordKey> erased;
  auto broadcast = [&](size_t from, const Operation& operation) {
    written_values[operation.id] = operation.value;
    if (operation.kind == OpKind::kErase) erased.insert(RecordOf(operation));
    for (size_t to = 0; to < sites.size(); ++to) {
      if (to != from) network.push_back({to, operation});
    }
  };
  int64_t now = kStart;
  for (const RecordKey& record : records) broadcast(0, sites[0].Create(record, now));

  size_t conflicts_seen = 0;
  for (size_t step = 0; step < scenario.steps; ++step) {
    now += 1'000;
    if (chance(0.45) && !network.empty()) {
      // Deliver a random message; some are lost (retried at the end) and
      // some arrive twice.
      const size_t index = pick(network.size());
      Message message = network[index];
      network.erase(network.begin() + static_cast<std::ptrdiff_t>(index));
      if (chance(0.15)) {
        dropped.push_back(message);
        continue;
      }
      sites[message.to].Receive(message.operation, now);
      if (chance(0.15)) network.push_back(message);
      continue;
    }
    const size_t writer = pick(sites.size());
    TestSite& site = sites[writer];
    const RecordKey& record = records[pick(records.size())];
    const RecordState state = site.known().StateOf(record);
    if (state == RecordState::kErased || state == RecordState::kUnknown) continue;
    if (state == RecordState::kDeletionConflict) {
      ++conflicts_seen;
      broadcast(writer,
                site.ResolveDeletion(record, chance(0.5) ? kResolveKeep : kResolveDelete, now));
      continue;
    }
    if (state == RecordState::kDeleted) continue;  // the screens offer no edit of a deleted record
    const std::string& field = kFields[pick(kFields.size())];
    const auto heads = site.known().FieldHeads({record, field});
    if (heads.size() > 1 && chance(0.6)) {
      ++conflicts_seen;
      broadcast(writer, site.ResolveField(record, field, heads[pick(heads.size())]->value, now));
    } else if (chance(0.03)) {
      broadcast(writer, site.Tombstone(record, now));
    } else if (chance(0.01)) {
      broadcast(writer, site.Erase(record, now));
    } else {
      broadcast(writer,
                site.Set(record, field, "sealed:" + site.site() + ":" + std::to_string(step), now));
    }
  }
  // The links come back: everything still in flight arrives, retries too, in
  // a random order and some twice.
  for (Message& message : dropped) network.push_back(std::move(message));
  std::vector<Message> rest(network.begin(), network.end());
  std::shuffle(rest.begin(), rest.end(), random);
  for (const Message& message : rest) {
    now += 10;
    sites[message.to].Receive(message.operation, now);
    if (chance(0.1)) sites[message.to].Receive(message.operation, now);
  }

  // A replica that receives the union in yet another order.
  std::vector<Operation> everything;
  for (const Operation* operation : sites[0].known().All()) everything.push_back(*operation);
  std::shuffle(everything.begin(), everything.end(), random);
  KnownOperations fresh;
  for (const Operation& operation : everything) fresh.Add(operation);

  const std::string expected = Fingerprint(fresh);
  for (const TestSite& site : sites) {
    EXPECT_EQ(site.known().size(), written_values.size()) << site.site();
    EXPECT_EQ(Fingerprint(site.known()), expected) << site.site();
    for (const Operation* operation : site.known().All()) {
      const bool is_erased = erased.contains(RecordOf(*operation));
      // No value changes on the way; an erased record's are gone everywhere.
      EXPECT_EQ(operation->value, is_erased ? "" : written_values.at(operation->id))
          << site.site() << " " << ToString(operation->id);
    }
    for (const TestSite& other : sites) {
      const auto written =
          std::count_if(written_values.begin(), written_values.end(),
                        [&](const auto& entry) { return entry.first.site == other.site(); });
      EXPECT_EQ(site.known().ContiguousSequence(other.site()), static_cast<uint64_t>(written));
    }
  }
  // The scenario must have exercised concurrency, or it proves nothing.
  EXPECT_GT(conflicts_seen + fresh.ConflictingFields().size() + fresh.DeletionConflicts().size(),
            0u);
}

INSTANTIATE_TEST_SUITE_P(Random, MergeProperty,
                         ::testing::Values(Scenario{2, 400, 1}, Scenario{3, 600, 2},
                                           Scenario{3, 600, 3}, Scenario{5, 1500, 4},
                                           Scenario{5, 1500, 5}, Scenario{8, 3000, 6},
                                           Scenario{4, 2000, 7}, Scenario{6, 2500, 8}));

TEST(MergePropertySequential, WritesThatEachSawThePreviousNeverConflict) {
  std::mt19937 random(11);
  std::vector<TestSite> sites;
  for (int i = 0; i < 4; ++i) sites.emplace_back("site-" + std::to_string(i));
  const RecordKey record{"person", "p"};
  int64_t now = kStart;
  auto deliver_all = [&](const Operation& operation, size_t from) {
    for (size_t to = 0; to < sites.size(); ++to) {
      if (to != from) sites[to].Receive(operation, now);
    }
  };
  deliver_all(sites[0].Create(record, now), 0);
  for (int step = 0; step < 500; ++step) {
    now += 1'000;
    const size_t writer = std::uniform_int_distribution<size_t>(0, sites.size() - 1)(random);
    const std::string& field = kFields[step % kFields.size()];
    deliver_all(sites[writer].Set(record, field, "v" + std::to_string(step), now), writer);
    for (const TestSite& site : sites) ASSERT_TRUE(site.known().ConflictingFields().empty());
  }
}

}  // namespace
}  // namespace sanad::sync
