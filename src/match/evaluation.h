// Pairwise evaluation of a clustering against known truth: the figures
// `sanad evaluate` prints and the benchmarks report.
//
// A pair of records is predicted when both are in one cluster and true when
// both belong to one person. Precision = true predicted pairs / predicted
// pairs, recall = true predicted pairs / true pairs, F1 their harmonic mean.
// The counts come from the contingency table of (cluster, person) labels:
// sum of C(n, 2) over its cells, its rows and its columns. No pair is ever
// enumerated, so a million records take one sort.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace sanad::match {

struct PairwiseScores {
  size_t records = 0;                // records evaluated
  uint64_t predicted_pairs = 0;      // pairs within one cluster
  uint64_t true_pairs = 0;           // pairs within one person
  uint64_t true_positive_pairs = 0;  // pairs within one cluster and one person
  double precision = 1.0;            // 1 when nothing is predicted
  double recall = 1.0;               // 1 when there is nothing to find
  double f1 = 1.0;
};

// Scores labels given per record: `clusters[i]` and `persons[i]` are record
// i's cluster and true person (any integers; equal means same). The spans
// must have the same length (else the shorter length is used). Pure.
[[nodiscard]] PairwiseScores ScorePairwise(std::span<const uint64_t> clusters,
                                           std::span<const uint64_t> persons);

// Record ids with a label each (a person or a cluster), in file order.
struct RecordLabels {
  std::vector<std::pair<std::string, uint64_t>> rows;  // record_id, label interned as an integer
};

// Reads a CSV file's content (a header naming record_id and `label_column`;
// other columns ignored; a blank line skipped). Fails, with the line and
// column, on malformed CSV, a header without those columns, a short row or an
// empty record_id.
[[nodiscard]] Result<RecordLabels> ReadRecordLabels(std::string_view csv,
                                                    std::string_view label_column);

struct EvaluationReport {
  PairwiseScores scores;
  size_t records_without_cluster = 0;  // in truth only: counted as clusters of one
  size_t records_without_truth = 0;    // in the clusters only: left out of the scores
};

// Scores every record of `truth` (labels: persons) against `clusters`
// (labels: clusters). Fails when a record_id appears twice in either.
[[nodiscard]] Result<EvaluationReport> Evaluate(const RecordLabels& truth,
                                                const RecordLabels& clusters);

}  // namespace sanad::match
