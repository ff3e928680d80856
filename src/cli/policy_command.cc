// `sanad policy check FILE` and `sanad status ...`: legal status on a date.
//
//   sanad status --date YYYY-MM-DD [--context stay|entry]
//                [--doc TYPE[:valid_until=YYYY-MM-DD]]... [--policy FILE] [--json]
//                [--language en|ps|fa-AF|ur]
//   sanad status --timeline --date YYYY-MM-DD [--until YYYY-MM-DD] ...
//
// Without --policy the policy embedded at build time is used, so the command
// works from any directory. Errors go to stderr and exit with status 1 (bad
// input) or 2 (a policy file that does not load).
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/site.h"
#include "core/translation.h"
#include "policy/evaluation.h"
#include "policy/evaluation_json.h"
#include "policy/policy.h"

namespace sanad::cli {
namespace {

constexpr int kBadInput = 1;
constexpr int kBadPolicy = 2;

policy::Policy LoadPolicyFile(const std::string& path) {
  if (path.empty()) {
    auto shipped = policy::LoadShippedPolicy();
    if (!shipped) Die(shipped.error().message, kBadPolicy);
    return std::move(*shipped);
  }
  static_assert(kBadInput == 1, "ReadFileOrDie exits with 1");
  auto loaded = policy::LoadPolicy(ReadFileOrDie(path), path);
  if (!loaded) Die(loaded.error().message, kBadPolicy);
  return std::move(*loaded);
}

Date ParseDateOption(const std::string& text, std::string_view option) {
  auto date = Date::ParseIso(text, option);
  if (!date) {
    Die(std::string(option) + ": '" + text +
            "' is not a date; write it YYYY-MM-DD, e.g. 2025-03-31",
        kBadInput);
  }
  return *date;
}

// "TYPE" or "TYPE:valid_until=YYYY-MM-DD".
policy::HeldDocument ParseDocOption(const std::string& text) {
  const std::string usage = "--doc " + text + ": write TYPE or TYPE:valid_until=YYYY-MM-DD";
  const size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  auto type = ParseDocumentType(name);
  if (!type || *type == DocumentType::kOther) {
    Die("--doc: unknown document type '" + name +
            "'; use one of: tazkira, e_tazkira, por_card, acc, passport, visa, "
            "unhcr_asylum_certificate, vrf",
        kBadInput);
  }
  policy::HeldDocument document{*type, std::nullopt};
  if (colon != std::string::npos) {
    const std::string rest = text.substr(colon + 1);
    constexpr std::string_view kKey = "valid_until=";
    if (!rest.starts_with(kKey)) Die(usage, kBadInput);
    document.valid_until = ParseDateOption(rest.substr(kKey.size()), "valid_until");
  }
  return document;
}

// `sanad status --timeline --json`: the segments in the API's shape inside
// an envelope that says what was asked.
nlohmann::json TimelineJson(const policy::Policy& policy, policy::Context context, Date from,
                            Date to, const std::vector<policy::TimelineSegment>& segments,
                            std::string_view language) {
  return {{"policy", policy.id},
          {"context", std::string(policy::ToString(context))},
          {"from", from.ToIso()},
          {"to", to.ToIso()},
          {"language", std::string(language)},
          {"segments", policy::TimelineToJson(policy, segments, language)}};
}

std::string Heading(policy::LegalStatus status) {
  std::string out(policy::ToString(status));
  for (char& c : out) c = c == '_' ? ' ' : static_cast<char>(std::toupper(c));
  return out;
}

// The texts come from the one encoder (ExplanationToJson), so the CLI says
// what the API says, in the same language.
void PrintEvaluation(const policy::Policy& policy, const policy::Evaluation& e,
                     const std::vector<policy::HeldDocument>& documents,
                     std::string_view language) {
  auto say = [language](const Message& message) { return Say(message, language); };
  std::optional<Message> held;
  for (const auto& d : documents) {
    Message one = d.valid_until ? Message("{} (valid until {})", policy::DocumentName(d.type),
                                          d.valid_until->ToIso())
                                : policy::DocumentName(d.type);
    held = held ? Message("{}, {}", *held, std::move(one)) : std::move(one);
  }
  if (!held) held = Message("no documents");
  const std::string heading = Heading(e.status);
  std::printf("%s\n", say(e.context == policy::Context::kStay
                              ? Message("Staying in Pakistan on {}, {}, holding {}: {}",
                                        e.date.ToIso(), policy.title, *held, heading)
                              : Message("Entering Pakistan on {}, {}, holding {}: {}",
                                        e.date.ToIso(), policy.title, *held, heading))
                          .c_str());
  const nlohmann::json said = policy::ExplanationToJson(e, language);
  auto text = [](const nlohmann::json& value) { return value.get<std::string>(); };
  std::printf("  %s.\n  %s\n", text(said["status_text"]).c_str(), text(said["reason"]).c_str());
  if (!said["provisions"].empty()) {
    std::printf("\n%s\n", say(Message("Provisions applied:")).c_str());
  }
  for (const auto& p : said["provisions"]) {
    std::printf("  [%s] %s\n    %s\n    %s\n", text(p["id"]).c_str(), text(p["title"]).c_str(),
                say(Message("Source: {}", text(p["source"]))).c_str(),
                text(p["explanation"]).c_str());
    if (p.contains("sources_differ")) {
      std::printf("    %s\n",
                  say(Message("Sources differ: {}", text(p["sources_differ"]))).c_str());
    }
  }
  if (!e.warnings.empty()) std::printf("\n%s\n", say(Message("Warnings:")).c_str());
  for (const auto& w : e.warnings) std::printf("  ! %s\n", w.Say(language).c_str());
  if (!said["next_steps"].empty()) std::printf("\n%s\n", say(Message("What to do next:")).c_str());
  for (const auto& s : said["next_steps"]) std::printf("  - %s\n", text(s).c_str());
}

void PrintTimeline(const policy::Policy& policy,
                   const std::vector<policy::TimelineSegment>& segments) {
  for (const auto& s : segments) {
    std::printf("%s to %s  %s\n  %s\n", s.from.ToIso().c_str(), s.to.ToIso().c_str(),
                Heading(s.status).c_str(), s.reason.English().c_str());
    for (const std::string& id : s.provision_ids) {
      const policy::Provision* p = policy.Find(id);
      std::printf("    [%s] source: %s\n", id.c_str(), p->citation.c_str());
    }
  }
}

struct StatusOptions {
  std::string date;
  std::string until;
  std::string context = "stay";
  std::vector<std::string> docs;
  std::string policy_file;
  std::string language = "en";
  bool json = false;
  bool timeline = false;
};

void RunStatus(const StatusOptions& options) {
  const Date date = ParseDateOption(options.date, "--date");
  auto context = policy::ParseContext(options.context);
  if (!context)
    Die("--context must be 'stay' or 'entry', not '" + options.context + "'", kBadInput);
  std::vector<policy::HeldDocument> documents;
  for (const std::string& doc : options.docs) {
    if (doc != "none") documents.push_back(ParseDocOption(doc));
  }
  if (policy::AnswerLanguage(options.language) != options.language) {
    Die("--language must be one of en, ps, fa-AF, ur, not '" + options.language + "'", kBadInput);
  }
  const policy::Policy policy = LoadPolicyFile(options.policy_file);

  if (options.timeline) {
    const Date until =
        options.until.empty() ? date.AddDays(365) : ParseDateOption(options.until, "--until");
    if (until < date) Die("--until must not be before --date", kBadInput);
    const auto segments = policy::Timeline(policy, documents, date, until, *context);
    if (options.json) {
      std::printf(
          "%s\n",
          TimelineJson(policy, *context, date, until, segments, options.language).dump(2).c_str());
    } else {
      PrintTimeline(policy, segments);
    }
    return;
  }
  if (!options.until.empty()) Die("--until goes with --timeline", kBadInput);
  const policy::Evaluation evaluation = policy::Evaluate(policy, documents, date, *context);
  if (options.json) {
    std::printf("%s\n",
                policy::EvaluationToJson(policy, evaluation, options.language).dump(2).c_str());
  } else {
    PrintEvaluation(policy, evaluation, documents, options.language);
  }
}

void RunPolicyCheck(const std::string& path) {
  const policy::Policy policy = LoadPolicyFile(path);
  int stay = 0;
  int orders = 0;
  int entry = 0;
  int other = 0;
  for (const auto& p : policy.provisions) {
    switch (p.effect) {
      case policy::Effect::kLawfulStay:
      case policy::Effect::kTolerated:
        ++stay;
        break;
      case policy::Effect::kRemovalOrder:
        ++orders;
        break;
      case policy::Effect::kEntryRequirement:
        ++entry;
        break;
      default:
        ++other;
        break;
    }
  }
  std::printf(
      "%s: ok: policy '%s', %zu provisions (%d on stay, %d removal orders, %d on entry, "
      "%d notes)\n",
      path.c_str(), policy.id.c_str(), policy.provisions.size(), stay, orders, entry, other);
  // A site's own policy may be in English only: it loads, and its answers
  // give the English where a translation is missing. Say so, without failing.
  for (const auto& p : policy.provisions) {
    const auto missing = p.MissingLanguages();
    if (missing.empty()) continue;
    std::string languages;
    for (std::string_view language : missing) {
      if (!languages.empty()) languages += ", ";
      languages += language;
    }
    std::fprintf(stderr,
                 "%s:%lld: warning: provision '%s' has no text in %s; answers in %s give its "
                 "English text (add [provision.text.LANG] tables)\n",
                 path.c_str(), static_cast<long long>(p.line), p.id.c_str(), languages.c_str(),
                 missing.size() == 1 ? "that language" : "those languages");
  }
}

}  // namespace

void AddPolicyCommands(CLI::App& app) {
  auto* policy_cmd = app.add_subcommand("policy", "Check policy files");
  policy_cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* check = policy_cmd->add_subcommand(
      "check", "Load and validate a policy file; prints FILE:LINE: problem on error");
  check->add_option("file", *file, "The policy file (TOML)")->required();
  check->callback([file] { RunPolicyCheck(*file); });

  auto options = std::make_shared<StatusOptions>();
  auto* status = app.add_subcommand(
      "status", "A person's legal status on a date, with the provisions and their sources");
  status->add_option("--date", options->date, "The date, YYYY-MM-DD (with --timeline: the start)")
      ->required();
  status->add_option("--context", options->context, "stay (default) or entry");
  status->add_option("--doc", options->docs,
                     "A document held: TYPE[:valid_until=YYYY-MM-DD], TYPE one of tazkira, "
                     "e_tazkira, por_card, acc, passport, visa, unhcr_asylum_certificate, vrf; "
                     "repeat for several; none = no documents");
  status->add_option("--policy", options->policy_file,
                     "A policy file (default: the shipped pakistan-afghans policy)");
  status->add_option("--language", options->language,
                     "The language of the explanation: en (default), ps, fa-AF or ur");
  status->add_flag("--json", options->json, "Print one JSON object");
  status->add_flag("--timeline", options->timeline,
                   "Print the status changes from --date to --until");
  status->add_option("--until", options->until,
                     "With --timeline: the last day, YYYY-MM-DD (default: --date + 365 days)");
  status->callback([options] { RunStatus(*options); });
}

}  // namespace sanad::cli
