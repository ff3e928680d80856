// Loading and validating policy files: the shipped file loads, and every kind
// of bad file is rejected with FILE:LINE: problem.
#include "policy/policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "../testing/files.h"
#include "policy/evaluation.h"

namespace sanad::policy {
namespace {

using sanad::testing::ReadWholeFile;

// A valid two-provision file; tests splice a bad provision after it.
constexpr std::string_view kHeader = R"([policy]
id = "test"
title = "Test policy"

[[provision]]
id = "card-lawful"
title = "Cards valid"
effect = "lawful_stay"
documents = ["por_card"]
from = 2023-01-01
to = 2023-12-31
source = { authority = "Cabinet", date = "2022-12", reference = "Notice 1" }
explanation = "Card holders may stay."
)";
// The appended text starts with a newline: its line k (0-based) is file line kNextLine + k.
constexpr int64_t kNextLine = 14;

TEST(PolicyLoader, ShippedPolicyLoads) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  EXPECT_EQ(policy->id, "pakistan-afghans");
  EXPECT_GE(policy->provisions.size(), 15u);
  for (const Provision& p : policy->provisions) {
    SCOPED_TRACE(p.id);
    EXPECT_FALSE(p.source.authority.empty());
    EXPECT_FALSE(p.source.date.empty());
    EXPECT_FALSE(p.source.reference.empty());
    EXPECT_FALSE(p.explanation.empty());
  }
}

TEST(PolicyLoader, EmbeddedTextIsTheFileInTheSourceTree) {
  EXPECT_EQ(ShippedPolicyText(), ReadWholeFile(SANAD_POLICIES_DIR "/pakistan-afghans.toml"));
  EXPECT_EQ(ShippedPolicyName(), "pakistan-afghans.toml");
}

TEST(PolicyLoader, ShippedPolicyEncodesTheDatedFacts) {
  auto policy = LoadShippedPolicy();
  ASSERT_TRUE(policy.has_value());
  auto date = [](std::string_view iso) { return *Date::ParseIso(iso); };
  const Provision* por_2025 = policy->Find("por-extension-2025");
  ASSERT_NE(por_2025, nullptr);
  EXPECT_EQ(por_2025->to, date("2025-06-30"));
  const Provision* por_order = policy->Find("por-notification-2025");
  ASSERT_NE(por_order, nullptr);
  EXPECT_EQ(por_order->from, date("2025-07-31"));
  EXPECT_EQ(por_order->removal_from, date("2025-09-01"));
  const Provision* acc = policy->Find("acc-second-phase");
  ASSERT_NE(acc, nullptr);
  EXPECT_EQ(acc->leave_by, date("2025-03-31"));
  EXPECT_EQ(acc->removal_from, date("2025-04-01"));
  const Provision* first = policy->Find("undocumented-first-phase");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->from, date("2023-10-03"));
  EXPECT_EQ(first->leave_by, date("2023-10-31"));
  EXPECT_EQ(first->removal_from, date("2023-11-01"));
  const Provision* cash = policy->Find("exit-cash-limit");
  ASSERT_NE(cash, nullptr);
  EXPECT_NE(cash->sources_differ.find("per family"), std::string::npos);
  EXPECT_NE(policy->Find("entry-e-tazkira-only"), nullptr);
  EXPECT_EQ(policy->Find("entry-passport-visa")->from, date("2023-11-01"));
}

TEST(PolicyLoader, ReadsEveryField) {
  auto policy = LoadPolicy(std::string(kHeader) + R"(
[[provision]]
id = "order"
title = "Order"
effect = "removal_order"
documents = ["none", "tazkira"]
from = "2024-01-01"
leave_by = 2024-01-31
removal_from = 2024-02-01
source = { authority = "Ministry", date = "2024-01-01", reference = "Notice 2" }
explanation = "Leave."
sources_differ = "Reports differ."
next_steps = ["Call a lawyer."]
)",
                           "test.toml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  ASSERT_EQ(policy->provisions.size(), 2u);
  const Provision& order = policy->provisions[1];
  EXPECT_EQ(order.effect, Effect::kRemovalOrder);
  EXPECT_EQ(order.documents, kNoDocumentsMask | MaskOf(DocumentType::kTazkira));
  EXPECT_EQ(order.from, (Date{2024, 1, 1}));
  EXPECT_EQ(order.leave_by, (Date{2024, 1, 31}));
  EXPECT_EQ(order.removal_from, (Date{2024, 2, 1}));
  EXPECT_EQ(order.sources_differ, "Reports differ.");
  EXPECT_EQ(order.next_steps, std::vector<std::string>{"Call a lawyer."});
  EXPECT_EQ(order.line, kNextLine + 1);
  EXPECT_EQ(order.source.Cite(), "Ministry, 2024-01-01 (Notice 2)");
  EXPECT_EQ(order.citation, order.source.Cite());
}

