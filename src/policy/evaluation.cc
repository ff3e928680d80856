// Evaluating a person's documents on a date.
//
// Idea (stay): each document the person holds, or the pseudo-document "no
// documents" when they hold none, gets a standing from the provisions in force
// that day, in this order of precedence:
//   1. a lawful_stay provision naming its type (and, where the provision
//      requires it, the document's printed date not passed) -> lawful;
//   2. a tolerated provision naming its type -> tolerated;
//   3. a removal_order naming its type -> removal_announced up to and
//      including leave_by, removal_in_force after it;
//   4. nothing names it -> tolerated (no order concerns the person).
// The person's status is the most protective standing of their documents
// (lawful > tolerated > removal_announced > removal_in_force; between two
// orders the later deadline), and the answer names that document.
// The validator guarantees at most one unconditional provision decides a
// document type on a day, so the order of provisions in the file never changes
// an answer.
//
// Idea (entry): the entry_requirement in force lists document sets; the person
// is admissible when they hold every document of one set (unexpired where the
// provision requires it). Otherwise the set with fewest gaps names what is
// missing.
//
// Timeline: a status can change only on a day some provision starts or ends,
// a deadline passes or a document expires; the timeline evaluates once per
// such boundary and merges neighbouring stretches with the same grounds.
//
// Cost: StatusOn is O(documents x provisions) with no allocation (tens of
// nanoseconds for the shipped policy). Evaluate adds the explanation strings
// and a 30-day look-ahead for warnings. Timeline is O(boundaries x documents x
// provisions).
#include "policy/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/translation.h"

namespace sanad::policy {
namespace {

// A date printed YYYY-MM-DD straight into a fmt buffer (Date::ToIso
// allocates a string each time; Evaluate prints several dates).
struct Iso {
  Date date;
};

}  // namespace
}  // namespace sanad::policy

template <>
struct fmt::formatter<sanad::policy::Iso> : fmt::formatter<std::string_view> {
  auto format(const sanad::policy::Iso& iso, fmt::format_context& ctx) const {
    const sanad::Date& d = iso.date;  // years 1900..2100, as Date guarantees
    const char text[10] = {static_cast<char>('0' + d.year / 1000),
                           static_cast<char>('0' + d.year / 100 % 10),
                           static_cast<char>('0' + d.year / 10 % 10),
                           static_cast<char>('0' + d.year % 10),
                           '-',
                           static_cast<char>('0' + d.month / 10),
                           static_cast<char>('0' + d.month % 10),
                           '-',
                           static_cast<char>('0' + d.day / 10),
                           static_cast<char>('0' + d.day % 10)};
    return std::copy(text, text + 10, ctx.out());
  }
};

