// Loading and validating a policy file.
//
// Idea: toml++ parses the text into a tree that remembers each node's line;
// one pass turns each [[provision]] table into a `Provision`, rejecting
// unknown keys (a misspelt key would otherwise silently change the law), and
// a second pass compares every pair of stay provisions that share a document
// type and are in force on a common day.
//
// Invariants of a loaded Policy: ids are unique; from <= to; for a removal
// order from <= leave_by < removal_from; every stay effect but information
// names at least one document; an entry requirement names at least one set.
// No two provisions decide the same documents' stay on the same day unless one
// of them is conditional on the document's printed expiry (a visa is lawful
// while valid; the order about overstayers then applies). No two entry
// requirements are in force on the same day.
//
// Cost: parsing is linear in the text; the pairwise check is quadratic in the
// number of provisions (tens), done once per load.
#include "policy/policy.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace sanad::policy {
namespace {

constexpr std::array<std::pair<Context, std::string_view>, 2> kContextNames{{
    {Context::kStay, "stay"},
    {Context::kEntry, "entry"},
}};
constexpr std::array<std::pair<Effect, std::string_view>, 6> kEffectNames{{
    {Effect::kLawfulStay, "lawful_stay"},
    {Effect::kTolerated, "tolerated"},
    {Effect::kRemovalOrder, "removal_order"},
    {Effect::kNoProtection, "no_protection"},
    {Effect::kInformation, "information"},
    {Effect::kEntryRequirement, "entry_requirement"},
}};
constexpr std::array<std::pair<LegalStatus, std::string_view>, 6> kStatusNames{{
    {LegalStatus::kLawful, "lawful"},
    {LegalStatus::kTolerated, "tolerated"},
    {LegalStatus::kRemovalAnnounced, "removal_announced"},
    {LegalStatus::kRemovalInForce, "removal_in_force"},
    {LegalStatus::kAdmissible, "admissible"},
    {LegalStatus::kInadmissible, "inadmissible"},
}};

template <typename T, size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename T, size_t N>
std::optional<T> ValueOf(const std::array<std::pair<T, std::string_view>, N>& table,
                         std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

constexpr std::string_view kProvisionKeys[] = {"id",           "title",        "source",
                                               "context",      "effect",       "from",
                                               "to",           "documents",    "requires_unexpired",
                                               "leave_by",     "removal_from", "requires",
                                               "for_statuses", "explanation",  "sources_differ",
                                               "next_steps",   "text"};
constexpr std::string_view kPolicyKeys[] = {"id", "title", "jurisdiction", "version"};
constexpr std::string_view kSourceKeys[] = {"authority", "date", "reference"};
constexpr std::string_view kTextKeys[] = {"title", "explanation", "sources_differ", "next_steps"};

int64_t LineOf(const toml::node& node) { return static_cast<int64_t>(node.source().begin.line); }

// Builds the errors of one file, "FILE:LINE: problem".
class Reporter {
 public:
  explicit Reporter(std::string_view file_name) : file_name_(file_name) {}

  [[nodiscard]] std::unexpected<Error> At(int64_t line, const Message& problem) const {
    Error error = Error::InvalidInput(file_name_, "{}:{}: {}", file_name_, line, problem);
    error.line = line;
    return Fail(std::move(error));
  }

 private:
  std::string file_name_;
};

sanad::Status CheckKeys(const toml::table& table, std::span<const std::string_view> allowed,
                        std::string_view where, const Reporter& report) {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      std::string names;
      for (std::string_view name : allowed) {
        if (!names.empty()) names += ", ";
        names += name;
      }
      return report.At(LineOf(node), Message("unknown key '{}' in {}; the keys allowed are: {}",
                                             key.str(), where, names));
    }
  }
  return {};
}

Result<std::string> RequiredString(const toml::table& table, std::string_view key,
                                   int64_t table_line, std::string_view where,
                                   const Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return report.At(table_line, Message("{} has no '{}'; add {} = \"...\"", where, key, key));
  }
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) {
    return report.At(LineOf(*node), Message("'{}' must be a non-empty text in quotes", key));
  }
  return value->get();
}

Result<std::string> OptionalString(const toml::table& table, std::string_view key,
                                   const Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::string();
  const auto* value = node->as_string();
  if (value == nullptr) {
    return report.At(LineOf(*node), Message("'{}' must be a text in quotes", key));
  }
  return value->get();
}

