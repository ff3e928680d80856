// `sanad import persons FILE.csv` and `sanad export persons`.
//
// Import checks every row before it touches the database: any bad row is
// reported as FILE:LINE: column: problem and nothing is written. Good files
// are written in one transaction.
//
// The file is read twice so that a million rows need not be held parsed
// (about 700 bytes a person). Pass 1 parses and checks each row and keeps,
// per household_ref, only what the household checks need (HouseholdCheck:
// member count, heads, the first problem) and the line of its last row,
// plus every record_id (to refuse one used twice). Pass 2, inside the
// store's transaction, parses the rows again and hands each household to
// the store when its last row is read; a row without household_ref is a
// household of its own at once. Rows of a household need not be together,
// but those that are apart stay pending until their last row: memory
// follows how far apart they are, not the file's size. The file's bytes
// stay in memory for both passes and the digest that refuses a file
// imported before.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "cli/commands.h"
#include "cli/site.h"
#include "core/person_csv.h"
#include "core/validation.h"
#include "store/export_file.h"

namespace sanad::cli {
namespace {

// What pass 1 keeps of the households named by household_ref.
struct HouseholdRefs {
  struct Facts {
    int64_t first_line;  // where household errors are reported
    int64_t last_line;   // pass 2 hands the household over after this row
    HouseholdCheck check;
  };
  std::unordered_map<std::string, uint32_t> index;  // household_ref -> facts
  std::vector<Facts> facts;
};

// The places of the household that a row starts.
Household HouseholdOf(const PersonRecord& first) {
  Household h;
  h.origin_province = first.province;
  h.origin_district = first.district;
  return h;
}

// An error of a whole household, reported at its first line.
Error HouseholdError(Error e, int64_t line) {
  e.line = line;
  if (e.field == "members") e.field = "household_ref";
  return e;
}

// Pass 1: every row parsed and checked, then (when all rows are good)
// record_ids used twice and the household checks, in the order of the
// rows. Fills `refs` for pass 2. Returns the number of good rows.
size_t CheckPersonFile(const std::string& file, std::string_view content, bool show_progress,
                       HouseholdRefs* refs, size_t* households, std::vector<Error>* errors) {
  constexpr size_t kMaxRowErrors = 100;
  PersonCsvReader reader(content);
  if (reader.header_error()) {
    errors->push_back(*reader.header_error());
    return 0;
  }
  std::unordered_map<std::string, int64_t> seen_ids;
  std::vector<Error> duplicates;
  std::vector<Error> household_errors;  // households of one, at once
  size_t good = 0;
  PersonRecord r;
  while (true) {
    auto more = reader.Next(&r);
    if (show_progress && reader.rows() % 65536 == 0) {
      std::fprintf(stderr, "\rchecking %s: %3.0f%%", file.c_str(), reader.progress() * 100);
    }
    if (!more) {
      if (errors->size() < kMaxRowErrors) errors->push_back(std::move(more.error()));
      continue;
    }
    if (!*more) break;
    ++good;
    auto [seen, inserted] = seen_ids.emplace(r.person.external_id, r.line);
    if (!inserted) {
      duplicates.push_back(Error(
          Error::Code::kInvalidInput,
          Message("'{}' is used twice (first on line {})", r.person.external_id, seen->second),
          "record_id", r.line));
      continue;
    }
    if (r.household_ref.empty()) {
      ++*households;
      HouseholdCheck check(HouseholdOf(r));
      check.Add(r.person);
      if (auto ok = check.Result(); !ok) {
        household_errors.push_back(HouseholdError(std::move(ok.error()), r.line));
      }
      continue;
    }
    auto [at, added] =
        refs->index.try_emplace(r.household_ref, static_cast<uint32_t>(refs->facts.size()));
    if (added) refs->facts.push_back({r.line, r.line, HouseholdCheck(HouseholdOf(r))});
    HouseholdRefs::Facts& facts = refs->facts[at->second];
    facts.last_line = r.line;
    facts.check.Add(r.person);
  }
  if (show_progress) std::fprintf(stderr, "\rchecking %s: 100%%\n", file.c_str());
  if (!errors->empty()) return good;
  *households += refs->facts.size();
  for (const auto& facts : refs->facts) {
    if (auto ok = facts.check.Result(); !ok) {
      household_errors.push_back(HouseholdError(std::move(ok.error()), facts.first_line));
    }
  }
  std::stable_sort(household_errors.begin(), household_errors.end(),
                   [](const Error& a, const Error& b) { return a.line < b.line; });
  for (auto* list : {&duplicates, &household_errors}) {
    for (auto& e : *list) errors->push_back(std::move(e));
  }
  return good;
}

// Pass 2: the rows again, as households, each once its last row is read.
class FileHouseholds final : public store::HouseholdSource {
 public:
  FileHouseholds(std::string_view content, const HouseholdRefs& refs)
      : reader_(content), refs_(refs) {}