struct BadFile {
  std::string name;
  std::string text;  // the whole file, or a provision appended to kHeader
  bool append;
  int64_t line;
  std::string problem;  // a part of the message
};

TEST(PolicyLoader, RejectsBadFilesWithFileAndLine) {
  const std::vector<BadFile> cases = {
      {"malformed TOML", "[policy]\nid = \"x\"\ntitle = \n", false, 3, "not valid TOML"},
      {"unterminated string", "[policy]\nid = \"x\ntitle = \"y\"\n", false, 2, "not valid TOML"},
      {"no policy table", "[[provision]]\nid = \"a\"\n", false, 1, "no [policy] table"},
      {"no provisions", "[policy]\nid = \"x\"\ntitle = \"y\"\n", false, 1, "no provisions"},
      {"unknown top-level key", "lawful = 1\n" + std::string(kHeader), false, 1,
       "unknown top-level key"},
      {"unknown document type", R"(
[[provision]]
id = "b"
title = "B"
effect = "lawful_stay"
documents = ["por_card", "green_card"]
from = 2024-01-01
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 5, "unknown document type 'green_card'"},
      {"dates out of order", R"(
[[provision]]
id = "b"
title = "B"
effect = "lawful_stay"
documents = ["acc"]
from = 2024-06-01
to = 2024-05-31
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 7, "dates out of order"},
      {"removal before deadline", R"(
[[provision]]
id = "b"
title = "B"
effect = "removal_order"
documents = ["acc"]
from = 2024-01-01
leave_by = 2024-03-31
removal_from = 2024-03-01
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 8, "removal_from 2024-03-01 must come after leave_by 2024-03-31"},
      {"deadline before announcement", R"(
[[provision]]
id = "b"
title = "B"
effect = "removal_order"
documents = ["acc"]
from = 2024-04-01
leave_by = 2024-03-31
removal_from = 2024-04-02
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 7, "dates out of order"},
      {"overlap", R"(
[[provision]]
id = "card-extension"
title = "B"
effect = "lawful_stay"
documents = ["por_card"]
from = 2023-12-01
to = 2024-06-30
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 1,
       "provision 'card-extension' overlaps provision 'card-lawful' (line 5): both are "
       "lawful_stay for por_card from 2023-12-01 to 2023-12-31"},
      {"contradiction", R"(
[[provision]]
id = "card-order"
title = "B"
effect = "removal_order"
documents = ["por_card"]
from = 2023-06-01
leave_by = 2023-06-30
removal_from = 2023-07-01
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 1, "contradicts provision 'card-lawful' (line 5)"},
      {"overlapping entry rules", R"(
[[provision]]
id = "entry-a"
title = "A"
effect = "entry_requirement"
requires = [["tazkira"]]
to = 2023-10-31
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"

[[provision]]
id = "entry-b"
title = "B"
effect = "entry_requirement"
requires = [["passport", "visa"]]
from = 2023-10-31
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 10, "two entry requirements are in force from 2023-10-31 to 2023-10-31"},
      {"duplicate id", R"(
[[provision]]
id = "card-lawful"
title = "B"
effect = "no_protection"
documents = ["vrf"]
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 1, "duplicate provision id 'card-lawful'"},
      {"misspelt key", R"(
[[provision]]
id = "b"
title = "B"
effect = "no_protection"
documents = ["vrf"]
untill = 2024-01-01
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 6, "unknown key 'untill'"},
      {"no source", R"(
[[provision]]
id = "b"
title = "B"
effect = "no_protection"
documents = ["vrf"]
explanation = "E"
)",
       true, kNextLine + 1, "needs source"},
      {"source without reference", R"(
[[provision]]
id = "b"
title = "B"
effect = "no_protection"
documents = ["vrf"]
source = { authority = "A", date = "2023" }
explanation = "E"
)",
       true, kNextLine + 6, "has no 'reference'"},
      {"unknown effect", R"(
[[provision]]
id = "b"
title = "B"
effect = "amnesty"
documents = ["vrf"]
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 4, "unknown effect 'amnesty'"},
      {"bad date", R"(
[[provision]]
id = "b"
title = "B"
effect = "no_protection"
documents = ["vrf"]
from = "2023-02-30"
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 6, "from"},
      {"unknown status", R"(
[[provision]]
id = "b"
title = "B"
effect = "information"
for_statuses = ["deported"]
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 5, "unknown status 'deported'"},
      {"none cannot be lawful", R"(
[[provision]]
id = "b"
title = "B"
effect = "lawful_stay"
documents = ["none"]
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
       true, kNextLine + 5, "unknown document type 'none'"},
  };
  for (const BadFile& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = c.append ? std::string(kHeader) + c.text : c.text;
    auto policy = LoadPolicy(text, "bad.toml");
    ASSERT_FALSE(policy.has_value());
    const Error& error = policy.error();
    EXPECT_EQ(error.code, Error::Code::kInvalidInput);
    EXPECT_EQ(error.field, "bad.toml");
    if (c.line > 0) {
      EXPECT_EQ(error.line, c.line) << error.message;
      EXPECT_TRUE(error.message.starts_with("bad.toml:" + std::to_string(c.line) + ": "))
          << error.message;
    }
    EXPECT_NE(error.message.find(c.problem), std::string::npos) << error.message;
  }
}

