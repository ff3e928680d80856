// Evaluating a person's documents against a policy on a date: the status,
// the provisions that decided it with their sources, warnings, next steps,
// and the timeline of status changes. Pure functions over immutable inputs:
// thread-safe, no I/O. The algorithm is described in evaluation.cc.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/message.h"
#include "core/model.h"
#include "policy/policy.h"

namespace sanad::policy {

// A document a person holds, as far as the policy cares.
struct HeldDocument {
  DocumentType type = DocumentType::kOther;
  std::optional<Date> valid_until;  // where printed on the document

  bool operator==(const HeldDocument&) const = default;
};

// The documents of a registered person, in the order held.
[[nodiscard]] std::vector<HeldDocument> HeldDocumentsOf(const Person& person);

// A sentence of an answer, to be said in any of the four languages. The
// engine's own words are Messages (core/message.h, translated by
// src/core/i18n/*.json); the provision texts a sentence quotes (a title, a
// next step) come from the policy file's translation for the language asked
// (Provision::TextIn). Like AppliedProvision it may point into the Policy
// evaluated: keep the Policy alive while you use it. Copyable, immutable.
class Sentence {
 public:
  Sentence() = default;
  // The same message for every language (its template is still translated).
  explicit Sentence(Message message);
  // A message made for the language asked: for sentences quoting a provision.
  explicit Sentence(std::function<Message(std::string_view language)> make);

  // The message for `language` ("en", "ps", "fa-AF", "ur"); an empty Message
  // for a default-constructed Sentence.
  [[nodiscard]] Message In(std::string_view language) const;
  // Said in `language` (core/translation.h), in English for any other.
  [[nodiscard]] std::string Say(std::string_view language) const;
  [[nodiscard]] std::string English() const { return Say("en"); }

  // Equal when they read the same in English.
  bool operator==(const Sentence& other) const { return English() == other.English(); }

 private:
  std::function<Message(std::string_view)> make_;
};

// A provision as an answer cites it. The views point into the Policy that was
// evaluated (which is immutable): they stay valid as long as it lives. Load
// the policy once and keep it; copy the text out if an answer must outlive it.
struct AppliedProvision {
  std::string_view id;
  std::string_view title;
  std::string_view source;  // Provision::citation: who decided, when, reference
  std::string_view explanation;
  std::string_view sources_differ;  // empty when reporting agrees
  // The provision itself, in the same Policy: its texts in other languages
  // (Provision::TextIn) and its next steps.
  const Provision* provision = nullptr;

  bool operator==(const AppliedProvision&) const = default;
};

struct Evaluation {
  Date date;
  Context context = Context::kStay;
  LegalStatus status = LegalStatus::kTolerated;
  // One sentence: why this status, naming the document and the provision.
  Sentence reason;
  // The provisions used, in policy file order.
  std::vector<AppliedProvision> provisions;
  // The documents that gave the status (stay: the one most protective
  // document; entry: the set that satisfied the requirement). Empty when the
  // status does not rest on any document.
  std::vector<DocumentType> deciding_documents;
  // Entry only: what the closest requirement lacks (missing or expired).
  std::vector<DocumentType> missing_documents;
  // Plain language, e.g. a document or a protection ends within 30 days.
  std::vector<Sentence> warnings;
  // What a counsellor can do, in plain language: the cited provisions' next
  // steps (from the policy file, in its translations), else the engine's own.
  std::vector<Sentence> next_steps;
};

// How far ahead warnings look for an ending document or protection.
inline constexpr int kWarningHorizonDays = 30;

// The full answer for `documents` on `date` in `context`; its `provisions`
// view into `policy` (see AppliedProvision). Never fails: a
// person with no documents, a date before every provision, all have an answer
// (tolerated in stay when no order concerns them; inadmissible in entry when no
// requirement is in force, with a warning).
[[nodiscard]] Evaluation Evaluate(const Policy& policy, const std::vector<HeldDocument>& documents,
                                  Date date, Context context = Context::kStay);

// The status alone: the fast path (no allocation) used by timelines and bulk
// counts. Same result as Evaluate(...).status.
[[nodiscard]] LegalStatus StatusOn(const Policy& policy, const std::vector<HeldDocument>& documents,
                                   Date date, Context context = Context::kStay);

// The first day after `date`, up to `date + horizon_days`, on which the
// status differs from the status on `date`, and that new status; nullopt when
// it stays the same. Allocation-free (one StatusOn per boundary in the
// window): for counting, across all registered persons, whose status changes
// within the next N days.
struct StatusChange {
  Date date;
  LegalStatus status = LegalStatus::kTolerated;

  bool operator==(const StatusChange&) const = default;
};
[[nodiscard]] std::optional<StatusChange> NextStatusChange(
    const Policy& policy, const std::vector<HeldDocument>& documents, Date date, int horizon_days,
    Context context = Context::kStay);

// One stretch of days with the same status on the same grounds.
struct TimelineSegment {
  Date from;  // inclusive
  Date to;    // inclusive
  LegalStatus status = LegalStatus::kTolerated;
  Sentence reason;
  std::vector<std::string> provision_ids;
  std::vector<DocumentType> deciding_documents;

  bool operator==(const TimelineSegment&) const = default;
};

// The sequence of statuses from `from` to `to` (inclusive), split wherever a
// provision starts or ends, a deadline passes or a document expires, and
// merged where nothing changed. Empty when `to` < `from`. Cost: one
// evaluation per boundary date inside the range, not per day.
[[nodiscard]] std::vector<TimelineSegment> Timeline(const Policy& policy,
                                                    const std::vector<HeldDocument>& documents,
                                                    Date from, Date to,
                                                    Context context = Context::kStay);

// The document's name as a family would say it: "PoR card", "e-Tazkira".
[[nodiscard]] std::string_view DocumentLabel(DocumentType type);
// The same name as a Message, to be said in a sentence in another language.
[[nodiscard]] Message DocumentName(DocumentType type);

// A sentence a counsellor can read to a family: "lawful: the person may stay
// in Pakistan lawfully on this date", in `language` ("en", "ps", "fa-AF",
// "ur"; any other is given in English).
[[nodiscard]] std::string_view Describe(LegalStatus status, std::string_view language = "en");

}  // namespace sanad::policy
