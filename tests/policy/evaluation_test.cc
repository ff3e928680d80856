// Evaluating documents on a date against the shipped policy: the scenario
// table (tests/data/policy/scenarios.csv), warnings, next steps, timelines.
#include "policy/evaluation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../testing/shipped_policy.h"
#include "core/csv.h"

namespace sanad::policy {
namespace {

using sanad::testing::ShippedPolicy;

Date D(std::string_view iso) {
  auto date = Date::ParseIso(iso);
  EXPECT_TRUE(date.has_value()) << iso;
  return date.value_or(Date{});
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    if (word != "-" && word != "none") out.push_back(word);
  }
  return out;
}

// "por_card visa:2024-05-01" -> documents; "none" -> no documents.
std::vector<HeldDocument> Documents(const std::string& text) {
  std::vector<HeldDocument> out;
  for (const std::string& word : Words(text)) {
    const size_t colon = word.find(':');
    auto type = ParseDocumentType(word.substr(0, colon));
    EXPECT_TRUE(type.has_value()) << word;
    HeldDocument d{type.value_or(DocumentType::kOther), std::nullopt};
    if (colon != std::string::npos) d.valid_until = D(word.substr(colon + 1));
    out.push_back(d);
  }
  return out;
}

struct Scenario {
  int64_t line = 0;
  Date date;
  Context context = Context::kStay;
  std::vector<HeldDocument> documents;
  LegalStatus status = LegalStatus::kTolerated;
  std::vector<std::string> deciding;
  std::vector<std::string> provisions;
  std::string why;
};

std::vector<Scenario> ReadScenarios() {
  std::ifstream in(SANAD_POLICY_DATA_DIR "/scenarios.csv", std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string content = buffer.str();
  CsvReader reader(content);
  std::vector<Scenario> out;
  std::vector<std::string> fields;
  bool header = true;
  while (true) {
    auto more = reader.Next(&fields);
    EXPECT_TRUE(more.has_value()) << "scenarios.csv:" << reader.line();
    if (!more || !*more) break;
    if (header) {
      header = false;
      continue;
    }
    if (fields.empty() || fields[0].starts_with("#")) continue;
    EXPECT_EQ(fields.size(), 7u) << "scenarios.csv:" << reader.line();
    if (fields.size() != 7) continue;
    Scenario s;
    s.line = reader.line();
    s.date = D(fields[0]);
    s.context = ParseContext(fields[1]).value_or(Context::kStay);
    s.documents = Documents(fields[2]);
    auto status = ParseLegalStatus(fields[3]);
    EXPECT_TRUE(status.has_value()) << "scenarios.csv:" << reader.line();
    s.status = status.value_or(LegalStatus::kTolerated);
    s.deciding = Words(fields[4]);
    s.provisions = Words(fields[5]);
    s.why = fields[6];
    out.push_back(std::move(s));
  }
  return out;
}

TEST(PolicyScenarios, EachScenarioGetsItsStatusAndProvisions) {
  const std::vector<Scenario> scenarios = ReadScenarios();
  ASSERT_GE(scenarios.size(), 40u);
  for (const Scenario& s : scenarios) {
    SCOPED_TRACE("scenarios.csv:" + std::to_string(s.line) + " " + s.date.ToIso() + ": " + s.why);
    const Evaluation e = Evaluate(ShippedPolicy(), s.documents, s.date, s.context);
    EXPECT_EQ(ToString(e.status), ToString(s.status)) << e.reason.English();
    std::vector<std::string> ids;
    for (const AppliedProvision& p : e.provisions) ids.emplace_back(p.id);
    std::vector<std::string> expected = s.provisions;
    std::sort(ids.begin(), ids.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(ids, expected);
    std::vector<std::string> deciding;
    for (DocumentType t : e.deciding_documents) deciding.emplace_back(ToString(t));
    std::vector<std::string> expected_deciding = s.deciding;
    std::sort(deciding.begin(), deciding.end());
    std::sort(expected_deciding.begin(), expected_deciding.end());
    EXPECT_EQ(deciding, expected_deciding);
    // The fast path agrees, and so does a one-day timeline.
    EXPECT_EQ(StatusOn(ShippedPolicy(), s.documents, s.date, s.context), e.status);
    const auto day = Timeline(ShippedPolicy(), s.documents, s.date, s.date, s.context);
    ASSERT_EQ(day.size(), 1u);
    EXPECT_EQ(day[0].status, e.status);
    EXPECT_FALSE(e.reason.English().empty());
    EXPECT_FALSE(e.next_steps.empty());
  }
}

TEST(PolicyScenarios, CoverBothSidesOfEveryBoundary) {
  // Every date on which a shipped provision starts, ends or a deadline passes
  // appears in the table together with the day on the other side.
  std::vector<Date> dates;
  for (const Scenario& s : ReadScenarios()) dates.push_back(s.date);
  auto has = [&](Date d) { return std::find(dates.begin(), dates.end(), d) != dates.end(); };
  for (const Provision& p : ShippedPolicy().provisions) {
    if (p.effect == Effect::kInformation || p.effect == Effect::kNoProtection) continue;
    SCOPED_TRACE(p.id);
    if (p.from) {
      EXPECT_TRUE(has(*p.from)) << p.from->ToIso();
      EXPECT_TRUE(has(p.from->AddDays(-1))) << p.from->AddDays(-1).ToIso();
    }
    if (p.to) {
      EXPECT_TRUE(has(*p.to)) << p.to->ToIso();
      EXPECT_TRUE(has(p.to->AddDays(1))) << p.to->AddDays(1).ToIso();
    }
    if (p.leave_by) {
      EXPECT_TRUE(has(*p.leave_by)) << p.leave_by->ToIso();
      EXPECT_TRUE(has(*p.removal_from)) << p.removal_from->ToIso();
    }
  }
}

TEST(PolicyEvaluation, ProvisionsNameTheirSource) {
  const Evaluation e =
      Evaluate(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}}, D("2025-08-15"));
  ASSERT_FALSE(e.provisions.empty());
  EXPECT_EQ(e.provisions[0].id, "por-notification-2025");
  EXPECT_NE(e.provisions[0].source.find("2025-07-31"), std::string::npos);
  EXPECT_NE(e.reason.English().find("2025-08-31"), std::string::npos) << e.reason.English();
  EXPECT_FALSE(e.next_steps.empty());
}

TEST(PolicyEvaluation, WarnsWhenProtectionEndsWithin30Days) {
  const Evaluation e =
      Evaluate(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}}, D("2025-06-15"));
  EXPECT_EQ(e.status, LegalStatus::kLawful);
  ASSERT_FALSE(e.warnings.empty());
  EXPECT_NE(
      e.warnings[0].English().find("From 2025-07-01 (in 16 days) the status becomes \"tolerated\""),
      std::string::npos)
      << e.warnings[0].English();
  // Nothing changes within 30 days a year earlier.
  const Evaluation calm =
      Evaluate(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}}, D("2024-09-15"));
  EXPECT_TRUE(calm.warnings.empty()) << calm.warnings.front().English();
}