  Result<Household*> Next() override {
    PersonRecord r;
    while (true) {
      auto more = reader_.Next(&r);
      // Pass 1 read the same bytes without an error.
      if (!more) return Fail(std::move(more.error()));
      if (!*more) break;
      if (r.household_ref.empty()) {
        current_ = HouseholdOf(r);
        current_.members.push_back(std::move(r.person));
        return &current_;
      }
      const uint32_t index = refs_.index.at(r.household_ref);
      auto [pending, first] = pending_.try_emplace(index);
      if (first) pending->second = HouseholdOf(r);
      pending->second.members.push_back(std::move(r.person));
      if (r.line == refs_.facts[index].last_line) {
        current_ = std::move(pending->second);
        pending_.erase(pending);
        return &current_;
      }
    }
    if (!pending_.empty()) {
      return Fail(Error::Internal("{} households were never completed", pending_.size()));
    }
    return nullptr;
  }

  // Pass 1 checked every row and every household (HouseholdCheck is
  // ValidateHousehold a member at a time) of the same bytes.
  bool validated() const override { return true; }

 private:
  PersonCsvReader reader_;
  const HouseholdRefs& refs_;
  std::unordered_map<uint32_t, Household> pending_;  // by their index in refs_
  Household current_;
};

// The message for a file imported before (Store refuses it, kConflict on "file").
[[noreturn]] void DieImportedBefore(const std::string& file, const Error& error) {
  Die(file + ": " + error.message +
      ". Nothing was imported: importing it again would count the same people twice. If that "
      "is really meant, run the same command with --again");
}

void RunImportPersons(const SiteOptions& site, const std::string& file, bool again) {
  const auto start = std::chrono::steady_clock::now();
  const std::string content = ReadFileOrDie(file);
  const bool show_progress = content.size() > (8u << 20);
  HouseholdRefs refs;
  size_t households = 0;
  std::vector<Error> errors;
  const size_t total = CheckPersonFile(file, content, show_progress, &refs, &households, &errors);
  if (!errors.empty()) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", FormatFileError(file, e).c_str());
    Die(std::to_string(errors.size()) + (errors.size() >= 100 ? "+" : "") + " bad row(s) in " +
        file + ": nothing was imported. Fix them and import again.");
  }
  if (total == 0) Die(file + " has no rows to import");
  auto store = OpenSite(site, /*create_if_missing=*/true);
  FileHouseholds source(content, refs);
  auto ok = store->ImportHouseholds(
      source, CliActor(),
      [&](size_t done) {
        if (show_progress || total >= 50000) {
          std::fprintf(stderr, "\rimporting: %zu of %zu persons", done, total);
        }
      },
      store::ImportFile{content, again});
  if (show_progress || total >= 50000) std::fprintf(stderr, "\n");
  if (!ok && ok.error().field == "file") DieImportedBefore(file, ok.error());
  if (!ok) Die("nothing was imported: " + ok.error().field + " " + ok.error().message);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("imported %zu persons in %zu households from %s in %.2f s (%.0f persons/s)\n", total,
              households, file.c_str(), seconds, static_cast<double>(total) / seconds);
}

struct ExportOptions {
  SiteOptions site;
  std::string out;
  std::string purpose;
  std::string passphrase_file;
};

std::string ReadPassphrase(const std::string& file) {
  std::string passphrase;
  if (!file.empty()) {
    passphrase = ReadFileOrDie(file);
    while (!passphrase.empty() && (passphrase.back() == '\n' || passphrase.back() == '\r')) {
      passphrase.pop_back();
    }
  } else if (const char* env = std::getenv("SANAD_EXPORT_PASSPHRASE"); env && *env) {
    passphrase = env;
  } else {
    Die("person-level exports are encrypted: give the passphrase with --passphrase-file FILE or "
        "SANAD_EXPORT_PASSPHRASE");
  }
  return passphrase;
}

void RunExportPersons(const ExportOptions& options) {
  if (options.purpose.size() < 10) {
    Die("say why this export is needed with --purpose (at least 10 characters, e.g. \"monthly "
        "backup to the hub\"): it is recorded in the audit log");
  }
  // The purpose goes into the audit log: a text field like any other.
  if (auto ok = ValidateText("purpose", options.purpose, 500); !ok) {
    Die("--purpose " + ok.error().message);
  }
  const std::string passphrase = ReadPassphrase(options.passphrase_file);
  if (passphrase.size() < 12) Die("the export passphrase must have at least 12 characters");
  auto store = OpenSite(options.site, false);
  // The same sealed CSV as an export made in the browser (Store::SealPersonExport).
  auto sealed = store->SealPersonExport(options.purpose, passphrase);
  if (!sealed) Die(sealed.error().message);
  const int64_t count = sealed->persons;
  if (auto audited =
          store->Audit(CliActor(), "export.persons", "export",
                       std::to_string(count) + " persons; purpose: " + options.purpose, "ok");
      !audited) {
    Die(audited.error().message);
  }
  std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
  out.write(sealed->bytes.data(), static_cast<std::streamsize>(sealed->bytes.size()));
  if (!out) Die("cannot write '" + options.out + "'");
  std::fprintf(stderr, "exported %lld persons, encrypted, to %s\n", static_cast<long long>(count),
               options.out.c_str());
}

}  // namespace

