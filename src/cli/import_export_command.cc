// `sanad import persons FILE.csv` and `sanad export persons`.
//
// Import reads the whole file and checks every row before it touches the
// database: any bad row is reported as FILE:LINE: column: problem and
// nothing is written. Good files are written in one transaction.
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

// Groups rows into households (rows sharing household_ref form one; a row
// without one is a household of its own), checking what only a group shows.
std::vector<Household> GroupHouseholds(std::vector<PersonRecord>& records,
                                       std::vector<Error>* errors) {
  std::vector<Household> households;
  std::unordered_map<std::string, size_t> by_ref;
  std::vector<std::vector<int64_t>> lines;
  std::unordered_map<std::string, int64_t> seen_ids;
  for (auto& r : records) {
    auto [it, inserted] = seen_ids.emplace(r.person.external_id, r.line);
    if (!inserted) {
      errors->push_back(
          Error(Error::Code::kInvalidInput,
                Message("'{}' is used twice (first on line {})", r.person.external_id, it->second),
                "record_id", r.line));
      continue;
    }
    size_t index;
    if (r.household_ref.empty() || !by_ref.contains(r.household_ref)) {
      index = households.size();
      if (!r.household_ref.empty()) by_ref[r.household_ref] = index;
      Household h;
      h.origin_province = r.province;
      h.origin_district = r.district;
      households.push_back(std::move(h));
      lines.emplace_back();
    } else {
      index = by_ref[r.household_ref];
    }
    households[index].members.push_back(std::move(r.person));
    lines[index].push_back(r.line);
  }
  for (size_t i = 0; i < households.size(); ++i) {
    if (auto ok = ValidateHousehold(households[i]); !ok) {
      Error e = ok.error();
      e.line = lines[i].front();
      if (e.field == "members") e.field = "household_ref";
      errors->push_back(std::move(e));
    }
  }
  return households;
}

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
  auto csv = ParsePersonCsv(content, [&](double fraction) {
    if (show_progress) std::fprintf(stderr, "\rchecking %s: %3.0f%%", file.c_str(), fraction * 100);
  });
  if (show_progress) std::fprintf(stderr, "\n");
  std::vector<Error> errors = std::move(csv.errors);
  std::vector<Household> households;
  if (errors.empty()) households = GroupHouseholds(csv.records, &errors);
  if (!errors.empty()) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", FormatFileError(file, e).c_str());
    Die(std::to_string(errors.size()) + (errors.size() >= 100 ? "+" : "") + " bad row(s) in " +
        file + ": nothing was imported. Fix them and import again.");
  }
  if (csv.records.empty()) Die(file + " has no rows to import");
  const size_t total = csv.records.size();
  // The rows' people were moved into `households`; their husks are hundreds
  // of megabytes at a million rows.
  std::vector<PersonRecord>().swap(csv.records);
  auto store = OpenSite(site, /*create_if_missing=*/true);
  auto ok = store->ImportHouseholds(
      &households, CliActor(),
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
              households.size(), file.c_str(), seconds, static_cast<double>(total) / seconds);
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
