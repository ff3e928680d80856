// `sanad dedupe --in persons.csv --out clusters.csv [--pairs pairs.csv]
//  [--model FILE] [--threads N] [--truth truth.csv]`
//
// Reads the whole file, refuses it with FILE:LINE: column: problem lines if
// any row is bad, then blocks, learns the weights, scores and clusters
// (match/dedupe.h). Writes `record_id,cluster_id` for every input record (the
// cluster id is the record_id of the cluster's first record in the file) and,
// with --pairs, `record_id_l,record_id_r,match_probability,match_weight` for
// every pair at or above the model's review threshold. Progress on stderr.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>

#include "cli/commands.h"
#include "cli/site.h"
#include "core/person_csv.h"
#include "match/dedupe.h"
#include "match/evaluation.h"
#include "match/model.h"
#include "match/records.h"

namespace sanad::cli {
namespace {

struct DedupeCommandOptions {
  std::string in;
  std::string out;
  std::string pairs;
  std::string model;
  std::string truth;
  int threads = 0;
};

double Elapsed(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void WriteOrDie(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) Die("cannot write '" + path + "': is the folder there and writable?", 1, "dedupe");
}

// With --truth: where each true pair went (blocking, scoring, clustering),
// so that a loss of recall can be put down to its stage.
void ReportTruePairs(const std::string& truth_path, const match::FeatureStore& store,
                     const match::Model& model, const match::DedupeResult& result) {
  auto truth = match::ReadRecordLabels(ReadFileOrDie(truth_path, "dedupe"), "person_id");
  if (!truth) Die(FormatFileError(truth_path, truth.error()), 1, "dedupe");
  std::unordered_map<std::string_view, uint64_t> person_of;
  for (const auto& [id, person] : truth->rows) person_of.emplace(id, person);
  // A record missing from the truth is a person of its own.
  uint64_t next_label = 0;
  for (const auto& row : truth->rows) next_label = std::max(next_label, row.second + 1);
  std::vector<uint32_t> entity(store.size());
  for (size_t r = 0; r < store.size(); ++r) {
    auto it = person_of.find(store.Id(r));
    entity[r] = static_cast<uint32_t>(it != person_of.end() ? it->second : next_label++);
  }
  const match::Blocker blocker(store, model);
  const match::TruePairBlocking blocked = match::AccountTruePairs(blocker, entity);
  std::unordered_map<uint64_t, float> probability;
  for (const match::ScoredPair& p : result.pairs) {
    if (entity[p.left] == entity[p.right]) {
      probability.emplace(uint64_t{p.left} << 32 | p.right, p.probability);
    }
  }
  uint64_t matched = 0, review = 0, clustered = 0, clustered_not_matched = 0;
  for (uint64_t pair : blocked.emitted_pairs) {
    auto it = probability.find(pair);
    const bool above = it != probability.end() && it->second >= model.match_threshold;
    if (above) {
      ++matched;
    } else if (it != probability.end()) {
      ++review;
    }
    const auto left = static_cast<uint32_t>(pair >> 32);
    const auto right = static_cast<uint32_t>(pair);
    if (result.clustering.cluster_of[left] == result.clustering.cluster_of[right]) {
      ++clustered;
      if (!above) ++clustered_not_matched;
    }
  }
  const auto share = [&](uint64_t n) {
    return blocked.true_pairs == 0
               ? 0.0
               : static_cast<double>(n) / static_cast<double>(blocked.true_pairs);
  };
  const auto count = [](uint64_t n) { return static_cast<unsigned long long>(n); };
  std::fprintf(stderr,
               "true pairs: %llu\n"
               "  blocked (pair completeness) %llu  %.4f\n"
               "    not blocked, sharing no key %llu  %.4f\n"
               "    not blocked, cut by a window %llu  %.4f\n"
               "  blocked and scored at or above the match threshold %llu  %.4f\n"
               "  blocked and scored in the review band %llu  %.4f\n"
               "  blocked and scored below the review band %llu  %.4f\n"
               "  blocked and in one cluster %llu  %.4f (of them %llu scored below the match "
               "threshold: joined through others)\n",
               count(blocked.true_pairs), count(blocked.emitted), share(blocked.emitted),
               count(blocked.sharing_no_key), share(blocked.sharing_no_key),
               count(blocked.cut_by_a_window), share(blocked.cut_by_a_window), count(matched),
               share(matched), count(review), share(review),
               count(blocked.emitted - matched - review), share(blocked.emitted - matched - review),
               count(clustered), share(clustered), count(clustered_not_matched));
}

void RunDedupe(const DedupeCommandOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  match::Model model = match::DefaultPersonModel();
  if (!options.model.empty()) {
    auto parsed = match::ParseModelToml(ReadFileOrDie(options.model, "dedupe"), options.model);
    if (!parsed) Die(parsed.error().message, 1, "dedupe");
    model = std::move(*parsed);
  }
  int threads = options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));