TEST(PolicyEvaluation, WarnsWhenADocumentExpiresSoon) {
  const Evaluation e =
      Evaluate(ShippedPolicy(), {{DocumentType::kVisa, D("2024-05-10")}}, D("2024-05-01"));
  EXPECT_EQ(e.status, LegalStatus::kLawful);
  bool expiry = false;
  for (const auto& sentence : e.warnings)
    expiry |= sentence.English().find("expires on 2024-05-10 (in 9 days") != std::string::npos;
  EXPECT_TRUE(expiry);
}

TEST(PolicyEvaluation, ExtendedPorCardPastItsPrintedDateSaysSo) {
  const Evaluation e =
      Evaluate(ShippedPolicy(), {{DocumentType::kPorCard, D("2023-06-30")}}, D("2024-02-01"));
  EXPECT_EQ(e.status, LegalStatus::kLawful);
  ASSERT_EQ(e.warnings.size(), 1u);
  EXPECT_NE(e.warnings[0].English().find("still recognised"), std::string::npos)
      << e.warnings[0].English();
}

TEST(PolicyEvaluation, ToleratedPorHolderHearsWhatEnded) {
  const Evaluation e =
      Evaluate(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}}, D("2025-07-10"));
  EXPECT_EQ(e.status, LegalStatus::kTolerated);
  EXPECT_TRUE(e.provisions.empty());
  bool ended = false;
  bool coming = false;
  for (const auto& sentence : e.warnings) {
    const std::string w = sentence.English();
    ended |= w.find("recognised for lawful stay until 2025-06-30") != std::string::npos &&
             w.find("[por-extension-2025]") != std::string::npos;
    coming |= w.find("From 2025-07-31 (in 21 days) the status becomes \"removal announced\"") !=
              std::string::npos;
  }
  EXPECT_TRUE(ended);
  EXPECT_TRUE(coming);
  ASSERT_EQ(e.next_steps.size(), 1u);
  EXPECT_NE(e.next_steps[0].English().find("Keep every document"), std::string::npos);
}

