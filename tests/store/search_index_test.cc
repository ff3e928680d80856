// The blind search index: names in either script, phones and document numbers,
// found without decrypting; pages bounded.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class SearchIndexTest : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, SearchIndexTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(SearchIndexTest, FindsByLatinSpellingOfAPersoArabicNamePhoneAndDocument) {
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  for (const char* query :
       {"Mohammad Nabi", "muhammad", "Abdul Rahman", "+93700123456", "PoR 4417 2291", "zarghuna"}) {
    SCOPED_TRACE(query);
    auto page = store_->SearchPersons(query, 1, 20, kActor);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
  }
  auto none = store_->SearchPersons("Karim", 1, 20, kActor);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->items.empty());
}

// Defect A: each search of a new shape (number of words, keys per word)
// prepared and kept a new statement; 3,000 searches added 360 MB.
TEST_P(SearchIndexTest, ManyDistinctSearchesKeepTheStatementCacheBounded) {
  store_.reset();
  auto db = db_.Open();
  ASSERT_TRUE(db) << db.error().message;
  Database* raw = db->get();
  auto opened = Store::Open(std::move(*db), KeyRing::FromMasterKey(FixedKey(7)));
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  // Words with one search key, with three ("Abd..."), and hyphenated
  // compounds with more: each mix of them was a statement of its own.
  const char* words[] = {"Gul",  "Abdullah",   "Gul-Bibi",     "Abdul-Rahman-Khan",
                         "Nabi", "Abdulwahid", "Din-Mohammad", "Zarghuna"};
  std::set<std::string> queries;
  for (int i = 0; queries.size() < 300; ++i) {
    std::string query;
    const int count = 1 + i % 6;
    for (int w = 0, rest = i; w < count; ++w, rest /= 8) {
      query += (w ? " " : "") + std::string(words[(rest + w) % 8]);
    }
    if (!queries.insert(query).second) continue;
    auto page = store_->SearchPersons(query, 1 + i % 3, 5 + i % 20, kActor);
    ASSERT_TRUE(page) << query << ": " << page.error().message;
  }
  EXPECT_LE(raw->PreparedStatementCount(), kMaxPreparedStatements)
      << "after " << queries.size() << " searches";
  EXPECT_EQ(store_->SearchPersons("Zarghuna", 1, 20, kActor)->items.size(), 1u);
}

// Defect C: page 999999999 overflowed int (undefined behaviour) and page
// 21474838 wrapped round to page 1.
TEST_P(SearchIndexTest, SearchPageOutOfRangeIsRefusedNamingPage) {
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  for (int page : {999999999, 21474838, kMaxSearchPage + 1, 0, -5}) {
    SCOPED_TRACE(page);
    auto r = store_->SearchPersons("Zarghuna", page, 100, kActor);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Error::Code::kInvalidInput);
    EXPECT_EQ(r.error().field, "page");
  }
  auto last = store_->SearchPersons("Zarghuna", kMaxSearchPage, 100, kActor);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_TRUE(last->items.empty());
  EXPECT_EQ(store_->SearchPersons("Zarghuna", 1, 100, kActor)->items.size(), 1u);
}

}  // namespace
}  // namespace sanad::store
