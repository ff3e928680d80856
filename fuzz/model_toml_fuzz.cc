// Matching models (TOML) loaded with `sanad dedupe --model`. Invariants: a
// model that loads is one the matcher can index without checking again:
// thresholds inside (0, 1), at most kMaxFields fields of at most
// kMaxColumnsPerField columns, every group and blocking key pointing at a
// field or group that exists.
#include "fuzz_check.h"
#include "match/model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad::match;
  auto model = ParseModelToml(sanad::fuzz::AsText(data, size), "fuzz.toml");
  if (!model) {
    FUZZ_CHECK(!model.error().message.empty(), "a refusal says why");
    FUZZ_CHECK(
        sanad::fuzz::MessageFitsInput(sanad::fuzz::AsText(data, size), model.error().message),
        "a refusal quoting UTF-8 input is UTF-8");
    return 0;
  }
  FUZZ_CHECK(model->match_threshold > 0 && model->match_threshold < 1, "match threshold in (0,1)");
  FUZZ_CHECK(model->review_threshold > 0 && model->review_threshold < 1,
             "review threshold in (0,1)");
  FUZZ_CHECK(model->fields.size() <= kMaxFields, "at most kMaxFields fields");
  for (const auto& field : model->fields) {
    FUZZ_CHECK(field.columns.size() <= kMaxColumnsPerField, "at most kMaxColumnsPerField columns");
    FUZZ_CHECK(field.group >= -1 && field.group < static_cast<int>(model->groups.size()),
               "a field's group exists");
    FUZZ_CHECK(model->FieldIndex(field.name) >= 0, "every field is found by its name");
  }
  for (const auto& rule : model->blocking) {
    for (const auto& part : rule.parts) {
      FUZZ_CHECK(part.field < model->fields.size(), "a blocking key names a field that exists");
    }
  }
  return 0;
}
