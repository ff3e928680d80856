// Users and sessions.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class UserStoreTest : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, UserStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(UserStoreTest, LoginSessionsAndIdleExpiry) {
  EXPECT_EQ(store_->CreateUser("reg1", Role::kRegistrar, "short", kActor).error().field,
            "password");
  ASSERT_TRUE(store_->CreateUser("reg1", Role::kRegistrar, "correct horse battery", kActor));
  EXPECT_EQ(store_->CreateUser("reg1", Role::kAdmin, "correct horse battery", kActor).error().code,
            Error::Code::kConflict);
  EXPECT_EQ(store_->Login("reg1", "wrong password!!", kActor).error().code,
            Error::Code::kUnauthenticated);
  auto session = store_->Login("reg1", "correct horse battery", kActor);
  ASSERT_TRUE(session);
  auto found = store_->FindSession(session->token, 60);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user.role, Role::kRegistrar);
  EXPECT_FALSE(store_->FindSession(session->token + "x", 60));
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_TRUE(store_->FindSession(session->token, 60)) << "used again within the idle timeout";
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(store_->FindSession(session->token, 60));
  EXPECT_FALSE(store_->FindSession(session->token, 3600)) << "an expired session is gone for good";
  ASSERT_TRUE(store_->SetUserDisabled("reg1", true, kActor));
  EXPECT_FALSE(store_->Login("reg1", "correct horse battery", kActor));
}

}  // namespace
}  // namespace sanad::store
