// The `sanad status` and `sanad policy check` commands, run as a user would
// run them: the built binary, its exit status, stdout and stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../testing/files.h"

namespace {

using sanad::testing::ReadWholeFile;

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `sanad ARGS` through the shell from `cwd`.
CommandRun Sanad(const std::string& args, const std::string& cwd = "/tmp") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("sanad_policy_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out_file = (dir / "out").string();
  const std::string err_file = (dir / "err").string();
  const std::string command = "cd '" + cwd + "' && '" SANAD_BINARY "' " + args + " >'" + out_file +
                              "' 2>'" + err_file + "'";
  const int status = std::system(command.c_str());
  CommandRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadWholeFile(out_file);
  run.err = ReadWholeFile(err_file);
  return run;
}

TEST(StatusCommand, JsonNamesStatusProvisionsWarningsAndNextSteps) {
  const CommandRun run = Sanad("status --date 2025-08-15 --doc por_card --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["status"], "removal_announced");
  ASSERT_TRUE(json["provisions"].is_array());
  ASSERT_FALSE(json["provisions"].empty());
  EXPECT_EQ(json["provisions"][0]["id"], "por-notification-2025");
  for (const auto& p : json["provisions"]) {
    EXPECT_TRUE(p["title"].is_string());
    EXPECT_TRUE(p["source"].is_string());
    EXPECT_FALSE(p["source"].get<std::string>().empty());
  }
  EXPECT_TRUE(json["warnings"].is_array());
  EXPECT_TRUE(json["next_steps"].is_array());
  EXPECT_FALSE(json["next_steps"].empty());
  EXPECT_EQ(json["deciding_documents"], nlohmann::json::array({"por_card"}));
}

TEST(StatusCommand, NoDocMeansNoDocuments) {
  const CommandRun run = Sanad("status --date 2023-11-01 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["status"], "removal_in_force");
  EXPECT_EQ(json["provisions"][0]["id"], "undocumented-first-phase");
}

TEST(StatusCommand, DocNoneMeansNoDocuments) {
  const CommandRun run = Sanad("status --date 2023-10-03 --doc none --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["status"], "removal_announced");
  EXPECT_EQ(json["deciding_documents"], nlohmann::json::array());
}

TEST(StatusCommand, EntryWithPassportAndValidVisa) {
  const CommandRun ok = Sanad(
      "status --date 2024-03-01 --context entry --doc passport --doc visa:valid_until=2024-06-01 "
      "--json");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["status"], "admissible");
  const CommandRun expired = Sanad(
      "status --date 2024-07-01 --context entry --doc passport --doc visa:valid_until=2024-06-01 "
      "--json");
  ASSERT_EQ(expired.exit_code, 0) << expired.err;
  const auto json = nlohmann::json::parse(expired.out);
  EXPECT_EQ(json["status"], "inadmissible");
  EXPECT_EQ(json["missing_documents"], nlohmann::json::array({"visa"}));
}

TEST(StatusCommand, HumanOutputNamesTheSource) {
  const CommandRun run = Sanad("status --date 2024-03-01 --doc acc --doc por_card");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("LAWFUL"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("[por-extension-2024]"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Source: Federal Cabinet of Pakistan"), std::string::npos) << run.out;
}

TEST(StatusCommand, TimelineJson) {
  const CommandRun run =
      Sanad("status --timeline --date 2025-06-01 --until 2025-10-01 --doc por_card --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["segments"].size(), 4u) << run.out;
  EXPECT_EQ(json["segments"][1]["from"], "2025-07-01");
  EXPECT_EQ(json["segments"][1]["status"], "tolerated");
  EXPECT_EQ(json["segments"][3]["status"], "removal_in_force");
  EXPECT_EQ(json["segments"][3]["to"], "2025-10-01");
}

TEST(StatusCommand, TimelineText) {
  const CommandRun run = Sanad("status --timeline --date 2025-06-01 --until 2025-10-01 --doc acc");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2025-06-01 to 2025-10-01  REMOVAL IN FORCE"), std::string::npos)
      << run.out;
}

TEST(StatusCommand, BadInputFailsWithAClearMessage) {
  const CommandRun bad_type = Sanad("status --date 2024-01-01 --doc green_card");
  EXPECT_NE(bad_type.exit_code, 0);
  EXPECT_NE(bad_type.err.find("unknown document type 'green_card'"), std::string::npos)
      << bad_type.err;
  const CommandRun bad_date = Sanad("status --date 2024-13-01");
  EXPECT_NE(bad_date.exit_code, 0);
  EXPECT_NE(bad_date.err.find("YYYY-MM-DD"), std::string::npos) << bad_date.err;
  const CommandRun bad_context = Sanad("status --date 2024-01-01 --context exit");
  EXPECT_NE(bad_context.exit_code, 0);
  const CommandRun bad_option = Sanad("status --date 2024-01-01 --doc visa:until=2024-01-01");
  EXPECT_NE(bad_option.exit_code, 0);
  EXPECT_NE(bad_option.err.find("valid_until"), std::string::npos) << bad_option.err;
}

TEST(StatusCommand, SaysTheExplanationInTheLanguageAsked) {
  const CommandRun json_run =
      Sanad("status --date 2025-08-15 --doc por_card --json --language fa-AF");
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const auto json = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(json["language"], "fa-AF");
  EXPECT_EQ(json["provisions"][0]["id"], "por-notification-2025");
  EXPECT_EQ(json["provisions"][0]["title"],
            "دارندگان کارت PoR غیرقانونی اعلام شدند؛ اخراج از 2025-09-01");
  EXPECT_EQ(json["provisions"][0]["language"], "fa-AF");

  // The plain text says the same as the JSON.
  const CommandRun text_run = Sanad("status --date 2025-08-15 --doc por_card --language fa-AF");
  ASSERT_EQ(text_run.exit_code, 0) << text_run.err;
  EXPECT_NE(text_run.out.find(json["provisions"][0]["explanation"].get<std::string>()),
            std::string::npos)
      << text_run.out;
  EXPECT_NE(text_run.out.find(json["next_steps"][0].get<std::string>()), std::string::npos);
  EXPECT_NE(text_run.out.find(json["status_text"].get<std::string>()), std::string::npos);
  EXPECT_NE(text_run.out.find(json["reason"].get<std::string>()), std::string::npos);
  EXPECT_NE(text_run.out.find("گام بعدی:"), std::string::npos) << "headings in Dari too";
  EXPECT_EQ(text_run.out.find("What to do next"), std::string::npos) << text_run.out;
  EXPECT_NE(text_run.out.find("کارت PoR"), std::string::npos)
      << "the documents held, named in Dari";

  const CommandRun english = Sanad("status --date 2025-08-15 --doc por_card --json");
  EXPECT_EQ(nlohmann::json::parse(english.out)["language"], "en");

  const CommandRun bad = Sanad("status --date 2025-08-15 --doc por_card --language de");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--language must be one of en, ps, fa-AF, ur"), std::string::npos)
      << bad.err;
}

TEST(PolicyCheckCommand, ShippedFileIsValid) {
  const CommandRun run = Sanad("policy check '" SANAD_POLICIES_DIR "/pakistan-afghans.toml'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(": ok: policy 'pakistan-afghans'"), std::string::npos) << run.out;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << run.out;
  EXPECT_EQ(run.err, "") << "the shipped file is translated in full";
}

TEST(PolicyCheckCommand, WarnsOfMissingTranslationsWithoutFailing) {
  const CommandRun run = Sanad("policy check '" SANAD_POLICY_DATA_DIR "/small.toml'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(": ok: policy 'small'"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("small.toml:6: warning: provision 'acc-lawful' has no text in ps, "
                         "fa-AF, ur"),
            std::string::npos)
      << run.err;
}

TEST(PolicyCheckCommand, BadFileFailsWithFileAndLine) {
  const CommandRun run = Sanad("policy check '" SANAD_POLICY_DATA_DIR "/overlap.toml'");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("overlap.toml:16: provision 'b' overlaps provision 'a' (line 6)"),
            std::string::npos)
      << run.err;
  const CommandRun missing = Sanad("policy check /nonexistent/policy.toml");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
}

TEST(StatusCommand, UsesAPolicyFileGivenWithPolicy) {
  const CommandRun run = Sanad(
      "status --date 2024-06-01 --doc acc --json --policy '" SANAD_POLICY_DATA_DIR "/small.toml'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["policy"], "small");
  EXPECT_EQ(json["status"], "lawful");
  EXPECT_EQ(json["provisions"][0]["id"], "acc-lawful");
}

}  // namespace
