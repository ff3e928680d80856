#include "match/evaluation.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/csv.h"

namespace sanad::match {
namespace {

uint64_t Pairs(uint64_t n) { return n * (n - 1) / 2; }

// Sum of C(n, 2) over the runs of equal keys of a sorted vector.
template <typename T>
uint64_t PairsInRuns(const std::vector<T>& sorted) {
  uint64_t total = 0;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    total += Pairs(j - i);
    i = j;
  }
  return total;
}

}  // namespace

PairwiseScores ScorePairwise(std::span<const uint64_t> clusters,
                             std::span<const uint64_t> persons) {
  const size_t n = std::min(clusters.size(), persons.size());
  std::vector<std::pair<uint64_t, uint64_t>> cells(n);
  std::vector<uint64_t> by_cluster(clusters.begin(),
                                   clusters.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<uint64_t> by_person(persons.begin(),
                                  persons.begin() + static_cast<std::ptrdiff_t>(n));
  for (size_t i = 0; i < n; ++i) cells[i] = {clusters[i], persons[i]};
  std::sort(cells.begin(), cells.end());
  std::sort(by_cluster.begin(), by_cluster.end());
  std::sort(by_person.begin(), by_person.end());
  PairwiseScores s;
  s.records = n;
  s.true_positive_pairs = PairsInRuns(cells);
  s.predicted_pairs = PairsInRuns(by_cluster);
  s.true_pairs = PairsInRuns(by_person);
  if (s.predicted_pairs > 0) {
    s.precision =
        static_cast<double>(s.true_positive_pairs) / static_cast<double>(s.predicted_pairs);
  }
  if (s.true_pairs > 0) {
    s.recall = static_cast<double>(s.true_positive_pairs) / static_cast<double>(s.true_pairs);
  }
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
  return s;
}

Result<RecordLabels> ReadRecordLabels(std::string_view csv, std::string_view label_column) {
  auto error = [](int64_t line, std::string field, Message message) {
    Error e = Error::InvalidInput(std::move(field), std::move(message));
    e.line = line;
    return Fail(std::move(e));
  };
  CsvReader reader(csv);
  std::vector<std::string> fields;
  auto header = reader.Next(&fields);
  if (!header) return error(1, "header", header.error().text);
  if (!*header) {
    return error(
        1, "header",
        Message("the file is empty: it needs a header with record_id and {}", label_column));
  }
  size_t id_index = SIZE_MAX, label_index = SIZE_MAX;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == "record_id") id_index = i;
    if (fields[i] == label_column) label_index = i;
  }
  if (id_index == SIZE_MAX || label_index == SIZE_MAX) {
    return error(1, "header",
                 Message("the header needs the columns record_id and {}", label_column));
  }
  std::unordered_map<std::string, uint64_t> labels;
  RecordLabels out;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more) return Fail(std::move(more.error()));
    if (!*more) break;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (fields.size() <= std::max(id_index, label_index)) {
      return error(reader.line(), std::string(label_column),
                   Message("the row has fewer fields than the header"));
    }
    if (fields[id_index].empty()) return error(reader.line(), "record_id", Message("is empty"));
    auto [it, inserted] = labels.try_emplace(fields[label_index], labels.size());
    out.rows.emplace_back(std::move(fields[id_index]), it->second);
  }
  return out;
}

Result<EvaluationReport> Evaluate(const RecordLabels& truth, const RecordLabels& clusters) {
  std::unordered_map<std::string_view, uint64_t> cluster_of;
  cluster_of.reserve(clusters.rows.size());
  uint64_t next_label = 0;
  for (const auto& [id, label] : clusters.rows) {
    if (!cluster_of.emplace(id, label).second) {
      return Fail(Error::InvalidInput("record_id", "record {} appears twice in the clusters", id));
    }
    next_label = std::max(next_label, label + 1);
  }
  EvaluationReport report;
  std::vector<uint64_t> cluster_labels, person_labels;
  cluster_labels.reserve(truth.rows.size());
  person_labels.reserve(truth.rows.size());
  std::unordered_map<std::string_view, uint64_t> seen;
  seen.reserve(truth.rows.size());
  for (const auto& [id, person] : truth.rows) {
    if (!seen.emplace(id, person).second) {
      return Fail(Error::InvalidInput("record_id", "record {} appears twice in the truth", id));
    }
    auto it = cluster_of.find(id);
    if (it == cluster_of.end()) {
      ++report.records_without_cluster;
      cluster_labels.push_back(next_label++);  // alone
    } else {
      cluster_labels.push_back(it->second);
    }
    person_labels.push_back(person);
  }
  for (const auto& [id, label] : clusters.rows) {
    if (!seen.contains(id)) ++report.records_without_truth;
  }
  report.scores = ScorePairwise(cluster_labels, person_labels);
  return report;
}

}  // namespace sanad::match
