#include "web/web_assets.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace sanad::web {
namespace {

TEST(WebAssets, RootMapsToIndexHtml) {
  const Asset* root = FindAsset("/");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->path, "/index.html");
  EXPECT_EQ(root->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(root, FindAsset("/index.html"));
  EXPECT_EQ(root, FindAsset("/?lang=ps"));
  EXPECT_EQ(root, FindAsset("/#/register"));
}

TEST(WebAssets, UnknownPathsAreNotFound) {
  for (const char* path :
       {"/nope.js", "/assets/", "/index.htm", "index.html", "/../CMakeLists.txt"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(FindAsset(path), nullptr);
  }
}

TEST(WebAssets, TextAssetsAreGzipStreams) {
  int text_assets = 0;
  for (const Asset& asset : Assets()) {
    SCOPED_TRACE(std::string(asset.path));
    ASSERT_FALSE(asset.body.empty());
    const bool text = asset.content_type.starts_with("text/") ||
                      asset.content_type == "application/json" ||
                      asset.content_type == "image/svg+xml";
    EXPECT_EQ(asset.gzipped, text);
    if (asset.gzipped) {
      ++text_assets;
      ASSERT_GE(asset.body.size(), 18u);
      EXPECT_EQ(static_cast<unsigned char>(asset.body[0]), 0x1fu);
      EXPECT_EQ(static_cast<unsigned char>(asset.body[1]), 0x8bu);
    }
  }
  EXPECT_GE(text_assets, 2);  // index.html and at least one script
}

TEST(WebAssets, AssetsAreSortedAndUnique) {
  const auto assets = Assets();
  for (std::size_t i = 1; i < assets.size(); ++i) {
    EXPECT_LT(assets[i - 1].path, assets[i].path);
  }
}

// The app is a script bundle under /assets/ (its name carries a content hash)
// served as JavaScript, so that the CSP's script-src 'self' loads it.
TEST(WebAssets, EmbedsTheScriptBundleAsJavaScript) {
  bool found_script = false;
  for (const Asset& asset : Assets()) {
    if (asset.path.starts_with("/assets/") && asset.path.ends_with(".js")) {
      found_script = true;
      EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
      EXPECT_EQ(FindAsset(asset.path), &asset);
    }
  }
  EXPECT_TRUE(found_script);
  const auto total = Assets().size();
  EXPECT_LT(total, 64u) << "the app should stay a handful of files";
}

// Issue 7: the whole app under 300 KB gzipped, for a slow site Wi-Fi.
TEST(WebAssets, WholeAppIsUnder300KilobytesGzipped) {
  std::size_t total = 0;
  for (const Asset& asset : Assets()) total += asset.body.size();
  EXPECT_LT(total, 300u * 1024u);
}

}  // namespace
}  // namespace sanad::web