// A date written as a TOML date (2023-10-31) or as text ("2023-10-31").
Result<std::optional<Date>> OptionalDate(const toml::table& table, std::string_view key,
                                         const Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<Date>();
  Date date;
  if (const auto* value = node->as_date()) {
    const toml::date& d = value->get();
    date = Date{d.year, d.month, d.day};
    // Round-trip to reject what toml++ accepts but Date does not (years out of range).
    auto parsed = Date::ParseIso(date.ToIso(), key);
    if (!parsed) return report.At(LineOf(*node), Message("'{}': {}", key, parsed.error().text));
  } else if (const auto* text = node->as_string()) {
    auto parsed = Date::ParseIso(text->get(), key);
    if (!parsed) return report.At(LineOf(*node), Message("'{}': {}", key, parsed.error().text));
    date = *parsed;
  } else {
    return report.At(
        LineOf(*node),
        Message("'{}' must be a date written YYYY-MM-DD, e.g. {} = 2023-10-31", key, key));
  }
  return std::optional<Date>(date);
}

Result<std::vector<std::string>> StringList(const toml::node& node, std::string_view key,
                                            const Reporter& report) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    return report.At(LineOf(node),
                     Message("'{}' must be a list in brackets, e.g. [\"a\", \"b\"]", key));
  }
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr) {
      return report.At(LineOf(item), Message("each entry of '{}' must be a text in quotes", key));
    }
    out.push_back(text->get());
  }
  return out;
}

Result<DocumentMask> DocumentList(const toml::node& node, std::string_view key, bool allow_none,
                                  const Reporter& report) {
  auto names = StringList(node, key, report);
  if (!names) return std::unexpected(names.error());
  DocumentMask mask = 0;
  for (const std::string& name : *names) {
    if (allow_none && name == "none") {
      mask |= kNoDocumentsMask;
      continue;
    }
    auto type = ParseDocumentType(name);
    if (!type) {
      return report.At(LineOf(node),
                       Message("unknown document type '{}' in '{}'; use one of: {}{}", name, key,
                               DocumentTypeNames(), allow_none ? ", none" : ""));
    }
    mask |= MaskOf(*type);
  }
  if (mask == 0)
    return report.At(LineOf(node), Message("'{}' must name at least one document", key));
  return mask;
}

