// `sanad import submissions FILE --mapping MAP.toml [--candidates OUT.csv]`:
// households registered in a KoboToolbox or ODK form (core/submission.h
// reads the export, core/submission_mapping.h maps it).
//
// All or nothing: every submission is read, mapped and validated before the
// database is touched; any problem is printed as FILE:SUBMISSION:path:
// problem and nothing is written. Submissions imported before (by
// instanceID) are skipped, an edited one updates its household
// (Store::ImportSubmissions). With --candidates, the possible duplicates of
// every person created or updated are written as
// record,candidate_person_id,match_probability.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "api/duplicate_index.h"
#include "cli/commands.h"
#include "cli/site.h"
#include "core/csv.h"
#include "core/submission.h"
#include "core/submission_mapping.h"

namespace sanad::cli {
namespace {

struct SubmissionImportOptions {
  SiteOptions site;
  std::string file;
  std::string mapping;
  std::string candidates;
};

// How many possible duplicates are listed per imported person.
constexpr size_t kCandidatesPerPerson = 5;

void WriteCandidates(store::Store& store, const std::vector<store::SubmittedHousehold>& written,
                     const std::vector<MappedSubmission>& mapped,
                     const std::vector<store::SubmissionOutcome>& outcomes,
                     const std::string& out_path) {
  match::CandidateIndex index;
  const bool any = std::any_of(outcomes.begin(), outcomes.end(), [](auto outcome) {
    return outcome != store::SubmissionOutcome::kSkipped;
  });
  if (any) {  // reading every person is seconds per hundred thousand: only when needed
    auto started = api::StartDuplicateIndex(store, index, /*snapshot_path=*/"");
    if (!started) Die("cannot look for possible duplicates: " + started.error().message);
  }
  std::string csv = "record,candidate_person_id,match_probability\n";
  size_t persons = 0, pairs = 0;
  char number[32];
  for (size_t i = 0; i < written.size(); ++i) {
    if (outcomes[i] == store::SubmissionOutcome::kSkipped) continue;
    const Household& h = written[i].household;
    for (size_t m = 0; m < h.members.size(); ++m) {
      ++persons;
      auto found = index.Candidates(h.members[m], h.origin_province, kCandidatesPerPerson, 0.5,
                                    h.members[m].id);
      if (!found) continue;  // a person the index cannot encode has no candidates
      const std::string member =
          m < mapped[i].member_paths.size() ? mapped[i].member_paths[m] : std::string();
      const std::string record = mapped[i].name + (member.empty() ? "" : ":" + member);
      for (const auto& candidate : *found) {
        AppendCsvField(&csv, record);
        csv.push_back(',');
        AppendCsvField(&csv, candidate.record_id);
        std::snprintf(number, sizeof number, ",%.6f\n", candidate.probability);
        csv += number;
        ++pairs;
      }
    }
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
  if (!out) Die("cannot write '" + out_path + "': is the folder there and writable?");
  std::printf("wrote %zu possible duplicate(s) of %zu imported person(s) to %s\n", pairs, persons,
              out_path.c_str());
}

void RunImportSubmissions(const SubmissionImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& file = options.file;
  auto mapping = ParseSubmissionMapping(ReadFileOrDie(options.mapping), options.mapping);
  if (!mapping) Die(mapping.error().message);
  const std::string content = ReadFileOrDie(file);
  if (!LooksLikeSubmissionExport(content)) {
    if (mapping->HasRoster()) {
      Die(file +
          ": this looks like a CSV file. KoboToolbox's CSV export drops repeat groups, so "
          "the household roster ('" +
          mapping->members_repeat->path +
          "') would be lost: nothing was imported. Export the submissions from KoboToolbox as "
          "JSON, or from ODK Central as the CSV zip (with repeats) or OData JSON");
    }
    Die(file +
        ": this is neither JSON nor a zip: nothing was imported. Export the submissions "
        "as KoboToolbox JSON, ODK Central OData JSON or ODK Central's CSV zip");
  }
  const bool show_progress = content.size() > (8u << 20);
  if (show_progress) std::fprintf(stderr, "checking %s...\n", file.c_str());
  auto parsed = ParseSubmissions(content);
  if (!parsed) Die(file + ": " + parsed.error().message + ": nothing was imported");
  auto mapped = MapSubmissions(*mapping, *parsed);
  if (!mapped) {
    Die(options.mapping + ":" + std::to_string(mapped.error().line) + ": " +
        mapped.error().message + ": nothing was imported");
  }
  for (const auto& note : parsed->notes) {
    std::fprintf(stderr, "note: %s: %s\n", file.c_str(), note.c_str());
  }
  for (const auto& path : mapped->unanswered) {
    std::fprintf(stderr, "note: no submission in %s answers %s\n", file.c_str(), path.c_str());
  }
  std::vector<SubmissionProblem> problems = parsed->problems;
  problems.insert(problems.end(), mapped->problems.begin(), mapped->problems.end());
  if (!problems.empty()) {
    for (const auto& p : problems) {
      std::fprintf(stderr, "%s\n", FormatSubmissionProblem(file, p).c_str());
    }
    Die(std::to_string(problems.size()) + " problem(s) in " + file +
        ": nothing was imported. Correct the submissions (or the mapping) and import again.");
  }
  const size_t total = mapped->households.size();
  if (total == 0) Die(file + " has no submissions to import");

  std::vector<store::SubmittedHousehold> submissions;
  submissions.reserve(total);
  for (const auto& m : mapped->households) {
    submissions.push_back({m.instance_id, m.deprecated_id, m.root_id, m.household});
  }
  auto store = OpenSite(options.site, /*create_if_missing=*/true);
  const bool long_import = show_progress || total >= 1000;
  auto outcomes = store->ImportSubmissions(&submissions, CliActor(), [&](size_t done) {
    if (long_import) std::fprintf(stderr, "\rimporting: %zu of %zu submissions", done, total);
  });
  if (long_import) std::fprintf(stderr, "\n");
  if (!outcomes) {
    const Error& e = outcomes.error();
    SubmissionProblem problem;
    const auto index = static_cast<size_t>(e.line);
    problem.submission = index >= 1 && index <= total ? mapped->households[index - 1].name : "";
    problem.path = e.field;
    problem.message = e.message;
    // "members[2]" (the store's) -> "household/members[3]" (the form's).
    if (e.field.starts_with("members[") && index >= 1 && index <= total) {
      const auto& paths = mapped->households[index - 1].member_paths;
      const size_t member = std::strtoul(e.field.c_str() + 8, nullptr, 10);
      if (member < paths.size() && !paths[member].empty()) {
        problem.path = paths[member] + e.field.substr(e.field.find(']') + 1);
      }
    }
    if (problem.submission.empty()) Die("nothing was imported: " + e.field + " " + e.message);
    std::fprintf(stderr, "%s\n", FormatSubmissionProblem(file, problem).c_str());
    Die("nothing was imported from " + file + ".");
  }
  size_t created = 0, updated = 0, skipped = 0, persons = 0;
  for (size_t i = 0; i < total; ++i) {
    switch ((*outcomes)[i]) {
      case store::SubmissionOutcome::kCreated:
        if (!submissions[i].deprecated_id.empty()) {
          std::fprintf(stderr,
                       "note: %s edits %s, which this site never imported: it was imported as a "
                       "new household (--candidates lists its members' possible duplicates)\n",
                       submissions[i].instance_id.c_str(), submissions[i].deprecated_id.c_str());
        }
        ++created;
        persons += submissions[i].household.members.size();
        break;
      case store::SubmissionOutcome::kUpdated:
        ++updated;
        persons += submissions[i].household.members.size();
        break;
      case store::SubmissionOutcome::kSkipped:
        ++skipped;
        break;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (created + updated == 0) {
    std::printf("nothing changed: all %zu submissions in %s were imported before (%zu skipped)\n",
                total, file.c_str(), skipped);
  } else {
    std::printf(
        "imported %zu submissions (%s) from %s in %.2f s: %zu households created, %zu updated, "
        "%zu skipped (imported before); %zu persons written\n",
        total, std::string(ToString(parsed->format)).c_str(), file.c_str(), seconds, created,
        updated, skipped, persons);
  }
  if (!options.candidates.empty()) {
    WriteCandidates(*store, submissions, mapped->households, *outcomes, options.candidates);
  }
}

}  // namespace

void AddSubmissionCommands(CLI::App& app) {
  CLI::App* import_cmd = app.get_subcommand("import");
  auto options = std::make_shared<SubmissionImportOptions>();
  auto* submissions = import_cmd->add_subcommand(
      "submissions",
      "Import households from KoboToolbox or ODK Central form submissions (JSON, or ODK's CSV "
      "zip) through a mapping (forms/sanad-household.mapping.toml for the shipped form); all or "
      "nothing; submissions imported before are skipped, edited ones update their household");
  submissions->add_option("file", options->file, "The export: JSON or ODK Central's CSV zip")
      ->required();
  submissions
      ->add_option("--mapping", options->mapping, "The mapping from the form to sanad (TOML)")
      ->required();
  submissions->add_option("--candidates", options->candidates,
                          "Also write possible duplicates of each imported person: "
                          "record,candidate_person_id,match_probability");
  AddSiteOptions(submissions, &options->site);
  submissions->callback([options] { RunImportSubmissions(*options); });
}

}  // namespace sanad::cli