namespace sanad::policy {
namespace {

constexpr int kNoProvision = -1;

// The standing of one document (or of "no documents") on a day.
struct Standing {
  LegalStatus status = LegalStatus::kTolerated;
  int provision = kNoProvision;  // index of the deciding provision
  int document = kNoProvision;   // index into the person's documents; -1 = no documents
};

int Rank(LegalStatus status) {
  switch (status) {
    case LegalStatus::kLawful:
    case LegalStatus::kAdmissible:
      return 0;
    case LegalStatus::kTolerated:
      return 1;
    case LegalStatus::kRemovalAnnounced:
      return 2;
    case LegalStatus::kRemovalInForce:
    case LegalStatus::kInadmissible:
      return 3;
  }
  return 3;
}

bool Unexpired(const HeldDocument& document, Date date) {
  return !document.valid_until || date <= *document.valid_until;
}

Standing StandingOf(const Policy& policy, DocumentMask bit, const HeldDocument* document,
                    Date date) {
  int tolerated = kNoProvision;
  int order = kNoProvision;
  const auto& provisions = policy.provisions;
  for (size_t i = 0; i < provisions.size(); ++i) {
    const Provision& p = provisions[i];
    if ((p.documents & bit) == 0 || !p.InForce(date)) continue;
    switch (p.effect) {
      case Effect::kLawfulStay:
        if (!p.requires_unexpired || document == nullptr || Unexpired(*document, date)) {
          return {LegalStatus::kLawful, static_cast<int>(i), kNoProvision};
        }
        break;
      case Effect::kTolerated:
        tolerated = static_cast<int>(i);
        break;
      case Effect::kRemovalOrder:
        order = static_cast<int>(i);
        break;
      default:
        break;
    }
  }
  if (tolerated != kNoProvision) return {LegalStatus::kTolerated, tolerated, kNoProvision};
  if (order != kNoProvision) {
    const Provision& p = provisions[static_cast<size_t>(order)];
    return {date <= *p.leave_by ? LegalStatus::kRemovalAnnounced : LegalStatus::kRemovalInForce,
            order, kNoProvision};
  }
  return {LegalStatus::kTolerated, kNoProvision, kNoProvision};
}

// True when `a` protects more than `b`.
bool MoreProtective(const Policy& policy, const Standing& a, const Standing& b) {
  if (Rank(a.status) != Rank(b.status)) return Rank(a.status) < Rank(b.status);
  // Between two orders the later deadline: more time, and the newer order.
  if (a.status == LegalStatus::kRemovalAnnounced || a.status == LegalStatus::kRemovalInForce) {
    const Date a_deadline = *policy.provisions[static_cast<size_t>(a.provision)].leave_by;
    const Date b_deadline = *policy.provisions[static_cast<size_t>(b.provision)].leave_by;
    return b_deadline < a_deadline;
  }
  // A tolerance the policy states beats one by silence: it can be cited.
  return a.provision != kNoProvision && b.provision == kNoProvision;
}

Standing DecideStay(const Policy& policy, const std::vector<HeldDocument>& documents, Date date) {
  if (documents.empty()) {
    Standing s = StandingOf(policy, kNoDocumentsMask, nullptr, date);
    s.document = kNoProvision;
    return s;
  }
  Standing best;
  for (size_t d = 0; d < documents.size(); ++d) {
    Standing s = StandingOf(policy, MaskOf(documents[d].type), &documents[d], date);
    s.document = static_cast<int>(d);
    if (d == 0 || MoreProtective(policy, s, best)) best = s;
  }
  return best;
}

// Entry: the requirement in force and the best set.
struct EntryDecision {
  int provision = kNoProvision;
  bool admissible = false;
  DocumentMask satisfied_set = 0;  // the set held in full
  DocumentMask missing = 0;        // of the closest set
};

EntryDecision DecideEntry(const Policy& policy, const std::vector<HeldDocument>& documents,
                          Date date) {
  EntryDecision out;
  const auto& provisions = policy.provisions;
  for (size_t i = 0; i < provisions.size(); ++i) {
    const Provision& p = provisions[i];
    if (p.effect != Effect::kEntryRequirement || !p.InForce(date)) continue;
    out.provision = static_cast<int>(i);
    DocumentMask valid = 0;
    for (const HeldDocument& d : documents) {
      if (!p.requires_unexpired || Unexpired(d, date)) valid |= MaskOf(d.type);
    }
    int fewest = 64;
    for (DocumentMask set : p.requires_any) {
      const DocumentMask missing = set & ~valid;
      if (missing == 0) {
        out.admissible = true;
        out.satisfied_set = set;
        out.missing = 0;
        return out;
      }
      const int gaps = std::popcount(missing);
      if (gaps < fewest) {
        fewest = gaps;
        out.missing = missing;
      }
    }
    return out;
  }
  return out;
}

std::vector<DocumentType> TypesOf(DocumentMask mask) {
  std::vector<DocumentType> out;
  for (int bit = 0; bit < kNoDocumentsBit; ++bit) {
    if ((mask & (DocumentMask{1} << bit)) != 0) out.push_back(static_cast<DocumentType>(bit));
  }
  return out;
}

// "passport and visa"; each document named in the sentence's language.
Message AllOf(const std::vector<DocumentType>& types) {
  if (types.empty()) return Message::Verbatim("");
  Message out = DocumentName(types.front());
  for (size_t i = 1; i < types.size(); ++i) out = Message("{} and {}", out, DocumentName(types[i]));
  return out;
}

// What an entry requirement asks for: "Tazkira, or e-Tazkira", "passport
// and visa (not expired)".
Message Options(const Provision& p) {
  Message out = AllOf(TypesOf(p.requires_any.front()));
  for (size_t i = 1; i < p.requires_any.size(); ++i) {
    out = Message("{}, or {}", out, AllOf(TypesOf(p.requires_any[i])));
  }
  return p.requires_unexpired ? Message("{} (not expired)", out) : out;
}

// Whom an answer is about: "a person holding an Afghan Citizen Card (ACC)",
// "a person without documents".
Message Holders(const std::vector<HeldDocument>& documents, int document) {
  if (document < 0) return Message("a person without documents");
  const DocumentType type = documents[static_cast<size_t>(document)].type;
  const bool vowel =
      std::string_view("AEIOaeio").find(DocumentLabel(type).front()) != std::string_view::npos;
  return vowel ? Message("a person holding an {}", DocumentName(type))
               : Message("a person holding a {}", DocumentName(type));
}

// A status as a sentence names it: "removal in force".
Message StatusName(LegalStatus status) {
  switch (status) {
    case LegalStatus::kLawful:
      return Message("lawful");
    case LegalStatus::kTolerated:
      return Message("tolerated");
    case LegalStatus::kRemovalAnnounced:
      return Message("removal announced");
    case LegalStatus::kRemovalInForce:
      return Message("removal in force");
    case LegalStatus::kAdmissible:
      return Message("admissible");
    case LegalStatus::kInadmissible:
      return Message("inadmissible");
  }
  return Message("unknown");
}

// A provision's title in `language` (English where the file has no
// translation), quoted in a sentence.
std::string Title(const Provision& p, std::string_view language) {
  return std::string(p.TextIn(language).title);
}

// Status, grounds and the provisions cited: everything but warnings.
struct Decision {
  LegalStatus status = LegalStatus::kTolerated;
  Sentence reason;
  std::vector<int> provisions;  // indices, ascending
  std::vector<DocumentType> deciding;
  std::vector<DocumentType> missing;
  bool entry_rule_missing = false;
};

Decision Decide(const Policy& policy, const std::vector<HeldDocument>& documents, Date date,
                Context context) {
  Decision out;
  const auto& provisions = policy.provisions;
  DocumentMask held = documents.empty() ? kNoDocumentsMask : 0;
  for (const HeldDocument& d : documents) held |= MaskOf(d.type);
  if (context == Context::kEntry) {
    const EntryDecision entry = DecideEntry(policy, documents, date);
    if (entry.provision == kNoProvision) {
      out.status = LegalStatus::kInadmissible;
      out.entry_rule_missing = true;
      out.reason = Sentence(Message("No entry requirement in the policy covers {}.", Iso{date}));
    } else {
      const Provision* p = &provisions[static_cast<size_t>(entry.provision)];
      out.provisions.push_back(entry.provision);
      if (entry.admissible) {
        out.status = LegalStatus::kAdmissible;
        out.deciding = TypesOf(entry.satisfied_set);
        out.reason = Sentence([p, held_set = out.deciding](std::string_view language) {
          return Message("Entry requires {} under \"{}\" [{}]; the person holds {}.", Options(*p),
                         Title(*p, language), p->id, AllOf(held_set));
        });
      } else {
        out.status = LegalStatus::kInadmissible;
        out.missing = TypesOf(entry.missing);
        out.reason = Sentence([p, missing = out.missing](std::string_view language) {
          return Message("Entry requires {} under \"{}\" [{}]; missing or expired: {}.",
                         Options(*p), Title(*p, language), p->id, AllOf(missing));
        });
      }
    }
  } else {
    const Standing s = DecideStay(policy, documents, date);
    out.status = s.status;
    if (s.document >= 0) out.deciding.push_back(documents[static_cast<size_t>(s.document)].type);
    const Message who = Holders(documents, s.document);
    if (s.provision == kNoProvision) {
      out.reason = Sentence(Message("No removal order in the policy concerns {}.", who));
    } else {
      const Provision* p = &provisions[static_cast<size_t>(s.provision)];
      out.provisions.push_back(s.provision);
      switch (s.status) {
        case LegalStatus::kLawful:
          out.reason = Sentence([p, type = out.deciding.front()](std::string_view language) {
            return Message("The {} gives lawful stay under \"{}\" [{}].", DocumentName(type),
                           Title(*p, language), p->id);
          });
          break;
        case LegalStatus::kTolerated:
          out.reason = Sentence([p, who](std::string_view language) {
            return Message("No removal order concerns {}: \"{}\" [{}].", who, Title(*p, language),
                           p->id);
          });
          break;
        case LegalStatus::kRemovalAnnounced:
          out.reason = Sentence([p, who](std::string_view language) {
            return Message("The order \"{}\" [{}] concerns {}: leave by {}; removals from {}.",
                           Title(*p, language), p->id, who, Iso{*p->leave_by},
                           Iso{*p->removal_from});
          });
          break;
        default:
          out.reason = Sentence([p, who](std::string_view language) {
            return Message(
                "The order \"{}\" [{}] concerns {}: the deadline to leave ({}) has passed; "
                "removals from {}.",
                Title(*p, language), p->id, who, Iso{*p->leave_by}, Iso{*p->removal_from});
          });
          break;
      }
    }
    // Documents the policy says give no protection are cited so the family
    // hears why they did not help.
    for (size_t i = 0; i < provisions.size(); ++i) {
      const Provision& p = provisions[i];
      if (p.effect == Effect::kNoProtection && (p.documents & held) != 0 && p.InForce(date)) {
        out.provisions.push_back(static_cast<int>(i));
      }
    }
  }
  for (size_t i = 0; i < provisions.size(); ++i) {
    const Provision& p = provisions[i];
    if (p.effect == Effect::kInformation && p.context == context && p.InForce(date) &&
        (p.documents == 0 || (p.documents & held) != 0) &&
        std::find(p.for_statuses.begin(), p.for_statuses.end(), out.status) !=
            p.for_statuses.end()) {
      out.provisions.push_back(static_cast<int>(i));
    }
  }
  std::sort(out.provisions.begin(), out.provisions.end());
  return out;
}

// What to do when no provision cited has advice of its own.
Message DefaultNextStep(LegalStatus status) {
  switch (status) {
    case LegalStatus::kLawful:
      return Message("Carry the document that gives lawful stay, or a clear copy, at all times.");
    case LegalStatus::kTolerated:
      return Message(
          "Keep every document, even expired ones, and copies of them: the status can change "
          "when a new order is announced. Check again then.");
    case LegalStatus::kRemovalAnnounced:
      return Message(
          "Before the deadline, talk to a legal-aid partner about the family's options.");
    case LegalStatus::kRemovalInForce:
      return Message(
          "If the person is detained, call the legal-aid hotline and record the incident.");
    case LegalStatus::kAdmissible:
      return Message("Carry the documents that admit the person when travelling.");
    case LegalStatus::kInadmissible:
      return Message("Do not travel until the missing documents are obtained.");
  }
  return Message("Ask a legal adviser.");
}

// A provision's next step, said from the policy file's text in the language
// asked.
Sentence ProvisionStep(const Provision& p, size_t index) {
  return Sentence([p = &p, index](std::string_view language) {
    return Message::Verbatim(p->TextIn(language).next_steps[index]);
  });
}

AppliedProvision Cite(const Provision& p) {
  return {p.id, p.title, p.citation, p.explanation, p.sources_differ, &p};
}

void AddOnce(std::vector<Sentence>& list, Sentence text) {
  if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
}

// The first day after `after` on which some provision of `context` starts
// or ends, a deadline passes or a document expires; nullopt when none does.
// No allocation: Evaluate calls it for its look-ahead.
std::optional<Date> NextBoundary(const Policy& policy, const std::vector<HeldDocument>& documents,
                                 Date after, Context context) {
  // Starts and ends are tracked apart, so only the earliest end is converted
  // to the day after it (the conversion is the costly part).
  std::optional<Date> first_start;  // a day that is itself a boundary
  std::optional<Date> first_end;    // a day whose next day is a boundary
  auto starts = [&](const std::optional<Date>& day) {
    if (day && after < *day && (!first_start || *day < *first_start)) first_start = *day;
  };
  auto ends = [&](const std::optional<Date>& day) {
    if (day && after <= *day && (!first_end || *day < *first_end)) first_end = *day;
  };
  for (const Provision& p : policy.provisions) {
    if (p.context != context) continue;
    starts(p.from);
    ends(p.to);
    ends(p.leave_by);
  }
  for (const HeldDocument& d : documents) ends(d.valid_until);
  if (!first_end) return first_start;
  if (first_start && *first_start <= *first_end) return first_start;
  const Date after_end = first_end->AddDays(1);
  return first_start && *first_start < after_end ? first_start : after_end;
}

}  // namespace

// A document's name as a family would say it, to be translated: the same
// words as DocumentLabel.
Message DocumentName(DocumentType type) {
  switch (type) {
    case DocumentType::kTazkira:
      return Message("Tazkira");
    case DocumentType::kETazkira:
      return Message("e-Tazkira");
    case DocumentType::kPorCard:
      return Message("PoR card");
    case DocumentType::kAcc:
      return Message("Afghan Citizen Card (ACC)");
    case DocumentType::kPassport:
      return Message("passport");
    case DocumentType::kVisa:
      return Message("visa");
    case DocumentType::kUnhcrAsylumCertificate:
      return Message("UNHCR asylum certificate");
    case DocumentType::kVrf:
      return Message("voluntary repatriation form (VRF)");
    case DocumentType::kOther:
      return Message("other document");
  }
  return Message("document");
}

std::string_view DocumentLabel(DocumentType type) {
  switch (type) {
    case DocumentType::kTazkira:
      return "Tazkira";
    case DocumentType::kETazkira:
      return "e-Tazkira";
    case DocumentType::kPorCard:
      return "PoR card";
    case DocumentType::kAcc:
      return "Afghan Citizen Card (ACC)";
    case DocumentType::kPassport:
      return "passport";
    case DocumentType::kVisa:
      return "visa";
    case DocumentType::kUnhcrAsylumCertificate:
      return "UNHCR asylum certificate";
    case DocumentType::kVrf:
      return "voluntary repatriation form (VRF)";
    case DocumentType::kOther:
      return "other document";
  }
  return "document";
}

// The status descriptions by language: en, ps, fa-AF, ur; each begins with
// the status's name as the web app says it (web/src/i18n, status.value.*).
constexpr std::string_view kLanguageOrder[] = {"en", "ps", "fa-AF", "ur"};
constexpr std::string_view kDescriptions[][4] = {
    {"lawful: the person may stay in Pakistan lawfully on this date",
     "قانوني اوسېدنه: دا کس په دې نېټه په پاکستان کې په قانوني ډول اوسېدای شي",
     "اقامت قانونی: این شخص در این تاریخ می‌تواند به‌طور قانونی "
     "در "
     "پاکستان "
     "بماند",
     "قانونی قیام: یہ فرد اس تاریخ کو پاکستان میں قانونی طور پر رہ سکتا ہے"},
    {"tolerated: no lawful status, but no removal order concerns the person on this date",
     "زغمل شوی: قانوني حالت نشته، خو په دې نېټه د ایستلو هېڅ امر دې کس ته نه راجع کېږي",
     "تحمل‌شده: وضعیت قانونی ندارد، ولی در این تاریخ هیچ حکم اخراجی شامل "
     "این "
     "شخص "
     "نیست",
     "برداشت شدہ: قانونی حیثیت نہیں، مگر اس تاریخ کو بے دخلی کا کوئی حکم اس فرد پر لاگو نہیں"},
    {"removal announced: an order to leave concerns the person and its deadline has not passed",
     "د ایستلو اعلان شوی: د وتلو امر دې کس ته راجع کېږي او وروستۍ نېټه یې لا نه ده تېره شوې",
     "اخراج اعلام شده: حکم خروج شامل این شخص است و مهلت آن هنوز نگذشته است",
     "بے دخلی کا اعلان ہو چکا: نکلنے کا حکم اس فرد پر لاگو ہے اور اس کی آخری تاریخ ابھی نہیں "
     "گزری"},
    {"removal in force: an order to leave concerns the person and its deadline has passed; they "
     "risk arrest and deportation",
     "ایستل نافذ دي: د وتلو امر دې کس ته راجع کېږي او وروستۍ نېټه یې تېره شوې؛ د نیول کېدو او "
     "شړل کېدو خطر شته",
     "اخراج نافذ است: حکم خروج شامل این شخص است و مهلت آن گذشته است؛ خطر بازداشت و اخراج وجود "
     "دارد",
     "بے دخلی نافذ ہے: نکلنے کا حکم اس فرد پر لاگو ہے اور اس کی آخری تاریخ گزر چکی؛ گرفتاری اور "
     "ملک بدری کا خطرہ ہے"},
    {"admissible: the person holds what entry to Pakistan requires on this date",
     "ننوتلی شي: دا کس په دې نېټه هغه اسناد لري چې پاکستان ته د ننوتلو لپاره اړین دي",
     "می‌تواند وارد شود: این شخص در این تاریخ اسنادی را دارد که برای ورود به "
     "پاکستان "
     "لازم "
     "است",
     "داخل ہو سکتا ہے: اس فرد کے پاس اس تاریخ کو پاکستان میں داخلے کے لیے درکار دستاویزات ہیں"},
    {"inadmissible: the person lacks what entry to Pakistan requires on this date",
     "نه شي ننوتلی: دا کس په دې نېټه هغه اسناد نه لري چې پاکستان ته د ننوتلو لپاره اړین دي",
     "نمی‌تواند وارد شود: این شخص در این تاریخ اسنادی را که برای ورود به پاکستان "
     "لازم "
     "است "
     "ندارد",
     "داخل نہیں ہو سکتا: اس فرد کے پاس اس تاریخ کو پاکستان میں داخلے کے لیے درکار دستاویزات نہیں"},
};

std::string_view Describe(LegalStatus status, std::string_view language) {
  size_t column = 0;
  for (size_t i = 0; i < std::size(kLanguageOrder); ++i) {
    if (kLanguageOrder[i] == language) column = i;
  }
  const auto row = static_cast<size_t>(status);
  if (row >= std::size(kDescriptions)) return "unknown";
  return kDescriptions[row][column];
}

std::vector<HeldDocument> HeldDocumentsOf(const Person& person) {
  std::vector<HeldDocument> out;
  out.reserve(person.documents.size());
  for (const Document& d : person.documents) out.push_back({d.type, d.valid_until});
  return out;
}

LegalStatus StatusOn(const Policy& policy, const std::vector<HeldDocument>& documents, Date date,
                     Context context) {
  if (context == Context::kEntry) {
    return DecideEntry(policy, documents, date).admissible ? LegalStatus::kAdmissible
                                                           : LegalStatus::kInadmissible;
  }
  return DecideStay(policy, documents, date).status;
}

Evaluation Evaluate(const Policy& policy, const std::vector<HeldDocument>& documents, Date date,
                    Context context) {
  Decision decision = Decide(policy, documents, date, context);
  Evaluation out;
  out.date = date;
  out.context = context;
  out.status = decision.status;
  out.reason = std::move(decision.reason);
  out.deciding_documents = std::move(decision.deciding);
  out.missing_documents = std::move(decision.missing);
  out.provisions.reserve(decision.provisions.size());
  for (int index : decision.provisions) {
    const Provision& p = policy.provisions[static_cast<size_t>(index)];
    out.provisions.push_back(Cite(p));
    for (size_t i = 0; i < p.next_steps.size(); ++i) AddOnce(out.next_steps, ProvisionStep(p, i));
  }

  if (decision.entry_rule_missing) {
    out.warnings.emplace_back(Message(
        "The policy \"{}\" has no entry requirement for {}: ask a legal adviser what applies.",
        policy.title, Iso{date}));
  }
  // What changes within the horizon: the first change of status.
  const Date horizon = date.AddDays(kWarningHorizonDays);
  if (auto change = NextStatusChange(policy, documents, date, kWarningHorizonDays, context)) {
    const Decision then = Decide(policy, documents, change->date, context);
    out.warnings.emplace_back(
        [day = change->date, days = change->date.DaysSinceEpoch() - date.DaysSinceEpoch(),
         status = then.status, reason = then.reason](std::string_view language) {
          return Message("From {} (in {} days) the status becomes \"{}\". {}", Iso{day}, days,
                         StatusName(status), reason.In(language));
        });
  }
  for (const HeldDocument& d : documents) {
    if (!d.valid_until) {
      if (d.type == DocumentType::kVisa) {
        out.warnings.emplace_back(
            Message("No expiry date was given for the visa: it counts only while valid. Check "
                    "the date printed on it and check again with the date it is valid until."));
      }
      continue;
    }
    if (*d.valid_until < date) {
      const bool carried = !out.deciding_documents.empty() &&
                           out.deciding_documents.front() == d.type &&
                           out.status == LegalStatus::kLawful;
      if (carried) {
        out.warnings.emplace_back(
            Message("The date printed on the {} ({}) has passed, but it is still recognised on {} "
                    "by the provision cited below. Carry proof of the extension.",
                    DocumentName(d.type), Iso{*d.valid_until}, Iso{date}));
      } else {
        out.warnings.emplace_back(
            Message("The {} expired on {}.", DocumentName(d.type), Iso{*d.valid_until}));
      }
    } else if (*d.valid_until < horizon) {
      out.warnings.emplace_back(Message("The {} expires on {} (in {} days).", DocumentName(d.type),
                                        Iso{*d.valid_until},
                                        d.valid_until->DaysSinceEpoch() - date.DaysSinceEpoch()));
    }
  }
  // Tolerated because nothing names the document any more: say what ended.
  if (context == Context::kStay && out.status == LegalStatus::kTolerated &&
      decision.provisions.empty() && !out.deciding_documents.empty()) {
    const DocumentMask bit = MaskOf(out.deciding_documents.front());
    const Provision* last = nullptr;
    for (const Provision& p : policy.provisions) {
      if (p.effect == Effect::kLawfulStay && (p.documents & bit) != 0 && p.to && *p.to < date &&
          (last == nullptr || *last->to < *p.to)) {
        last = &p;
      }
    }
    if (last != nullptr) {
      out.warnings.emplace_back([last,
                                 type = out.deciding_documents.front()](std::string_view language) {
        return Message(
            "The {} was recognised for lawful stay until {} (\"{}\" [{}], {}); no provision "
            "recognises it now.",
            DocumentName(type), Iso{*last->to}, Title(*last, language), last->id, last->citation);
      });
    }
  }
  if (out.next_steps.empty()) out.next_steps.emplace_back(DefaultNextStep(out.status));
  if (context == Context::kEntry && !out.missing_documents.empty()) {
    Message documents_needed = DocumentName(out.missing_documents.front());
    for (size_t i = 1; i < out.missing_documents.size(); ++i) {
      documents_needed =
          Message("{} and a valid {}", documents_needed, DocumentName(out.missing_documents[i]));
    }
    AddOnce(out.next_steps,
            Sentence(Message("Before travelling, obtain a valid {}.", documents_needed)));
  }
  return out;
}

std::optional<StatusChange> NextStatusChange(const Policy& policy,
                                             const std::vector<HeldDocument>& documents, Date date,
                                             int horizon_days, Context context) {
  const LegalStatus now = StatusOn(policy, documents, date, context);
  const Date horizon = date.AddDays(horizon_days);
  for (auto day = NextBoundary(policy, documents, date, context); day && *day <= horizon;
       day = NextBoundary(policy, documents, *day, context)) {
    const LegalStatus then = StatusOn(policy, documents, *day, context);
    if (then != now) return StatusChange{*day, then};
  }
  return std::nullopt;
}

std::vector<TimelineSegment> Timeline(const Policy& policy,
                                      const std::vector<HeldDocument>& documents, Date from,
                                      Date to, Context context) {
  std::vector<TimelineSegment> out;
  if (to < from) return out;
  for (std::optional<Date> day = from; day && *day <= to;
       day = NextBoundary(policy, documents, *day, context)) {
    const Date start = *day;
    Decision decision = Decide(policy, documents, start, context);
    std::vector<std::string> ids;
    ids.reserve(decision.provisions.size());
    for (int index : decision.provisions) {
      ids.push_back(policy.provisions[static_cast<size_t>(index)].id);
    }
    if (!out.empty() && out.back().status == decision.status && out.back().provision_ids == ids &&
        out.back().deciding_documents == decision.deciding) {
      continue;
    }
    if (!out.empty()) out.back().to = start.AddDays(-1);
    out.push_back({start, to, decision.status, std::move(decision.reason), std::move(ids),
                   std::move(decision.deciding)});
  }
  return out;
}

Sentence::Sentence(Message message)
    : make_([message = std::move(message)](std::string_view) { return message; }) {}

Sentence::Sentence(std::function<Message(std::string_view language)> make)
    : make_(std::move(make)) {}

Message Sentence::In(std::string_view language) const {
  return make_ ? make_(language) : Message::Verbatim("");
}

std::string Sentence::Say(std::string_view language) const {
  return sanad::Say(In(language), language);
}

}  // namespace sanad::policy
