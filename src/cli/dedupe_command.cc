// `sanad dedupe --in persons.csv --out clusters.csv [--pairs pairs.csv]
//  [--model FILE] [--threads N]`
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

#include "cli/commands.h"
#include "cli/site.h"
#include "core/person_csv.h"
#include "match/dedupe.h"
#include "match/model.h"
#include "match/records.h"

namespace sanad::cli {
namespace {

struct DedupeCommandOptions {
  std::string in;
  std::string out;
  std::string pairs;
  std::string model;
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
      "clustering: %zu clusters of 2+, %zu components split by the chain "
      "guard, %zu "
      "pairs for review, in %.2f s\n"
      "wrote %s (%zu records)%s%s in %.2f s total\n",
      stats.blocking.blocks, stats.blocking.oversized_blocks, stats.blocking.largest_block,
      stats.seconds_blocking, stats.em_iterations, stats.em_converged ? "" : " (not converged)",
      stats.blocked_match_share, result->parameters.lambda, stats.seconds_training,
      static_cast<unsigned long long>(stats.pairs_scored), stats.seconds_scoring, threads,
      stats.pairs_per_second_per_thread, stats.pairs_per_cpu_second, stats.clusters,
      stats.split_components, stats.review_pairs, stats.seconds_clustering, options.out.c_str(),
      store.size(), options.pairs.empty() ? "" : " and ", options.pairs.c_str(), Elapsed(start));
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
  dedupe->add_option("--threads", options->threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  dedupe->callback([options] { RunDedupe(*options); });
}

}  // namespace sanad::cli
