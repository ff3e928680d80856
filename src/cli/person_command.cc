// `sanad person erase`: crypto-shredding a person's record (docs/security.md),
// an administrator's act from the command line, with a reason kept in the
// audit log.
#include <cstdio>

#include "api/duplicate_index.h"
#include "cli/commands.h"
#include "cli/site.h"

namespace sanad::cli {

void AddPersonCommands(CLI::App& app) {
  auto* person = app.add_subcommand("person", "Act on one person's record");
  person->require_subcommand(1);

  auto site = std::make_shared<SiteOptions>();
  auto id = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto* erase = person->add_subcommand(
      "erase",
      "Erase a person's record for good: their data key is destroyed, so no one, not even with "
      "the master key, can read it again. The id stays in the audit log with the reason");
  AddSiteOptions(erase, site.get());
  erase->add_option("--id", *id, "The person's id (from a search in the web app)")->required();
  erase
      ->add_option("--reason", *reason,
                   "Why the record is erased, e.g. \"the person asked for it\" (at least 10 "
                   "characters; kept in the audit log, so do not write the person's name)")
      ->required();
  erase->callback([site, id, reason] {
    auto store = OpenSite(*site, /*create_if_missing=*/false);
    if (auto ok = store->ErasePerson(*id, *reason, CliActor()); !ok) {
      const Error& e = ok.error();
      Die((e.field.empty() ? "" : "--" + e.field + ": ") + e.message + ". Nothing was erased.");
    }
    // A serving site's index still holds the person until it restarts; its
    // snapshot is removed now.
    api::ForgetIndexSnapshot(api::IndexSnapshotPath(site->db));
    std::printf("erased person %s: their record can no longer be read by anyone\n", id->c_str());
  });
}

}  // namespace sanad::cli
