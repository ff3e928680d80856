// `sanad dedupe` end to end through the binary (skipped when it is not built).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../testing/files.h"

namespace {

using sanad::testing::ReadWholeFile;

namespace fs = std::filesystem;

class DedupeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(SANAD_BINARY)) GTEST_SKIP() << "build the sanad target first";
    dir_ = fs::temp_directory_path() / ("sanad_dedupe_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  int Run(const std::string& arguments) {
    const std::string command = std::string(SANAD_BINARY) + " dedupe " + arguments + " 2> " +
                                (dir_ / "stderr.txt").string();
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  fs::path dir_;
};

const char* kHeader =
    "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,phone,"
    "tazkira_number,por_number,province,district\n";

TEST_F(DedupeCommand, WritesAClusterForEveryRecordAndThePairs) {
  std::ofstream(dir_ / "persons.csv")
      << kHeader
      << "a1,Zabihullah,Abdul Rahman,Ghulam Sakhi,,m,1985-02-03,0700123456,1400-1,,Nangarhar,\n"
      << "a2,ذبیح الله,عبدالرحمن,غلام سخی,,m,1985,+93 700 123 456,,,ننگرهار,\n"
      << "b1,Gulalai,Nabi,,,f,1999,,,,Kabul,\n"
      << "c1,Karim,Daud,Wali,,m,1970,,,,Khost,\n";
  ASSERT_EQ(
      Run("--in " + (dir_ / "persons.csv").string() + " --out " + (dir_ / "clusters.csv").string() +
          " --pairs " + (dir_ / "pairs.csv").string() + " --threads 2"),
      0)
      << ReadWholeFile(dir_ / "stderr.txt");
  const std::string clusters = ReadWholeFile(dir_ / "clusters.csv");
  EXPECT_EQ(clusters, "record_id,cluster_id\na1,a1\na2,a1\nb1,b1\nc1,c1\n");
  const std::string pairs = ReadWholeFile(dir_ / "pairs.csv");
  EXPECT_EQ(pairs.rfind("record_id_l,record_id_r,match_probability,match_weight\na1,a2,", 0), 0U)
      << pairs;
}

TEST_F(DedupeCommand, WithTheTruthSaysWhereTheTruePairsWent) {
  std::ofstream(dir_ / "persons.csv")
      << kHeader
      << "a1,Zabihullah,Abdul Rahman,Ghulam Sakhi,,m,1985-02-03,0700123456,1400-1,,Nangarhar,\n"
      << "a2,ذبیح الله,عبدالرحمن,غلام سخی,,m,1985,+93 700 123 456,,,ننگرهار,\n"
      << "c1,Karim,Daud,Wali,,m,1970,,,,Khost,\n"
      << "c2,Karim,,,,m,,,,,Khost,\n";  // c1's person: no key in common with c1
  std::ofstream(dir_ / "truth.csv") << "record_id,person_id\na1,P1\na2,P1\nc1,P3\nc2,P3\n";
  ASSERT_EQ(Run("--in " + (dir_ / "persons.csv").string() + " --out " +
                (dir_ / "clusters.csv").string() + " --truth " + (dir_ / "truth.csv").string()),
            0)
      << ReadWholeFile(dir_ / "stderr.txt");
  const std::string report = ReadWholeFile(dir_ / "stderr.txt");
  EXPECT_NE(report.find("true pairs: 2\n"), std::string::npos) << report;
  EXPECT_NE(report.find("blocked (pair completeness) 1  0.5000"), std::string::npos) << report;
  EXPECT_NE(report.find("not blocked, sharing no key 1  0.5000"), std::string::npos) << report;
  EXPECT_NE(report.find("blocked and in one cluster 1  0.5000"), std::string::npos) << report;
}

TEST_F(DedupeCommand, RefusesAMalformedFileNamingLineAndColumn) {
  std::ofstream(dir_ / "bad.csv") << kHeader << "a1,Ahmad,,,,m,1990,,,,,\n"
                                  << "a2,Nabi,,,,m,1990-13-40,,,,,\n";
  EXPECT_NE(Run("--in " + (dir_ / "bad.csv").string() + " --out " + (dir_ / "out.csv").string()),
            0);
  const std::string error = ReadWholeFile(dir_ / "stderr.txt");
  EXPECT_NE(error.find("bad.csv:3: birth_date: "), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir_ / "out.csv"));
}

}  // namespace
