// `sanad synth` and `sanad evaluate`, run as a user would.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../testing/files.h"
#include "../testing/process.h"
#include "../testing/temp_dir.h"

namespace sanad {
namespace {

using sanad::testing::ReadWholeFile;

// The sanad binary with `args`; a free function, as Run inside a test body
// would name testing::Test::Run.
testing::RunResult Sanad(std::vector<std::string> args) {
  args.insert(args.begin(), SANAD_BINARY);
  return testing::Run(std::move(args));
}

TEST(SynthCommand, WritesTheSameFilesForTheSameSeed) {
  testing::TempDir dir;
  auto a = Sanad({"synth", "--persons", "300", "--seed", "9", "--out", dir.File("a")});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.err.find("300 persons"), std::string::npos) << a.err;
  auto b = Sanad({"synth", "--persons", "300", "--seed", "9", "--out", dir.File("b")});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string persons = ReadWholeFile(dir.File("a/persons.csv"));
  EXPECT_TRUE(persons.starts_with("record_id,given_name,father_name,grandfather_name"));
  EXPECT_EQ(persons, ReadWholeFile(dir.File("b/persons.csv")));
  EXPECT_TRUE(ReadWholeFile(dir.File("a/truth.csv")).starts_with("record_id,person_id\n"));
}

// Like defect K: NaN passed the 0..1 range check of --duplicate-share.
TEST(SynthCommand, RefusesANanDuplicateShare) {
  testing::TempDir dir;
  for (const char* share : {"nan", "-nan", "1.5"}) {
    SCOPED_TRACE(share);
    auto r =
        Sanad({"synth", "--persons", "10", "--duplicate-share", share, "--out", dir.File("a")});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("--duplicate-share"), std::string::npos) << r.err;
  }
}

TEST(EvaluateCommand, ScoresTheTruthAgainstItselfAsPerfect) {
  testing::TempDir dir;
  ASSERT_EQ(Sanad({"synth", "--persons", "300", "--out", dir.path().string()}).exit_code, 0);
  // The truth as clusters: person ids as cluster ids.
  std::string clusters = ReadWholeFile(dir.File("truth.csv"));
  clusters.replace(0, clusters.find('\n'), "record_id,cluster_id");
  std::ofstream(dir.File("clusters.csv")) << clusters;
  auto run =
      Sanad({"evaluate", "--truth", dir.File("truth.csv"), "--clusters", dir.File("clusters.csv")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("precision          1.0000"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("f1                 1.0000"), std::string::npos) << run.out;

  // Every record alone: nothing predicted, nothing found.
  std::ofstream(dir.File("alone.csv")) << "record_id,cluster_id\n";
  run = Sanad({"evaluate", "--truth", dir.File("truth.csv"), "--clusters", dir.File("alone.csv")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("recall             0.0000"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("have no cluster"), std::string::npos) << run.err;
}

TEST(EvaluateCommand, NamesTheFileLineAndColumnOfABadInput) {
  testing::TempDir dir;
  std::ofstream(dir.File("truth.csv")) << "record_id,person_id\nr1,P1\n";
  std::ofstream(dir.File("bad.csv")) << "record_id,cluster\nr1,1\n";
  auto run =
      Sanad({"evaluate", "--truth", dir.File("truth.csv"), "--clusters", dir.File("bad.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("bad.csv:1: header:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("cluster_id"), std::string::npos) << run.err;

  run = Sanad({"evaluate", "--truth", dir.File("missing.csv"), "--clusters", dir.File("bad.csv")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot read"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace sanad