TEST(PolicyEvaluation, EntrySaysWhatIsMissing) {
  const Evaluation e = Evaluate(ShippedPolicy(), {{DocumentType::kPassport, std::nullopt}},
                                D("2024-02-01"), Context::kEntry);
  EXPECT_EQ(e.status, LegalStatus::kInadmissible);
  EXPECT_EQ(e.missing_documents, std::vector<DocumentType>{DocumentType::kVisa});
  ASSERT_FALSE(e.next_steps.empty());
  EXPECT_NE(e.next_steps.back().English().find("obtain a valid visa"), std::string::npos);

  const Evaluation expired =
      Evaluate(ShippedPolicy(),
               {{DocumentType::kPassport, std::nullopt}, {DocumentType::kVisa, D("2024-01-01")}},
               D("2024-02-01"), Context::kEntry);
  EXPECT_EQ(expired.missing_documents, std::vector<DocumentType>{DocumentType::kVisa});
  EXPECT_NE(expired.reason.English().find("missing or expired: visa"), std::string::npos)
      << expired.reason.English();
}

TEST(PolicyEvaluation, HeldDocumentsOfAPerson) {
  Person person;
  person.documents.push_back({DocumentType::kAcc, "123", std::nullopt, std::nullopt});
  person.documents.push_back({DocumentType::kVisa, "V1", std::nullopt, D("2025-01-01")});
  const auto held = HeldDocumentsOf(person);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[1], (HeldDocument{DocumentType::kVisa, D("2025-01-01")}));
}

TEST(PolicyNextStatusChange, FindsTheFirstChangeWithinTheHorizon) {
  const std::vector<HeldDocument> por = {{DocumentType::kPorCard, std::nullopt}};
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), por, D("2025-06-15"), 30),
            (StatusChange{D("2025-07-01"), LegalStatus::kTolerated}));
  // 2025-07-31 is exactly 30 days after 2025-07-01: inside the horizon; not at 29.
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), por, D("2025-07-01"), 30),
            (StatusChange{D("2025-07-31"), LegalStatus::kRemovalAnnounced}));
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), por, D("2025-07-01"), 29), std::nullopt);
  // An extension that keeps the status lawful is not a change.
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), por, D("2023-06-15"), 30), std::nullopt);
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), {}, D("2023-10-01"), 7),
            (StatusChange{D("2023-10-03"), LegalStatus::kRemovalAnnounced}));
  const std::vector<HeldDocument> visa = {{DocumentType::kVisa, D("2024-05-01")}};
  EXPECT_EQ(NextStatusChange(ShippedPolicy(), visa, D("2024-04-20"), 30),
            (StatusChange{D("2024-05-02"), LegalStatus::kRemovalInForce}));
}