void AddImportExportCommands(CLI::App& app) {
  auto* import_cmd = app.add_subcommand("import", "Import records from a CSV file");
  import_cmd->require_subcommand(1);
  AddImportCommand(import_cmd, "persons",
                   "Import persons (header: " + std::string(kPersonCsvHeader) +
                       "[,household_ref,relationship,consents]); all or nothing",
                   RunImportPersons);

  auto* export_cmd = app.add_subcommand("export", "Export records, encrypted to a passphrase");
  export_cmd->require_subcommand(1);
  auto options = std::make_shared<ExportOptions>();
  auto* export_persons = export_cmd->add_subcommand(
      "persons", "Export every person in the person CSV format, encrypted (admin's duty; audited)");
  AddSiteOptions(export_persons, &options->site);
  export_persons->add_option("--out", options->out, "The encrypted file to write")->required();
  export_persons->add_option("--purpose", options->purpose, "Why the export is made (audited)")
      ->required();
  export_persons->add_option("--passphrase-file", options->passphrase_file,
                             "File holding the passphrase (else $SANAD_EXPORT_PASSPHRASE)");
  export_persons->callback([options] { RunExportPersons(*options); });

  auto in = std::make_shared<std::string>();
  auto passphrase_file = std::make_shared<std::string>();
  auto* decrypt =
      export_cmd->add_subcommand("decrypt", "Decrypt an export file to standard output (CSV)");
  decrypt->add_option("file", *in, "The encrypted export")->required();
  decrypt->add_option("--passphrase-file", *passphrase_file,
                      "File holding the passphrase (else $SANAD_EXPORT_PASSPHRASE)");
  decrypt->callback([in, passphrase_file] {
    auto plain = store::DecryptExport(ReadFileOrDie(*in), ReadPassphrase(*passphrase_file));
    if (!plain) Die(plain.error().message);
    std::fwrite(plain->data(), 1, plain->size(), stdout);
  });
}

}  // namespace sanad::cli