std::string DescribeMask(DocumentMask mask) {
  std::string out;
  for (int bit = 0; bit < 32; ++bit) {
    if ((mask & (DocumentMask{1} << bit)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += bit == kNoDocumentsBit ? std::string_view("no documents")
                                  : ToString(static_cast<DocumentType>(bit));
  }
  return out;
}

std::string DescribeDay(const std::optional<Date>& date, std::string_view open) {
  return date ? date->ToIso() : std::string(open);
}

// `[provision.text.LANG]` tables: the provision's texts in each language,
// checked against the English ones already in `p`.
sanad::Status ParseTranslations(const toml::node& node, const std::string& where,
                                const Reporter& report, Provision& p) {
  const auto* languages = node.as_table();
  if (languages == nullptr) {
    return report.At(LineOf(node), Message("'text' of {} must hold one table per language, "
                                           "e.g. [provision.text.ps]",
                                           where));
  }
  for (const auto& [key, language_node] : *languages) {
    const std::string_view language = key.str();
    const auto known =
        std::find(std::begin(kTranslationLanguages), std::end(kTranslationLanguages), language);
    if (known == std::end(kTranslationLanguages)) {
      return report.At(LineOf(language_node),
                       Message("unknown language '{}' in the texts of {}; use one of: ps, "
                               "fa-AF, ur (English is the provision's own text)",
                               language, where));
    }
    const auto* table = language_node.as_table();
    if (table == nullptr) {
      return report.At(
          LineOf(language_node),
          Message("text.{} of {} must be a table: [provision.text.{}]", language, where, language));
    }
    const std::string in = fmt::format("the {} text of {}", language, where);
    if (auto ok = CheckKeys(*table, kTextKeys, in, report); !ok) return ok;
    const int64_t line = LineOf(language_node);
    ProvisionText text;
    auto title = RequiredString(*table, "title", line, in, report);
    if (!title) return std::unexpected(title.error());
    text.title = std::move(*title);
    auto explanation = RequiredString(*table, "explanation", line, in, report);
    if (!explanation) return std::unexpected(explanation.error());
    text.explanation = std::move(*explanation);
    auto differ = OptionalString(*table, "sources_differ", report);
    if (!differ) return std::unexpected(differ.error());
    text.sources_differ = std::move(*differ);
    if (text.sources_differ.empty() != p.sources_differ.empty()) {
      return report.At(table->get("sources_differ") ? LineOf(*table->get("sources_differ")) : line,
                       p.sources_differ.empty()
                           ? Message("{} has 'sources_differ' but the English text has none", in)
                           : Message("{} lacks 'sources_differ'; translate the English one", in));
    }
    if (const toml::node* steps_node = table->get("next_steps")) {
      auto steps = StringList(*steps_node, "next_steps", report);
      if (!steps) return std::unexpected(steps.error());
      text.next_steps = std::move(*steps);
    }
    if (text.next_steps.size() != p.next_steps.size()) {
      const toml::node* steps_node = table->get("next_steps");
      return report.At(steps_node ? LineOf(*steps_node) : line,
                       Message("{} has {} next steps but the English has {}; translate each "
                               "step, in the same order",
                               in, text.next_steps.size(), p.next_steps.size()));
    }
    p.translations.emplace(std::string(language), std::move(text));
  }
  return {};
}

Result<Provision> ParseProvision(const toml::table& table, const Reporter& report) {
  Provision p;
  p.line = LineOf(table);
  if (auto ok = CheckKeys(table, kProvisionKeys, "a [[provision]]", report); !ok) {
    return std::unexpected(ok.error());
  }
  auto id = RequiredString(table, "id", p.line, "this [[provision]]", report);
  if (!id) return std::unexpected(id.error());
  p.id = *id;
  for (char c : p.id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return report.At(LineOf(*table.get("id")),
                       Message("provision id '{}' may use only a-z, 0-9 and '-'", p.id));
    }
  }
  const std::string where = fmt::format("provision '{}'", p.id);
  auto title = RequiredString(table, "title", p.line, where, report);
  if (!title) return std::unexpected(title.error());
  p.title = *title;

  const toml::node* source_node = table.get("source");
  if (source_node == nullptr || source_node->as_table() == nullptr) {
    return report.At(source_node ? LineOf(*source_node) : p.line,
                     Message("{} needs source = {{ authority = \"...\", date = \"...\", "
                             "reference = \"...\" }}: who decided, when, and where it is "
                             "written or reported",
                             where));
  }
  const toml::table& source = *source_node->as_table();
  if (auto ok = CheckKeys(source, kSourceKeys, "a source", report); !ok) {
    return std::unexpected(ok.error());
  }
  const int64_t source_line = LineOf(*source_node);
  auto authority = RequiredString(source, "authority", source_line, where + "'s source", report);
  if (!authority) return std::unexpected(authority.error());
  auto source_date = RequiredString(source, "date", source_line, where + "'s source", report);
  if (!source_date) return std::unexpected(source_date.error());
  auto reference = RequiredString(source, "reference", source_line, where + "'s source", report);
  if (!reference) return std::unexpected(reference.error());
  p.source = Source{*authority, *source_date, *reference};
  p.citation = p.source.Cite();

  auto effect_name = RequiredString(table, "effect", p.line, where, report);
  if (!effect_name) return std::unexpected(effect_name.error());
  auto effect = ParseEffect(*effect_name);
  if (!effect) {
    return report.At(LineOf(*table.get("effect")),
                     Message("unknown effect '{}'; use one of: lawful_stay, tolerated, "
                             "removal_order, no_protection, information, entry_requirement",
                             *effect_name));
  }
  p.effect = *effect;
  p.context = p.effect == Effect::kEntryRequirement ? Context::kEntry : Context::kStay;
  if (const toml::node* node = table.get("context")) {
    const auto* text = node->as_string();
    auto context = text ? ParseContext(text->get()) : std::nullopt;
    if (!context)
      return report.At(LineOf(*node), Message("'context' must be \"stay\" or \"entry\""));
    if (p.effect != Effect::kInformation && *context != p.context) {
      return report.At(LineOf(*node),
                       Message("effect '{}' belongs to context '{}', not '{}'", *effect_name,
                               ToString(p.context), ToString(*context)));
    }
    p.context = *context;
  }

  auto from = OptionalDate(table, "from", report);
  if (!from) return std::unexpected(from.error());
  auto to = OptionalDate(table, "to", report);
  if (!to) return std::unexpected(to.error());
  p.from = *from;
  p.to = *to;
  if (p.from && p.to && *p.to < *p.from) {
    return report.At(LineOf(*table.get("to")),
                     Message("dates out of order: {} ends on {} before it starts on {}", where,
                             p.to->ToIso(), p.from->ToIso()));
  }

  const toml::node* documents = table.get("documents");
  const bool stay_effect = p.effect == Effect::kLawfulStay || p.effect == Effect::kTolerated ||
                           p.effect == Effect::kRemovalOrder || p.effect == Effect::kNoProtection;
  if (stay_effect) {
    if (documents == nullptr) {
      return report.At(p.line, Message("{} ({}) needs documents = [...]: whom it concerns", where,
                                       *effect_name));
    }
    auto mask = DocumentList(*documents, "documents", p.effect != Effect::kLawfulStay, report);
    if (!mask) return std::unexpected(mask.error());
    p.documents = *mask;
  } else if (documents != nullptr && p.effect == Effect::kInformation) {
    // Optional here: shown only to holders of these documents.
    auto mask = DocumentList(*documents, "documents", true, report);
    if (!mask) return std::unexpected(mask.error());
    p.documents = *mask;
  } else if (documents != nullptr) {
    return report.At(LineOf(*documents),
                     Message("effect '{}' does not take 'documents'", *effect_name));
  }

  if (const toml::node* node = table.get("requires_unexpired")) {
    const auto* flag = node->as_boolean();
    if (flag == nullptr)
      return report.At(LineOf(*node), Message("'requires_unexpired' must be true or false"));
    if (p.effect != Effect::kLawfulStay && p.effect != Effect::kEntryRequirement) {
      return report.At(
          LineOf(*node),
          Message("'requires_unexpired' applies only to lawful_stay and entry_requirement"));
    }
    p.requires_unexpired = flag->get();
  }

  auto leave_by = OptionalDate(table, "leave_by", report);
  if (!leave_by) return std::unexpected(leave_by.error());
  auto removal_from = OptionalDate(table, "removal_from", report);
  if (!removal_from) return std::unexpected(removal_from.error());
  if (p.effect == Effect::kRemovalOrder) {
    if (!p.from || !*leave_by || !*removal_from) {
      return report.At(p.line, Message("removal order {} needs from (the day it was "
                                       "announced), leave_by and removal_from",
                                       where));
    }
    p.leave_by = *leave_by;
    p.removal_from = *removal_from;
    if (*p.leave_by < *p.from) {
      return report.At(LineOf(*table.get("leave_by")),
                       Message("dates out of order: leave_by {} is before the order was "
                               "announced (from = {})",
                               p.leave_by->ToIso(), p.from->ToIso()));
    }
    if (*p.removal_from <= *p.leave_by) {
      return report.At(LineOf(*table.get("removal_from")),
                       Message("dates out of order: removal_from {} must come after leave_by {}",
                               p.removal_from->ToIso(), p.leave_by->ToIso()));
    }
    if (p.to && *p.to < *p.removal_from) {
      return report.At(LineOf(*table.get("to")),
                       Message("dates out of order: the order ends ({}) before removals start ({})",
                               p.to->ToIso(), p.removal_from->ToIso()));
    }
  } else if (*leave_by || *removal_from) {
    return report.At(LineOf(*table.get(*leave_by ? "leave_by" : "removal_from")),
                     Message("'leave_by' and 'removal_from' belong only to a removal_order"));
  }

  const toml::node* requires_node = table.get("requires");
  if (p.effect == Effect::kEntryRequirement) {
    const auto* sets = requires_node ? requires_node->as_array() : nullptr;
    if (sets == nullptr || sets->empty()) {
      return report.At(requires_node ? LineOf(*requires_node) : p.line,
                       Message("entry requirement {} needs requires = [[\"passport\", "
                               "\"visa\"]]: a list of document sets, any one of which admits",
                               where));
    }
    for (const toml::node& set : *sets) {
      auto mask = DocumentList(set, "requires", false, report);
      if (!mask) return std::unexpected(mask.error());
      p.requires_any.push_back(*mask);
    }
  } else if (requires_node != nullptr) {
    return report.At(LineOf(*requires_node),
                     Message("'requires' belongs only to an entry_requirement"));
  }

  const toml::node* statuses = table.get("for_statuses");
  if (p.effect == Effect::kInformation) {
    if (statuses == nullptr) {
      return report.At(p.line, Message("information {} needs for_statuses = [...]: the "
                                       "statuses it is shown for",
                                       where));
    }
    auto names = StringList(*statuses, "for_statuses", report);
    if (!names) return std::unexpected(names.error());
    for (const std::string& name : *names) {
      auto status = ParseLegalStatus(name);
      if (!status) {
        return report.At(LineOf(*statuses),
                         Message("unknown status '{}'; use one of: lawful, tolerated, "
                                 "removal_announced, removal_in_force, admissible, inadmissible",
                                 name));
      }
      p.for_statuses.push_back(*status);
    }
    if (p.for_statuses.empty())
      return report.At(LineOf(*statuses), Message("'for_statuses' is empty"));
  } else if (statuses != nullptr) {
    return report.At(LineOf(*statuses),
                     Message("'for_statuses' belongs only to an information provision"));
  }

  auto explanation = RequiredString(table, "explanation", p.line, where, report);
  if (!explanation) return std::unexpected(explanation.error());
  p.explanation = *explanation;
  auto differ = OptionalString(table, "sources_differ", report);
  if (!differ) return std::unexpected(differ.error());
  p.sources_differ = *differ;
  if (const toml::node* node = table.get("next_steps")) {
    auto steps = StringList(*node, "next_steps", report);
    if (!steps) return std::unexpected(steps.error());
    p.next_steps = std::move(*steps);
  }
  if (const toml::node* node = table.get("text")) {
    if (auto ok = ParseTranslations(*node, where, report, p); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return p;
}

// The days two provisions are both in force, if any.
std::optional<std::pair<std::optional<Date>, std::optional<Date>>> CommonDays(const Provision& a,
                                                                              const Provision& b) {
  std::optional<Date> lo = a.from;
  if (b.from && (!lo || *lo < *b.from)) lo = b.from;
  std::optional<Date> hi = a.to;
  if (b.to && (!hi || *b.to < *hi)) hi = b.to;
  if (lo && hi && *hi < *lo) return std::nullopt;
  return std::pair{lo, hi};
}

bool DecidesStay(const Provision& p) {
  return p.effect == Effect::kLawfulStay || p.effect == Effect::kTolerated ||
         p.effect == Effect::kRemovalOrder;
}

// A lawful stay that holds only while the document is unexpired leaves room
// for another provision on the days it has expired.
bool Conditional(const Provision& p) {
  return p.effect == Effect::kLawfulStay && p.requires_unexpired;
}

sanad::Status CheckConflicts(const std::vector<Provision>& provisions, const Reporter& report) {
  for (size_t j = 0; j < provisions.size(); ++j) {
    const Provision& b = provisions[j];
    for (size_t i = 0; i < j; ++i) {
      const Provision& a = provisions[i];
      if (a.id == b.id) {
        return report.At(
            b.line, Message("duplicate provision id '{}' (first used at line {})", b.id, a.line));
      }
      auto days = CommonDays(a, b);
      if (!days) continue;
      const std::string span = fmt::format("from {} to {}", DescribeDay(days->first, "the start"),
                                           DescribeDay(days->second, "no end date"));
      if (a.effect == Effect::kEntryRequirement && b.effect == Effect::kEntryRequirement) {
        return report.At(b.line,
                         Message("provision '{}' overlaps provision '{}' (line {}): two entry "
                                 "requirements are in force {}; end one the day before the "
                                 "other starts",
                                 b.id, a.id, a.line, span));
      }
      if (!DecidesStay(a) || !DecidesStay(b)) continue;
      const DocumentMask shared = a.documents & b.documents;
      if (shared == 0) continue;
      if (a.effect == b.effect) {
        return report.At(
            b.line, Message("provision '{}' overlaps provision '{}' (line {}): "
                            "both are {} for {} {}; end one the day before the "
                            "other starts, or merge them",
                            b.id, a.id, a.line, ToString(a.effect), DescribeMask(shared), span));
      }
      if (Conditional(a) || Conditional(b)) continue;
      return report.At(b.line, Message("provision '{}' contradicts provision '{}' (line {}): "
                                       "one is {}, the other {}, for {} {}; a document can "
                                       "have only one standing on a day",
                                       b.id, a.id, a.line, ToString(b.effect), ToString(a.effect),
                                       DescribeMask(shared), span));
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(Context value) { return NameOf(kContextNames, value); }
std::string_view ToString(Effect value) { return NameOf(kEffectNames, value); }
std::string_view ToString(LegalStatus value) { return NameOf(kStatusNames, value); }
std::optional<Context> ParseContext(std::string_view text) { return ValueOf(kContextNames, text); }
std::optional<Effect> ParseEffect(std::string_view text) { return ValueOf(kEffectNames, text); }
std::optional<LegalStatus> ParseLegalStatus(std::string_view text) {
  return ValueOf(kStatusNames, text);
}

std::string Source::Cite() const {
  std::string out = authority;
  if (!date.empty()) out += ", " + date;
  if (!reference.empty()) out += " (" + reference + ")";
  return out;
}

ProvisionTextView Provision::TextIn(std::string_view language) const {
  if (auto it = translations.find(language); it != translations.end()) {
    const ProvisionText& t = it->second;
    return {it->first, t.title, t.explanation, t.sources_differ, t.next_steps};
  }
  return {"en", title, explanation, sources_differ, next_steps};
}

std::vector<std::string_view> Provision::MissingLanguages() const {
  std::vector<std::string_view> out;
  for (std::string_view language : kTranslationLanguages) {
    if (!translations.contains(language)) out.push_back(language);
  }
  return out;
}

const Provision* Policy::Find(std::string_view provision_id) const {
  for (const Provision& p : provisions) {
    if (p.id == provision_id) return &p;
  }
  return nullptr;
}

Result<Policy> LoadPolicy(std::string_view text, std::string_view file_name) {
  const Reporter report(file_name);
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    return report.At(static_cast<int64_t>(e.source().begin.line),
                     Message("not valid TOML: {}", e.description()));
  }
  Policy policy;
  policy.file_name = std::string(file_name);
  for (const auto& [key, node] : root) {
    if (key.str() != "policy" && key.str() != "provision") {
      return report.At(LineOf(node), Message("unknown top-level key '{}'; a policy file has "
                                             "one [policy] table and [[provision]] tables",
                                             key.str()));
    }
  }
  const toml::table* header = root["policy"].as_table();
  if (header == nullptr) {
    return report.At(
        1, Message("no [policy] table; start the file with [policy] and its id and title"));
  }
  if (auto ok = CheckKeys(*header, kPolicyKeys, "[policy]", report); !ok) {
    return std::unexpected(ok.error());
  }
  auto id = RequiredString(*header, "id", LineOf(*header), "[policy]", report);
  if (!id) return std::unexpected(id.error());
  auto title = RequiredString(*header, "title", LineOf(*header), "[policy]", report);
  if (!title) return std::unexpected(title.error());
  auto jurisdiction = OptionalString(*header, "jurisdiction", report);
  if (!jurisdiction) return std::unexpected(jurisdiction.error());
  auto version = OptionalString(*header, "version", report);
  if (!version) return std::unexpected(version.error());
  policy.id = *id;
  policy.title = *title;
  policy.jurisdiction = *jurisdiction;
  policy.version = *version;

  const toml::node* list = root.get("provision");
  const toml::array* provisions = list ? list->as_array() : nullptr;
  if (provisions == nullptr || provisions->empty()) {
    return report.At(list ? LineOf(*list) : 1,
                     Message("no provisions; add at least one [[provision]] table"));
  }
  for (const toml::node& node : *provisions) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      return report.At(LineOf(node), Message("each provision must be a [[provision]] table"));
    }
    auto provision = ParseProvision(*table, report);
    if (!provision) return std::unexpected(provision.error());
    policy.provisions.push_back(std::move(*provision));
  }
  if (auto ok = CheckConflicts(policy.provisions, report); !ok) {
    return std::unexpected(ok.error());
  }
  return policy;
}

Result<Policy> LoadShippedPolicy() { return LoadPolicy(ShippedPolicyText(), ShippedPolicyName()); }

}  // namespace sanad::policy
