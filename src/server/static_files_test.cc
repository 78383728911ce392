// Path traversal: nothing outside the dashboard folder is ever served, by
// "..", by an encoded "..", by a backslash, or through a symlink.
#include "server/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace truce::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("truce-static-" + std::to_string(getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "assets");
    fs::create_directories(base_ / "web-secret");
    Write(base_ / "web" / "index.html", "<html>");
    Write(base_ / "web" / "assets" / "app.js", "js");
    Write(base_ / "secret.txt", "secret");
    Write(base_ / "web-secret" / "x.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
    fs::create_symlink(base_, base_ / "web" / "up");
    fs::create_symlink(base_ / "web" / "assets" / "app.js",
                       base_ / "web" / "inner.js");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void Write(const fs::path& p, const std::string& s) {
    std::ofstream(p) << s;
  }
  fs::path root() const { return base_ / "web"; }
  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesInside) {
  auto f = ResolveStaticPath(root(), "/assets/app.js");
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, fs::canonical(root() / "assets" / "app.js"));
  EXPECT_EQ(*ResolveStaticPath(root(), "/"),
            fs::canonical(root() / "index.html"));
  // A dashboard route without an extension is the single-page app.
  EXPECT_EQ(*ResolveStaticPath(root(), "/incidents"),
            fs::canonical(root() / "index.html"));
  // A symlink to a file inside is fine.
  EXPECT_TRUE(ResolveStaticPath(root(), "/inner.js"));
}

TEST_F(StaticFilesTest, RefusesEverythingOutside) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/..", "/.",
        "/./index.html", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
        "/assets\\..\\..\\secret.txt", "/link.txt", "/up/secret.txt",
        "/up/web-secret/x.txt", "/../web-secret/x.txt", "/missing.js",
        "secret.txt", ""}) {
    EXPECT_FALSE(ResolveStaticPath(root(), path)) << path;
  }
  EXPECT_FALSE(
      ResolveStaticPath(root(), std::string_view("/index.html\0x", 13)));
  EXPECT_FALSE(ResolveStaticPath(base_ / "nope", "/index.html"));
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace truce::server