TEST(PolicyLoader, ConditionalLawfulStayMayOverlapAnOrder) {
  // A visa is lawful while valid; the order for overstayers covers the rest.
  auto policy = LoadPolicy(std::string(kHeader) + R"(
[[provision]]
id = "visa"
title = "Visa"
effect = "lawful_stay"
documents = ["visa"]
requires_unexpired = true
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"

[[provision]]
id = "order"
title = "Order"
effect = "removal_order"
documents = ["none", "visa"]
from = 2023-10-03
leave_by = 2023-10-31
removal_from = 2023-11-01
source = { authority = "A", date = "2023", reference = "R" }
explanation = "E"
)",
                           "ok.toml");
  EXPECT_TRUE(policy.has_value()) << policy.error().message;
}

TEST(PolicyLoader, ConsecutiveProvisionsDoNotOverlap) {
  auto policy = LoadPolicy(std::string(kHeader) + R"(
[[provision]]
id = "card-extension"
title = "B"
effect = "lawful_stay"
documents = ["por_card"]
from = 2024-01-01
to = 2024-06-30
source = { authority = "A", date = "2024", reference = "R" }
explanation = "E"
)",
                           "ok.toml");
  EXPECT_TRUE(policy.has_value()) << policy.error().message;
}

// A poor man's fuzzer (the clang here cannot build std::expected for
// libFuzzer): mutations of the shipped file must load or fail with
// FILE:LINE, and whatever loads must evaluate. Deterministic seed.
TEST(PolicyLoader, MutatedFilesLoadOrFailCleanly) {
  const std::string original(ShippedPolicyText());
  std::vector<std::string> lines;
  std::istringstream in(original);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::mt19937 random(20231003);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  constexpr std::string_view kSpecial = "[]{}=\"'#,.-_0123456789 \nxz";
  int loaded = 0;
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::string> mutated = lines;
    const int operations = 1 + static_cast<int>(pick(3));
    for (int op = 0; op < operations && !mutated.empty(); ++op) {
      std::string& line = mutated[pick(mutated.size())];
      switch (pick(5)) {
        case 0:
          if (!line.empty()) line[pick(line.size())] = kSpecial[pick(kSpecial.size())];
          break;
        case 1:
          mutated.erase(mutated.begin() + static_cast<std::ptrdiff_t>(pick(mutated.size())));
          break;
        case 2:
          mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(pick(mutated.size())), line);
          break;
        case 3:
          std::swap(line, mutated[pick(mutated.size())]);
          break;
        default:
          line = line.substr(0, line.empty() ? 0 : pick(line.size()));
          break;
      }
    }
    std::string text;
    for (const std::string& line : mutated) text += line + "\n";
    SCOPED_TRACE("round " + std::to_string(round));
    auto policy = LoadPolicy(text, "mutated.toml");
    if (!policy) {
      EXPECT_TRUE(policy.error().message.starts_with("mutated.toml:")) << policy.error().message;
      EXPECT_GT(policy.error().line, 0);
      continue;
    }
    ++loaded;
    const std::vector<HeldDocument> documents = {{DocumentType::kPorCard, std::nullopt},
                                                 {DocumentType::kVisa, Date{2024, 5, 1}}};
    for (Context context : {Context::kStay, Context::kEntry}) {
      (void)Evaluate(*policy, documents, Date{2025, 1, 1}, context);
      (void)Evaluate(*policy, {}, Date{2023, 10, 3}, context);
      (void)Timeline(*policy, documents, Date{2020, 1, 1}, Date{2026, 12, 31}, context);
    }
  }
  // Some mutations (a changed comment, a swapped key) still load.
  EXPECT_GT(loaded, 0);
}

TEST(PolicyNames, RoundTrip) {
  for (LegalStatus s :
       {LegalStatus::kLawful, LegalStatus::kTolerated, LegalStatus::kRemovalAnnounced,
        LegalStatus::kRemovalInForce, LegalStatus::kAdmissible, LegalStatus::kInadmissible}) {
    EXPECT_EQ(ParseLegalStatus(ToString(s)), s);
  }
  EXPECT_EQ(ParseContext("entry"), Context::kEntry);
  EXPECT_EQ(ParseContext("exit"), std::nullopt);
  EXPECT_EQ(ParseEffect("removal_order"), Effect::kRemovalOrder);
}

}  // namespace
}  // namespace sanad::policy