TEST(PolicyTimeline, PorCardHolderFrom2023To2025) {
  const auto segments = Timeline(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}},
                                 D("2023-01-01"), D("2025-12-31"));
  struct Expected {
    const char* from;
    const char* to;
    LegalStatus status;
  };
  const std::vector<Expected> expected = {
      {"2023-01-01", "2023-06-30", LegalStatus::kLawful},
      {"2023-07-01", "2023-12-31", LegalStatus::kLawful},
      {"2024-01-01", "2024-06-30", LegalStatus::kLawful},
      {"2024-07-01", "2025-06-30", LegalStatus::kLawful},
      {"2025-07-01", "2025-07-30", LegalStatus::kTolerated},
      {"2025-07-31", "2025-08-31", LegalStatus::kRemovalAnnounced},
      {"2025-09-01", "2025-12-31", LegalStatus::kRemovalInForce},
  };
  ASSERT_EQ(segments.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(segments[i].from, D(expected[i].from));
    EXPECT_EQ(segments[i].to, D(expected[i].to));
    EXPECT_EQ(segments[i].status, expected[i].status);
  }
  EXPECT_EQ(segments[1].provision_ids, std::vector<std::string>{"por-extension-2023"});
}

TEST(PolicyTimeline, MixedFamilyMemberWithAccAndTazkira) {
  const auto segments = Timeline(
      ShippedPolicy(), {{DocumentType::kTazkira, std::nullopt}, {DocumentType::kAcc, std::nullopt}},
      D("2023-10-01"), D("2025-04-30"));
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(segments[0].status, LegalStatus::kTolerated);  // before the plan
  EXPECT_EQ(segments[1].from, D("2023-10-03"));
  EXPECT_EQ(segments[1].provision_ids, std::vector<std::string>{"acc-not-targeted-first-phase"});
  EXPECT_EQ(segments[2].from, D("2025-02-26"));
  EXPECT_EQ(segments[2].status, LegalStatus::kRemovalAnnounced);
  EXPECT_EQ(segments[3].from, D("2025-04-01"));
  EXPECT_EQ(segments[3].status, LegalStatus::kRemovalInForce);
}

TEST(PolicyTimeline, SegmentsTileTheRangeWithoutGaps) {
  const std::vector<std::vector<HeldDocument>> people = {
      {},
      {{DocumentType::kVisa, D("2024-08-01")}},
      {{DocumentType::kPorCard, std::nullopt}, {DocumentType::kAcc, std::nullopt}},
      {{DocumentType::kUnhcrAsylumCertificate, std::nullopt}},
  };
  for (size_t i = 0; i < people.size(); ++i) {
    SCOPED_TRACE(i);
    const auto segments = Timeline(ShippedPolicy(), people[i], D("2021-01-01"), D("2026-12-31"));
    ASSERT_FALSE(segments.empty());
    EXPECT_EQ(segments.front().from, D("2021-01-01"));
    EXPECT_EQ(segments.back().to, D("2026-12-31"));
    for (size_t j = 1; j < segments.size(); ++j) {
      EXPECT_EQ(segments[j].from, segments[j - 1].to.AddDays(1));
    }
    // Each segment's status holds on every day in it (checked day by day).
    for (const auto& s : segments) {
      for (Date d = s.from; d <= s.to; d = d.AddDays(1)) {
        ASSERT_EQ(StatusOn(ShippedPolicy(), people[i], d), s.status) << d.ToIso();
      }
    }
  }
  EXPECT_TRUE(Timeline(ShippedPolicy(), {}, D("2024-01-02"), D("2024-01-01")).empty());
}

}  // namespace
}  // namespace sanad::policy
