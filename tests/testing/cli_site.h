// A site in a temporary folder for tests of the `sanad` binary: run a
// command against its database, or open its store in this process as the
// server would.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad::testing {

struct CliSite {
  TempDir dir;
  std::string db = dir.File("site.db");

  // `sanad ARGS... --db DB`.
  RunResult Sanad(std::vector<std::string> args) {
    args.insert(args.begin(), SANAD_BINARY);
    args.insert(args.end(), {"--db", db});
    return Run(args);
  }
  // Opens the site's store in this process, as the server would.
  std::unique_ptr<store::Store> Open() {
    auto keys = store::KeyRing::FromKeyFile(dir.File("sanad.key"));
    EXPECT_TRUE(keys) << keys.error().message;
    auto s = store::Store::OpenSqliteFile(db, std::move(*keys));
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }
};

}  // namespace sanad::testing
