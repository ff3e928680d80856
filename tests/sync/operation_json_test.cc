#include "sync/operation_json.h"

#include <gtest/gtest.h>

namespace sanad::sync {
namespace {

Operation SampleOperation() {
  Operation operation;
  operation.id = {"torkham-1", 42};
  operation.clock = {1'764'662'400'000, 3};
  operation.user = "0193a0c2-0000-7000-8000-0000000000aa";
  operation.record_type = "person";
  operation.record_id = "0193a0c2-0000-7000-8000-000000000001";
  operation.kind = OpKind::kSet;
  operation.field = "phone";
  for (int byte = 0; byte < 256; ++byte) operation.value.push_back(static_cast<char>(byte));
  operation.parents = {{"torkham-1", 41}, {"chaman", 7}};
  return operation;
}

TEST(OperationJson, ABatchRoundTripsEveryByteOfASealedValue) {
  const std::vector<Operation> batch = {SampleOperation(), SampleOperation()};
  std::vector<Operation> expected = batch;
  expected[1].id.sequence = 43;
  expected[1].kind = OpKind::kTombstone;
  expected[1].field.clear();
  expected[1].value.clear();
  auto decoded = DecodeBatch(EncodeBatch(expected));
  ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
  EXPECT_EQ(*decoded, expected);
}

TEST(OperationJson, NamesTheOperationAndPartAtFault) {
  auto field_of = [](const std::string& body) {
    auto decoded = DecodeBatch(body);
    return decoded ? std::string("ok") : decoded.error().field;
  };
  std::string good = EncodeBatch({SampleOperation()});
  EXPECT_EQ(field_of(good), "ok");
  EXPECT_EQ(field_of("{"), "body");
  EXPECT_EQ(field_of("[]"), "body");
  EXPECT_EQ(field_of(R"({"operations":{}})"), "operations");
  EXPECT_EQ(field_of(R"({"operations":[7]})"), "operations[0]");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string body = good;
    body.replace(body.find(from), from.size(), to);
    return body;
  };
  EXPECT_EQ(field_of(with("\"torkham-1:42\"", "\"Torkham:42\"")), "operations[0].op_id");
  EXPECT_EQ(field_of(with("\"torkham-1:42\"", "\"torkham-1:0\"")), "operations[0].op_id");
  EXPECT_EQ(field_of(with("\"set\"", "\"upsert\"")), "operations[0].kind");
  EXPECT_EQ(field_of(with("\"chaman:7\"", "7")), "operations[0].parents[1]");
  EXPECT_EQ(field_of(with("\"chaman:7\"", "\"torkham-1:42\"")), "operations[0].parents");
  EXPECT_EQ(field_of(with("\"phone\"", "\"\"")), "operations[0].field");
  EXPECT_EQ(field_of(with("\"field\"", "\"feld\"")), "operations[0].field");
}

TEST(OperationJson, RefusesABatchLargerThanTheLimit) {
  std::string body = R"({"operations":[)";
  for (size_t i = 0; i <= kMaxBatchOperations; ++i) body += (i ? ",0" : "0");
  body += "]}";
  auto decoded = DecodeBatch(body);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().field, "operations");
}

}  // namespace
}  // namespace sanad::sync
