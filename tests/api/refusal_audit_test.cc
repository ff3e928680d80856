#include "api/refusal_audit.h"

#include <gtest/gtest.h>

#include "../testing/temp_dir.h"

namespace sanad::api {
namespace {

using namespace std::chrono_literals;

TEST(RefusalAudit, AFloodOfRefusalsWritesOneEntryPerAddressAndInterval) {
  sanad::testing::TempDir dir;
  store::Key key;
  key.fill(5);
  auto store = store::Store::OpenSqliteFile(dir.File("audit.db"), store::KeyRing::FromMasterKey(key));
  ASSERT_TRUE(store) << store.error().message;
  std::chrono::steady_clock::time_point now{};
  RefusalAudit refusals(**store, 60s, [&] { return now; });
  const int64_t before = (*store)->AuditHead()->seq;
  const store::Actor flooder{"anonymous", "192.0.2.1"};
  for (int i = 0; i < 3000; ++i) refusals.Record(flooder, "login.throttled", "user", "-");
  EXPECT_EQ((*store)->AuditHead()->seq, before + 1);
  refusals.Record(store::Actor{"anonymous", "192.0.2.2"}, "login.throttled", "user", "-");
  EXPECT_EQ((*store)->AuditHead()->seq, before + 2) << "another address is its own entry";
  now += 61s;
  refusals.Record(flooder, "login.throttled", "user", "-");
  auto head = (*store)->AuditHead();
  EXPECT_EQ(head->seq, before + 3);
  EXPECT_EQ(head->object_id, "- (+2999 refused)") << "the folded count is kept";
  EXPECT_EQ(head->outcome, "denied");
  EXPECT_TRUE((*store)->VerifyAudit());
}

}  // namespace
}  // namespace sanad::api
