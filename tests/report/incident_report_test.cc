// The weekly incident figures, value by value: two ISO weeks (2023-W44 holds
// a month boundary), three provinces, every documentation category, a
// month-only incident, cells under 5; and an attacker (attack.h) that knows
// every published figure and every sum and still learns no small count.
#include "report/incident_report.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "attack.h"

namespace sanad::report {
namespace {

Date D(const char* iso) { return *Date::ParseIso(iso); }

void Add(std::vector<IncidentFact>* facts, uint64_t incident, const char* date,
         const char* province, IncidentType type, Documentation doc, int persons, int valid) {
  for (int i = 0; i < persons; ++i) {
    facts->push_back({incident, D(date), province, type, doc, i < valid});
  }
}

// True figures (persons, valid) per row, and the incidents, as built below.
std::vector<IncidentFact> Facts() {
  using T = IncidentType;
  using Doc = Documentation;
  std::vector<IncidentFact> f;
  // 2023-W44 (Mon 2023-10-30 .. Sun 2023-11-05), across the month boundary.
  Add(&f, 1, "2023-10-31", "Balochistan", T::kArrest, Doc::kPorCard, 6, 6);
  // Incident 2 is dated "2023-11" only: counted on the 1st, in W44.
  Add(&f, 2, "2023-11-01", "Balochistan", T::kArrest, Doc::kAcc, 2, 2);
  Add(&f, 2, "2023-11-01", "Balochistan", T::kArrest, Doc::kNone, 8, 0);
  Add(&f, 3, "2023-11-02", "Khyber Pakhtunkhwa", T::kDetention, Doc::kTazkiraOnly, 5, 1);
  Add(&f, 4, "2023-11-03", "Sindh", T::kExtortion, Doc::kPassportVisa, 7, 7);
  Add(&f, 4, "2023-11-03", "Sindh", T::kExtortion, Doc::kOtherOnly, 1, 0);
  // 2023-W45 (2023-11-06 .. 2023-11-12).
  Add(&f, 5, "2023-11-06", "Balochistan", T::kArrest, Doc::kPorCard, 3, 3);
  Add(&f, 6, "2023-11-07", "Balochistan", T::kArrest, Doc::kPorCard, 4, 4);
  Add(&f, 5, "2023-11-06", "Balochistan", T::kArrest, Doc::kNone, 5, 0);
  Add(&f, 7, "2023-11-10", "Khyber Pakhtunkhwa", T::kDeportation, Doc::kNone, 10, 0);
  Add(&f, 8, "2023-11-12", "Sindh", T::kDetention, Doc::kAcc, 6, 6);
  // Outside the range: ignored.
  Add(&f, 9, "2023-10-29", "Sindh", T::kArrest, Doc::kNone, 3, 0);
  Add(&f, 10, "2023-11-13", "Sindh", T::kArrest, Doc::kNone, 3, 0);
  return f;
}

IncidentReportOptions Weeks() {
  IncidentReportOptions o;
  o.from = D("2023-10-30");
  o.to = D("2023-11-12");
  o.by = Period::kWeek;
  return o;
}

struct Expected {
  const char* period;
  const char* province;
  IncidentType type;
  Documentation doc;
  int64_t incidents, persons, valid;
};

TEST(IncidentReport, DocumentationIsTheStrongestDocumentByType) {
  using DT = DocumentType;
  auto of = [](std::vector<DT> types) {
    std::vector<HeldDocumentRecord> docs;
    for (DT t : types) docs.push_back({t, std::nullopt});
    return DocumentationOf(docs);
  };
  EXPECT_EQ(of({DT::kTazkira, DT::kPorCard, DT::kAcc}), Documentation::kPorCard);
  EXPECT_EQ(of({DT::kTazkira, DT::kAcc}), Documentation::kAcc);
  EXPECT_EQ(of({DT::kPassport, DT::kVisa}), Documentation::kPassportVisa);
  EXPECT_EQ(of({DT::kVisa}), Documentation::kPassportVisa);
  EXPECT_EQ(of({DT::kETazkira, DT::kPassport}), Documentation::kTazkiraOnly);
  EXPECT_EQ(of({DT::kPassport}), Documentation::kOtherOnly);
  EXPECT_EQ(of({DT::kVrf, DT::kUnhcrAsylumCertificate}), Documentation::kOtherOnly);
  EXPECT_EQ(of({}), Documentation::kNone);
  // Validity changes the status, not the category.
  EXPECT_EQ(DocumentationOf({{DT::kPorCard, D("2020-01-01")}}), Documentation::kPorCard);
}

TEST(IncidentReport, WithoutSuppressionEveryFigureIsTheTrueCount) {
  IncidentReportOptions o = Weeks();
  o.disclosure_control = false;
  auto report = BuildIncidentReport(Facts(), o);
  ASSERT_TRUE(report);
  using T = IncidentType;
  using Doc = Documentation;
  const Expected rows[] = {
      {"2023-W44", "Balochistan", T::kArrest, Doc::kPorCard, 1, 6, 6},
      {"2023-W44", "Balochistan", T::kArrest, Doc::kAcc, 1, 2, 2},
      {"2023-W44", "Balochistan", T::kArrest, Doc::kNone, 1, 8, 0},
      {"2023-W44", "Khyber Pakhtunkhwa", T::kDetention, Doc::kTazkiraOnly, 1, 5, 1},
      {"2023-W44", "Sindh", T::kExtortion, Doc::kPassportVisa, 1, 7, 7},
      {"2023-W44", "Sindh", T::kExtortion, Doc::kOtherOnly, 1, 1, 0},
      {"2023-W45", "Balochistan", T::kArrest, Doc::kPorCard, 2, 7, 7},
      {"2023-W45", "Balochistan", T::kArrest, Doc::kNone, 1, 5, 0},
      {"2023-W45", "Khyber Pakhtunkhwa", T::kDeportation, Doc::kNone, 1, 10, 0},
      {"2023-W45", "Sindh", T::kDetention, Doc::kAcc, 1, 6, 6},
  };
  ASSERT_EQ(report->rows.size(), std::size(rows));
  for (size_t i = 0; i < std::size(rows); ++i) {
    SCOPED_TRACE(i);
    const IncidentRow& r = report->rows[i];
    EXPECT_EQ(r.period, rows[i].period);
    EXPECT_EQ(r.province, rows[i].province);
    EXPECT_EQ(r.type, rows[i].type);
    EXPECT_EQ(r.documentation, rows[i].doc);
    EXPECT_EQ(r.incidents, rows[i].incidents);
    EXPECT_EQ(r.persons, rows[i].persons);
    EXPECT_EQ(r.persons_with_valid_status, rows[i].valid);
  }
  EXPECT_EQ(report->rows[0].date, D("2023-10-30"));
  EXPECT_EQ(report->rows[0].date_end, D("2023-11-05"));
  ASSERT_EQ(report->by_period.size(), 2u);
  EXPECT_EQ(report->by_period[0].incidents, 4);
  EXPECT_EQ(report->by_period[0].persons, 29);
  EXPECT_EQ(report->by_period[0].persons_with_valid_status, 16);
  EXPECT_EQ(report->by_period[1].incidents, 4);
  EXPECT_EQ(report->by_period[1].persons, 28);
  EXPECT_EQ(report->by_period[1].persons_with_valid_status, 13);
  EXPECT_EQ(report->total.incidents, 8);
  EXPECT_EQ(report->total.persons, 57);
  EXPECT_EQ(report->total.persons_with_valid_status, 29);
  EXPECT_EQ(report->facts_read, 57u);
}

TEST(IncidentReport, ByMonthTheMonthOnlyIncidentCountsInItsMonth) {
  IncidentReportOptions o = Weeks();
  o.by = Period::kMonth;
  o.disclosure_control = false;
  auto report = BuildIncidentReport(Facts(), o);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->by_period.size(), 2u);
  EXPECT_EQ(report->by_period[0].period, "2023-10");
  EXPECT_EQ(report->by_period[0].persons, 6);
  EXPECT_EQ(report->by_period[1].period, "2023-11");
  EXPECT_EQ(report->by_period[1].persons, 51);
  EXPECT_EQ(report->by_period[1].date, D("2023-11-01"));
}

// The published report against an attacker who knows every sum.
TEST(IncidentReport, SmallCellsAreWithheldAndNothingIsRecoverable) {
  auto report = BuildIncidentReport(Facts(), Weeks());
  ASSERT_TRUE(report);
  auto truth = BuildIncidentReport(Facts(), [] {
    IncidentReportOptions o = Weeks();
    o.disclosure_control = false;
    return o;
  }());
  ASSERT_TRUE(truth);
  ASSERT_EQ(report->rows.size(), truth->rows.size());

  // Every published figure is the true one; every small one is withheld.
  auto check = [](const IncidentRow& shown, const IncidentRow& real) {
    for (auto member : {&IncidentRow::incidents, &IncidentRow::persons,
                        &IncidentRow::persons_with_valid_status}) {
      if (shown.*member) {
        EXPECT_EQ(*(shown.*member), *(real.*member));
      }
    }
    if (*real.persons > 0 && *real.persons < 5) {
      EXPECT_FALSE(shown.persons);
    }
    if (*real.persons_with_valid_status > 0 && *real.persons_with_valid_status < 5) {
      EXPECT_FALSE(shown.persons_with_valid_status);
    }
    if (!shown.persons) {
      EXPECT_FALSE(shown.incidents);
    }
  };
  for (size_t i = 0; i < report->rows.size(); ++i) {
    SCOPED_TRACE(i);
    check(report->rows[i], truth->rows[i]);
  }
  for (size_t i = 0; i < report->by_period.size(); ++i) check(report->by_period[i], truth->by_period[i]);
  check(report->total, truth->total);

  // The pattern, value by value (row order as in the previous test).
  struct Shown {
    std::optional<int64_t> incidents, persons, valid;
  };
  const Shown expected[] = {
      {1, 6, 6},                        // W44 Balochistan arrest por_card
      {{}, {}, {}},                     // W44 Balochistan arrest acc: 2 and 2
      {1, 8, 0},                        // W44 Balochistan arrest none
      {1, 5, {}},                       // W44 KP detention tazkira_only: 1 valid, 4 not
      {1, 7, 7},                        // W44 Sindh extortion passport_visa
      {{}, {}, 0},                      // W44 Sindh extortion other_only: 1 person
      {2, 7, 7},                        // W45 ...
      {1, 5, 0},
      {1, 10, 0},
      {1, 6, 6},
  };
  ASSERT_EQ(std::size(expected), report->rows.size());
  for (size_t i = 0; i < std::size(expected); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(report->rows[i].incidents, expected[i].incidents);
    EXPECT_EQ(report->rows[i].persons, expected[i].persons);
    EXPECT_EQ(report->rows[i].persons_with_valid_status, expected[i].valid);
  }
  // The week and range totals stay published: the withheld rows of W44
  // (2 + 1 persons; 2 + 1 with a valid status, among 7 and 5) cannot be
  // told apart from them.
  EXPECT_EQ(report->by_period[0].persons, 29);
  EXPECT_EQ(report->by_period[0].persons_with_valid_status, 16);
  EXPECT_EQ(report->by_period[0].incidents, 4);
  EXPECT_EQ(report->by_period[1].persons, 28);
  EXPECT_EQ(report->by_period[1].persons_with_valid_status, 13);
  EXPECT_EQ(report->total.persons, 57);
  EXPECT_EQ(report->total.persons_with_valid_status, 29);
  EXPECT_EQ(report->total.incidents, 8);

  // The attacker: cells persons, valid, without (unknown) for every row,
  // period and the total, with the sums a reader knows.
  using testing::AttackEquation;
  std::vector<std::optional<int64_t>> known;
  std::vector<int64_t> real;
  std::vector<AttackEquation> equations;
  struct Triple {
    size_t persons, valid, without;
  };
  auto add = [&](const IncidentRow& shown, const IncidentRow& r) {
    Triple t{known.size(), known.size() + 1, known.size() + 2};
    known.push_back(shown.persons);
    known.push_back(shown.persons_with_valid_status);
    known.push_back(std::nullopt);
    real.push_back(*r.persons);
    real.push_back(*r.persons_with_valid_status);
    real.push_back(*r.persons - *r.persons_with_valid_status);
    equations.push_back({t.persons, {t.valid, t.without}});
    return t;
  };
  std::vector<Triple> rows;
  for (size_t i = 0; i < report->rows.size(); ++i) rows.push_back(add(report->rows[i], truth->rows[i]));
  std::vector<Triple> periods;
  for (size_t i = 0; i < report->by_period.size(); ++i) {
    periods.push_back(add(report->by_period[i], truth->by_period[i]));
  }
  const Triple total = add(report->total, truth->total);
  auto sums = [&](const Triple& whole, const std::vector<Triple>& parts) {
    AttackEquation p{whole.persons, {}}, v{whole.valid, {}}, w{whole.without, {}};
    for (const Triple& t : parts) {
      p.parts.push_back(t.persons);
      v.parts.push_back(t.valid);
      w.parts.push_back(t.without);
    }
    equations.push_back(p);
    equations.push_back(v);
    equations.push_back(w);
  };
  for (size_t pi = 0; pi < periods.size(); ++pi) {
    std::vector<Triple> parts;
    for (size_t i = 0; i < report->rows.size(); ++i) {
      if (report->rows[i].period == report->by_period[pi].period) parts.push_back(rows[i]);
    }
    sums(periods[pi], parts);
  }
  sums(total, periods);

  const auto learnt = testing::SubtractionAttack(known, equations);
  const auto determined = testing::LinearAttack(known, equations);
  for (size_t c = 0; c < known.size(); ++c) {
    SCOPED_TRACE(c);
    if (real[c] > 0 && real[c] < 5) {
      EXPECT_FALSE(learnt[c]) << "learnt by subtraction: " << real[c];
      EXPECT_FALSE(determined[c]) << "determined by a linear combination: " << real[c];
    }
  }
  // Every listed row holds at least one person: withheld parts of a
  // published persons total must not all be forced to 1.
  for (const auto& eq : equations) {
    if (!known[eq.total] || eq.parts.size() < 2) continue;
    if (eq.total % 3 != 0) continue;  // persons cells only
    int64_t withheld = 0;
    int64_t n = 0;
    for (size_t p : eq.parts) {
      if (!learnt[p]) {
        withheld += real[p];
        ++n;
      }
    }
    if (n >= 2) {
      EXPECT_NE(withheld, n);
    }
  }
  EXPECT_GT(report->primary_suppressed, 0u);
}

// Two withheld rows of one person each under a published week total: a
// reader who knows every listed row holds someone would learn both are 1.
TEST(IncidentReport, WithheldOnesUnderAPublishedTotalAreProtected) {
  using T = IncidentType;
  using Doc = Documentation;
  std::vector<IncidentFact> f;
  Add(&f, 1, "2023-11-06", "Sindh", T::kArrest, Doc::kNone, 1, 0);
  Add(&f, 2, "2023-11-07", "Punjab", T::kArrest, Doc::kNone, 1, 0);
  Add(&f, 3, "2023-11-08", "Balochistan", T::kArrest, Doc::kNone, 6, 0);
  Add(&f, 4, "2023-11-09", "Balochistan", T::kDetention, Doc::kNone, 7, 0);
  IncidentReportOptions o = Weeks();
  auto report = BuildIncidentReport(f, o);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->by_period.size(), 1u);
  int64_t withheld = 0;
  int64_t n = 0;
  int64_t published = 0;
  for (const auto& r : report->rows) {
    if (r.persons) {
      published += *r.persons;
    } else {
      ++n;
    }
  }
  withheld = 15 - published;
  if (report->by_period[0].persons) {
    EXPECT_FALSE(n >= 2 && withheld == n) << "the withheld rows are all forced to 1";
  }
  ASSERT_EQ(report->rows.size(), 4u);  // Balochistan x2, Punjab, Sindh
  EXPECT_FALSE(report->rows[2].persons);
  EXPECT_FALSE(report->rows[3].persons);
}

