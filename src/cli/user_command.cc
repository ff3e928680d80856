// `sanad user ...` (accounts) and `sanad audit verify`.
#include <cstdio>

#include "cli/commands.h"
#include "cli/site.h"

namespace sanad::cli {

void AddUserCommands(CLI::App& app) {
  auto site = std::make_shared<SiteOptions>();
  auto username = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto* user = app.add_subcommand("user", "Manage the accounts of people who use sanad");
  user->require_subcommand(1);

  auto* add = user->add_subcommand(
      "add", "Add an account; the password (12+ characters) is read from standard input");
  AddSiteOptions(add, site.get());
  add->add_option("--username", *username, "Lowercase login name")->required();
  add->add_option("--role", *role, "admin, registrar, counsellor, caseworker or analyst")
      ->required();
  add->callback([site, username, role] {
    auto parsed = store::ParseRole(*role);
    if (!parsed) Die("--role must be one of admin, registrar, counsellor, caseworker, analyst");
    auto store = OpenSite(*site, /*create_if_missing=*/true);
    const std::string password = ReadSecretLine();
    auto created = store->CreateUser(*username, *parsed, password, CliActor());
    if (!created) Die(created.error().field + ": " + created.error().message);
    std::printf("added %s (%s)\n", created->username.c_str(), role->c_str());
  });

  auto* list = user->add_subcommand("list", "List accounts");
  AddSiteOptions(list, site.get());
  list->callback([site] {
    auto store = OpenSite(*site, false);
    auto users = store->ListUsers();
    if (!users) Die(users.error().message);
    std::printf("%-24s %-12s %-9s %s\n", "username", "role", "state", "created");
    for (const auto& u : *users) {
      std::printf("%-24s %-12s %-9s %s\n", u.username.c_str(),
                  std::string(store::ToString(u.role)).c_str(), u.disabled ? "disabled" : "active",
                  u.created_at.c_str());
    }
  });

  for (bool disable : {true, false}) {
    auto* cmd = user->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Disable an account and end its sessions" : "Enable a disabled account");
    AddSiteOptions(cmd, site.get());
    cmd->add_option("--username", *username, "Login name")->required();
    cmd->callback([site, username, disable] {
      auto store = OpenSite(*site, false);
      if (auto ok = store->SetUserDisabled(*username, disable, CliActor()); !ok) {
        Die(ok.error().message);
      }
      std::printf("%s %s\n", disable ? "disabled" : "enabled", username->c_str());
    });
  }

  auto* reset = user->add_subcommand(
      "reset-password", "Set a new password (read from standard input) and end the sessions");
  AddSiteOptions(reset, site.get());
  reset->add_option("--username", *username, "Login name")->required();
  reset->callback([site, username] {
    auto store = OpenSite(*site, false);
    const std::string password = ReadSecretLine();
    if (auto ok = store->ResetPassword(*username, password, CliActor()); !ok) {
      Die(ok.error().message);
    }
    std::printf("password reset for %s\n", username->c_str());
  });

  auto* audit = app.add_subcommand("audit", "Check the tamper-evident audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Walk the hash chain; exit non-zero naming the first broken entry");
  AddSiteOptions(verify, site.get());
  verify->callback([site] {
    auto store = OpenSite(*site, false);
    auto checked = store->VerifyAudit();
    if (!checked) Die(checked.error().message, 2);
    auto head = store->AuditHead();
    std::printf("audit log intact: %lld entries, head %s\n", static_cast<long long>(*checked),
                head ? head->hash.c_str() : "?");
  });
}

}  // namespace sanad::cli
