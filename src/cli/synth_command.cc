// `sanad synth` (generate registrations with known truth) and `sanad
// evaluate` (pairwise precision, recall and F1 of a clustering).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/site.h"
#include "core/person_csv.h"
#include "match/evaluation.h"
#include "match/synthetic_data.h"

namespace sanad::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File OpenForWriting(const std::filesystem::path& path) {
  File f(std::fopen(path.c_str(), "wb"));
  if (!f) Die("cannot write " + path.string() + ": check the folder's permissions", 1, "synth");
  return f;
}

void Synth(size_t persons, uint64_t seed, double duplicate_share, match::SynthErrors errors,
           const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) Die("cannot create the folder " + out_dir + ": " + ec.message(), 1, "synth");
  const auto persons_path = std::filesystem::path(out_dir) / "persons.csv";
  const auto truth_path = std::filesystem::path(out_dir) / "truth.csv";
  File persons_file = OpenForWriting(persons_path);
  File truth_file = OpenForWriting(truth_path);
  bool write_failed = false;
  const auto start = std::chrono::steady_clock::now();
  match::SynthOptions options{persons, seed, duplicate_share, errors};
  const match::SynthStats stats =
      match::GenerateSynthetic(options, [&](std::string_view p, std::string_view t) {
        write_failed |= std::fwrite(p.data(), 1, p.size(), persons_file.get()) != p.size();
        write_failed |= std::fwrite(t.data(), 1, t.size(), truth_file.get()) != t.size();
      });
  write_failed |= std::fflush(persons_file.get()) != 0 || std::fflush(truth_file.get()) != 0;
  if (write_failed) Die("writing " + out_dir + " failed: is the disk full?", 1, "synth");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "sanad synth: %zu persons in %zu households, %zu records (%.1f%% of persons "
               "registered more than once) in %.2f s\n  %s\n  %s\n",
               stats.persons, stats.households, stats.records,
               stats.persons ? 100.0 * static_cast<double>(stats.duplicated_persons) /
                                   static_cast<double>(stats.persons)
                             : 0.0,
               seconds, persons_path.c_str(), truth_path.c_str());
}

match::RecordLabels ReadLabels(const std::string& path, std::string_view column) {
  const std::string content = ReadFileOrDie(path, "evaluate");
  auto labels = match::ReadRecordLabels(content, column);
  if (!labels) Die(FormatFileError(path, labels.error()), 1, "evaluate");
  return std::move(*labels);
}

void Evaluate(const std::string& truth_path, const std::string& clusters_path) {
  const match::RecordLabels truth = ReadLabels(truth_path, "person_id");
  const match::RecordLabels clusters = ReadLabels(clusters_path, "cluster_id");
  auto report = match::Evaluate(truth, clusters);
  if (!report) Die(report.error().message, 1, "evaluate");
  const match::PairwiseScores& s = report->scores;
  if (report->records_without_cluster > 0) {
    std::fprintf(stderr,
                 "sanad evaluate: %zu records of the truth have no cluster: counted alone\n",
                 report->records_without_cluster);
  }
  if (report->records_without_truth > 0) {
    std::fprintf(stderr, "sanad evaluate: %zu clustered records are not in the truth: left out\n",
                 report->records_without_truth);
  }
  std::printf("records            %zu\n", s.records);
  std::printf("true pairs         %llu\n", static_cast<unsigned long long>(s.true_pairs));
  std::printf("predicted pairs    %llu\n", static_cast<unsigned long long>(s.predicted_pairs));
  std::printf("correct pairs      %llu\n", static_cast<unsigned long long>(s.true_positive_pairs));
  std::printf("precision          %.4f\n", s.precision);
  std::printf("recall             %.4f\n", s.recall);
  std::printf("f1                 %.4f\n", s.f1);
}

}  // namespace

void AddSynthCommands(CLI::App& app) {
  auto* synth = app.add_subcommand(
      "synth", "Generate realistic registrations with known duplicates (persons.csv, truth.csv)");
  auto persons = std::make_shared<size_t>(1000);
  auto seed = std::make_shared<uint64_t>(1);
  auto share = std::make_shared<double>(0.25);
  auto out_dir = std::make_shared<std::string>();
  auto errors = std::make_shared<std::string>("default");
  synth->add_option("--persons", *persons, "Distinct persons to generate")
      ->check(CLI::Range(size_t{1}, size_t{50'000'000}));
  synth->add_option("--seed", *seed, "Seed: the same seed gives the same files");
  synth
      ->add_option("--duplicate-share", *share,
                   "Share of persons registered more than once (default 0.25)")
      ->check(CLI::Range(0.0, 1.0));
  synth->add_option("--out", *out_dir, "Folder to write persons.csv and truth.csv into")
      ->required();
  synth
      ->add_option("--errors", *errors,
                   "Error model: default (the one the engine was developed on) or realistic "
                   "(another model, kept for held-out checks)")
      ->check(CLI::IsMember({"default", "realistic"}));
  synth->callback([=] {
    // CLI::Range lets NaN through (every comparison with it is false).
    if (!(*share >= 0.0 && *share <= 1.0))
      Die("--duplicate-share must be a number from 0 to 1", 1, "synth");
    Synth(*persons, *seed, *share,
          *errors == "realistic" ? match::SynthErrors::kRealistic : match::SynthErrors::kDefault,
          *out_dir);
  });

  auto* evaluate = app.add_subcommand(
      "evaluate", "Pairwise precision, recall and F1 of clusters against the truth");
  auto truth = std::make_shared<std::string>();
  auto clusters = std::make_shared<std::string>();
  evaluate->add_option("--truth", *truth, "truth.csv (record_id,person_id)")->required();
  evaluate->add_option("--clusters", *clusters, "clusters.csv (record_id,cluster_id)")->required();
  evaluate->callback([=] { Evaluate(*truth, *clusters); });
}

}  // namespace sanad::cli
