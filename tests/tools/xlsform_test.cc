// The shipped XLSForm (forms/sanad-household.xlsx) is what
// tools/make_xlsform.cc writes, and the shipped mapping names only
// questions the form asks.
#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "core/submission_mapping.h"

namespace sanad {
namespace {

const std::string kForms = std::string(SANAD_TEST_DATA_DIR) + "/../../forms/";

// The entry `name` of the zip at `path`; empty when either is missing.
std::string ZipEntry(const std::string& path, const char* name) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (archive == nullptr) return {};
  std::string out;
  if (zip_file_t* file = zip_fopen(archive, name, 0)) {
    char buffer[4096];
    zip_int64_t n = 0;
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) {
      out.append(buffer, static_cast<size_t>(n));
    }
    zip_fclose(file);
  }
  zip_discard(archive);
  return out;
}

TEST(XlsForm, TheCommittedFormIsWhatTheGeneratorWrites) {
  testing::TempDir dir;
  const std::string fresh = dir.File("form.xlsx");
  auto run = testing::Run({SANAD_MAKE_XLSFORM, fresh});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* part :
       {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml", "xl/sharedStrings.xml"}) {
    SCOPED_TRACE(part);
    const std::string committed = ZipEntry(kForms + "sanad-household.xlsx", part);
    ASSERT_FALSE(committed.empty()) << "run: cmake --build build/dev --target xlsform";
    EXPECT_EQ(committed, ZipEntry(fresh, part))
        << "forms/sanad-household.xlsx is stale: cmake --build build/dev --target xlsform";
  }
  const std::string workbook = ZipEntry(fresh, "xl/workbook.xml");
  for (const char* sheet : {"survey", "choices", "settings"}) {
    EXPECT_NE(workbook.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet;
  }
}

TEST(XlsForm, TheShippedMappingNamesOnlyQuestionsOfTheForm) {
  std::ifstream in(kForms + "sanad-household.mapping.toml");
  std::stringstream text;
  text << in.rdbuf();
  auto mapping = ParseSubmissionMapping(text.str(), "sanad-household.mapping.toml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const std::string strings = ZipEntry(kForms + "sanad-household.xlsx", "xl/sharedStrings.xml");
  std::set<std::string> cells;
  const std::regex cell("<t[^>]*>([^<]*)</t>");
  for (auto it = std::sregex_iterator(strings.begin(), strings.end(), cell);
       it != std::sregex_iterator(); ++it) {
    cells.insert((*it)[1]);
  }
  std::vector<const FormField*> fields;
  for (const auto& [name, field] : mapping->household) fields.push_back(&field);
  for (const auto& [name, field] : mapping->members) fields.push_back(&field);
  for (const auto& [type, field] : mapping->document_numbers) fields.push_back(&field);
  for (const auto& [type, field] : mapping->document_valid_until) fields.push_back(&field);
  fields.push_back(&*mapping->document_types);
  fields.push_back(&*mapping->members_repeat);
  for (const FormField* field : fields) {
    // Every segment of the path is a question or group name of the form.
    std::stringstream path(field->path);
    std::string segment;
    while (std::getline(path, segment, '/')) {
      EXPECT_TRUE(cells.contains(segment)) << field->path;
    }
    // And every answer a value map expects is a choice of the form.
    for (const auto& [answer, value] : field->values) {
      EXPECT_TRUE(cells.contains(answer)) << field->path << ": " << answer;
    }
  }
}

}  // namespace
}  // namespace sanad