  const std::string content = ReadFileOrDie(options.in, "dedupe");
  match::FeatureStore store(model);
  store.Reserve(static_cast<size_t>(std::count(content.begin(), content.end(), '\n')));
  const bool show_progress = content.size() > (4U << 20) && isatty(fileno(stderr)) != 0;
  const match::ReadReport report = match::ReadRecords(content, &store, [&](double fraction) {
    if (show_progress) {
      std::fprintf(stderr, "\rreading %s: %3.0f%%", options.in.c_str(), fraction * 100);
    }
  });
  if (show_progress) std::fprintf(stderr, "\n");
  if (!report.ok()) {
    for (const Error& error : report.errors) {
      std::fprintf(stderr, "%s\n", FormatFileError(options.in, error).c_str());
    }
    Die(std::to_string(report.errors.size()) + (report.errors.size() >= 20 ? "+" : "") +
            " problem(s) in " + options.in + ": nothing was written. Fix them and run again.",
        1, "dedupe");
  }
  std::fprintf(stderr, "read %zu records (model '%s') in %.2f s\n", store.size(),
               model.name.c_str(), Elapsed(start));

  match::DedupeOptions dedupe;
  dedupe.threads = threads;
  std::string last_stage;
  int last_percent = -1;
  const bool terminal = isatty(fileno(stderr)) != 0;
  dedupe.progress = [&](std::string_view stage, double fraction) {
    // Every percent on a terminal; every 10% in a log.
    const int step = terminal ? 1 : 10;
    const int percent = static_cast<int>(fraction * 100) / step * step;
    if (stage == last_stage && percent == last_percent) return;
    last_stage = std::string(stage);
    last_percent = percent;
    std::fprintf(stderr, terminal ? "\r%-10s %3d%%" : "%s %d%%\n", last_stage.c_str(), percent);
    if (terminal && fraction >= 1.0) std::fprintf(stderr, "\n");
  };
  auto result = match::Dedupe(&store, dedupe);
  if (!result) Die(result.error().message, 1, "dedupe");
  const match::DedupeStats& stats = result->stats;

  std::string clusters = "record_id,cluster_id\n";
  clusters.reserve(store.size() * 32);
  for (size_t r = 0; r < store.size(); ++r) {
    AppendCsvField(&clusters, store.Id(r));
    clusters.push_back(',');
    AppendCsvField(&clusters, store.Id(result->clustering.cluster_of[r]));
    clusters.push_back('\n');
  }
  WriteOrDie(options.out, clusters);
  if (!options.pairs.empty()) {
    std::string pairs = "record_id_l,record_id_r,match_probability,match_weight\n";
    char numbers[64];
    for (const match::ScoredPair& pair : result->pairs) {
      AppendCsvField(&pairs, store.Id(pair.left));
      pairs.push_back(',');
      AppendCsvField(&pairs, store.Id(pair.right));
      std::snprintf(numbers, sizeof numbers, ",%.6f,%.3f\n", static_cast<double>(pair.probability),
                    static_cast<double>(pair.weight));
      pairs += numbers;
    }
    WriteOrDie(options.pairs, pairs);
  }
  std::fprintf(
      stderr,
      "blocking: %zu blocks (%zu cut into windows, largest %zu) in %.2f s\n"
      "training: EM %d iterations%s, match share among candidates %.4f, prior "
      "%.3g, "
      "in %.2f s\n"
      "scoring: %llu pairs in %.2f s on %d thread(s): %.0f pairs/s/thread (%.0f per CPU second)\n"
      "clustering: %zu pairs joined as members of two linked registrations, %zu clusters of 2+, "
      "%zu components split by the chain guard, %zu pairs for review, in %.2f s\n"
      "wrote %s (%zu records)%s%s in %.2f s total\n",
      stats.blocking.blocks, stats.blocking.oversized_blocks, stats.blocking.largest_block,
      stats.seconds_blocking, stats.em_iterations, stats.em_converged ? "" : " (not converged)",
      stats.blocked_match_share, result->parameters.lambda, stats.seconds_training,
      static_cast<unsigned long long>(stats.pairs_scored), stats.seconds_scoring, threads,
      stats.pairs_per_second_per_thread, stats.pairs_per_cpu_second, stats.registration_links,
      stats.clusters, stats.split_components, stats.review_pairs, stats.seconds_clustering,
      options.out.c_str(), store.size(), options.pairs.empty() ? "" : " and ",
      options.pairs.c_str(), Elapsed(start));
  if (!options.truth.empty()) ReportTruePairs(options.truth, store, model, *result);
}

}  // namespace

void AddDedupeCommands(CLI::App& app) {
  auto options = std::make_shared<DedupeCommandOptions>();
  auto* dedupe = app.add_subcommand("dedupe",
                                    "Find duplicate records in a CSV file (default: the person CSV "
                                    "format) and cluster them");
  dedupe
      ->add_option(
          "--in", options->in,
          "Input CSV (header: " + std::string(kPersonCsvHeader) + ", or the columns --model names)")
      ->required();
  dedupe->add_option("--out", options->out, "Output CSV: record_id,cluster_id for every record")
      ->required();
  dedupe->add_option("--pairs", options->pairs,
                     "Also write record_id_l,record_id_r,match_probability,match_weight for "
                     "pairs "
                     "at or above the review threshold");
  dedupe->add_option("--model", options->model,
                     "A TOML model naming the columns and how to compare them (see "
                     "models/febrl.toml); default: the person CSV format");
  dedupe->add_option("--truth", options->truth,
                     "truth.csv (record_id,person_id, as sanad synth writes): also report where "
                     "the true pairs went (pair completeness, scores, clusters) on stderr");
  dedupe->add_option("--threads", options->threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  dedupe->callback([options] { RunDedupe(*options); });
}

}  // namespace sanad::cli
