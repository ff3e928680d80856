// A policy: dated provisions, loaded from a TOML file, that say which
// documents give lawful stay, which removal orders concern whom, and what entry
// requires, each with its source. The file format is described in
// docs/policy.md; `policies/pakistan-afghans.toml` is the shipped example and
// is embedded in the library (see `ShippedPolicyText`).
//
// The library is pure: the loader takes the file's text and its name and never
// touches the file system. A loaded `Policy` is an immutable value, safe to
// share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/model.h"

namespace sanad::policy {

// Where the question is asked: may the person stay in Pakistan, or enter it.
enum class Context { kStay, kEntry };

// What a provision does while it is in force.
enum class Effect {
  kLawfulStay,        // holders of `documents` stay lawfully (context stay)
  kTolerated,         // holders are named as not concerned by any order (stay)
  kRemovalOrder,      // holders are ordered to leave by `leave_by` (stay)
  kNoProtection,      // a note: `documents` alone give no protection (stay)
  kInformation,       // advice shown when the person's status is in `for_statuses`
  kEntryRequirement,  // what a person must hold to enter (context entry)
};

// The outcome of an evaluation, from the most to the least protective within
// each context.
enum class LegalStatus {
  kLawful,            // stay: a document recognised for lawful stay is valid that day
  kTolerated,         // stay: no lawful status, but no removal order concerns the person
  kRemovalAnnounced,  // stay: an order concerns the person; its deadline has not passed
  kRemovalInForce,    // stay: an order concerns the person; its deadline has passed
  kAdmissible,        // entry: the person holds what entry requires that day
  kInadmissible,      // entry: something entry requires is missing or expired
};

// Wire names ("stay", "lawful_stay", "removal_in_force", ...) and parsers;
// parsers return nullopt for an unknown name.
std::string_view ToString(Context value);
std::string_view ToString(Effect value);
std::string_view ToString(LegalStatus value);
std::optional<Context> ParseContext(std::string_view text);
std::optional<Effect> ParseEffect(std::string_view text);
std::optional<LegalStatus> ParseLegalStatus(std::string_view text);

// A set of document types as a bit mask; bit `kNoDocumentsBit` stands for
// "a person who holds no document at all".
using DocumentMask = uint32_t;
inline constexpr int kNoDocumentsBit = 31;
[[nodiscard]] constexpr DocumentMask MaskOf(DocumentType type) {
  return DocumentMask{1} << static_cast<int>(type);
}
inline constexpr DocumentMask kNoDocumentsMask = DocumentMask{1} << kNoDocumentsBit;

// Who decided, when, and where it is written or reported.
struct Source {
  std::string authority;  // "Federal Cabinet of Pakistan"
  std::string date;       // as precise as known: "2023-11", "2025-07-31"
  std::string reference;  // the notification, or the reporting that carries it
  // "Federal Cabinet of Pakistan, 2023-11 (UNHCR Pakistan update)": one line
  // a counsellor can read out.
  [[nodiscard]] std::string Cite() const;
};

// The languages a provision's texts may be translated into, besides English
// (which is the text of the provision itself): Pashto, Dari, Urdu, as BCP 47
// tags, the web app's.
inline constexpr std::string_view kTranslationLanguages[] = {"ps", "fa-AF", "ur"};

// A provision's texts in one language other than English, from the file's
// `[provision.text.LANG]` table. The loader guarantees: title and explanation
// are set; sources_differ is set exactly when the English has one; as many
// next steps as the English, in the same order.
struct ProvisionText {
  std::string title;
  std::string explanation;
  std::string sources_differ;
  std::vector<std::string> next_steps;
};

// A provision's texts as views into the Provision, in the language named.
struct ProvisionTextView {
  std::string_view language;  // "en" when the English text was given
  std::string_view title;
  std::string_view explanation;
  std::string_view sources_differ;
  std::span<const std::string> next_steps;
};

struct Provision {
  std::string id;     // unique in the policy: lower case, digits and '-'
  std::string title;  // one line, plain language
  Source source;
  std::string citation;  // source.Cite(), computed once by the loader
  Context context = Context::kStay;
  Effect effect = Effect::kInformation;
  // In force from `from` to `to`, both inclusive; nullopt means open-ended.
  std::optional<Date> from;
  std::optional<Date> to;
  DocumentMask documents = 0;  // whom it concerns (stay effects)
  // Lawful stay / entry: the document must also be unexpired on its own
  // printed date (a visa). When false, decisions extend the documents
  // regardless of what is printed on them (PoR cards).
  bool requires_unexpired = false;
  // Removal order: the deadline to leave and the first day of removals.
  std::optional<Date> leave_by;
  std::optional<Date> removal_from;
  // Entry requirement: any one of these sets, each held in full.
  std::vector<DocumentMask> requires_any;
  // Information: the statuses it is shown for.
  std::vector<LegalStatus> for_statuses;
  std::string explanation;              // what it means for the person, read out as is
  std::string sources_differ;           // where reporting disagrees; empty if it does not
  std::vector<std::string> next_steps;  // what a counsellor can do
  int64_t line = 0;                     // 1-based line of the provision in its file
  // Translations by language tag (one of kTranslationLanguages); a language
  // absent here is given in English.
  std::map<std::string, ProvisionText, std::less<>> translations;

  // The texts in `language` ("en", "ps", "fa-AF", "ur"): its translation when
  // the file has one, the English otherwise (the result's `language` says
  // which). The views point into this provision.
  [[nodiscard]] ProvisionTextView TextIn(std::string_view language) const;
  // The languages of kTranslationLanguages this provision lacks, in that order.
  [[nodiscard]] std::vector<std::string_view> MissingLanguages() const;

  // True when `date` lies within [from, to].
  [[nodiscard]] bool InForce(Date date) const {
    return (!from || *from <= date) && (!to || date <= *to);
  }
};

struct Policy {
  std::string file_name;  // as given to the loader, used in messages
  std::string id;
  std::string title;
  std::string jurisdiction;
  std::string version;
  std::vector<Provision> provisions;  // in file order

  // The provision with this id, or nullptr.
  [[nodiscard]] const Provision* Find(std::string_view provision_id) const;
};

// Parses and validates a policy file's text. `file_name` is only used in
// messages. On error returns kInvalidInput whose message reads
// "FILE:LINE: problem" (also `field` = FILE, `line` = LINE): malformed TOML,
// a missing or unknown key, an unknown document type, status or effect, dates
// out of order, a duplicate id, a translation in a language other than
// kTranslationLanguages or whose next steps are not as many as the English
// ones, or two provisions that overlap or contradict
// each other for the same documents on the same days.
[[nodiscard]] Result<Policy> LoadPolicy(std::string_view text, std::string_view file_name);

// The text of policies/pakistan-afghans.toml as it was at build time, and the
// name to report it under. Never fails.
[[nodiscard]] std::string_view ShippedPolicyText();
[[nodiscard]] std::string_view ShippedPolicyName();
// LoadPolicy(ShippedPolicyText(), ShippedPolicyName()). The shipped file is
// checked by the tests, so an error here is a build defect.
[[nodiscard]] Result<Policy> LoadShippedPolicy();

}  // namespace sanad::policy