TEST(IncidentReport, OutputsCarryHxlAndNullsForWithheldFigures) {
  auto report = BuildIncidentReport(Facts(), Weeks());
  ASSERT_TRUE(report);
  const auto json = IncidentReportToJson(*report);
  ASSERT_EQ(json["rows"].size(), 10u);
  const auto& acc = json["rows"][1];
  EXPECT_EQ(acc["date"], "2023-10-30");
  EXPECT_EQ(acc["date_end"], "2023-11-05");
  EXPECT_EQ(acc["period"], "2023-W44");
  EXPECT_EQ(acc["province"], "Balochistan");
  EXPECT_EQ(acc["type"], "arrest");
  EXPECT_EQ(acc["risk"], "arbitrary_arrest_detention");
  EXPECT_EQ(acc["documentation"], "acc");
  EXPECT_TRUE(acc["persons"].is_null());
  EXPECT_TRUE(acc["incidents"].is_null());
  EXPECT_TRUE(acc["persons_with_valid_status"].is_null());
  EXPECT_EQ(json["disclosure_control"]["k"], 5);
  const std::string csv = IncidentReportToHxlCsv(*report);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "date,date_end,period,province,type,risk,documentation,incidents,persons,"
            "persons_with_valid_status,suppressed");
  EXPECT_NE(csv.find("#affected+ind+valid_status"), std::string::npos);
  auto xlsx = IncidentReportToXlsx(*report);
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST(IncidentReport, OptionsNameTheParameterAtFault) {
  using Params = std::map<std::string, std::string, std::less<>>;
  auto ok = ParseIncidentReportOptions(
      Params{{"from", "2023-10-30"}, {"to", "2023-11-12"}, {"by", "month"}, {"type", "arrest,detention"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->by, Period::kMonth);
  EXPECT_EQ(ok->types.size(), 2u);
  struct Case {
    Params params;
    const char* field;
  } cases[] = {
      {{{"to", "2023-11-12"}}, "from"},
      {{{"from", "2023-11-12"}, {"to", "2023-10-01"}}, "from"},
      {{{"from", "2023-10-30"}, {"to", "2023-11-12"}, {"by", "day"}}, "by"},
      {{{"from", "2023-10-30"}, {"to", "2023-11-12"}, {"k", "0"}}, "k"},
      {{{"from", "2023-10-30"}, {"to", "2023-11-12"}, {"type", "arrest,raid"}}, "type"},
      {{{"from", "2023-10-30"}, {"to", "2023-11-12"}, {"suppression", "maybe"}}, "suppression"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    auto r = ParseIncidentReportOptions(c.params);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, c.field);
  }
}

TEST(IncidentReport, TypesFilterKeepsOnlyThoseTypes) {
  IncidentReportOptions o = Weeks();
  o.disclosure_control = false;
  o.types = {IncidentType::kArrest, IncidentType::kDetention};
  auto report = BuildIncidentReport(Facts(), o);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->total.persons, 6 + 2 + 8 + 5 + 7 + 5 + 6);
}

}  // namespace
}  // namespace sanad::report
