// The served OpenAPI document and the route table cannot drift: every route
// the server registers is in the document with the same method, roles and
// body limit, and the document has no route the server does not serve.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "server/openapi_doc.h"
#include "server/routes.h"

namespace truce::server {
namespace {

TEST(OpenApiTest, DocumentIsOpenApi3) {
  auto doc = nlohmann::json::parse(OpenApiDocument());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.0.", 0), 0u);
  EXPECT_TRUE(doc["info"].contains("title"));
  EXPECT_TRUE(doc["info"].contains("version"));
  // Every $ref resolves.
  std::function<void(const nlohmann::json&)> walk =
      [&](const nlohmann::json& j) {
        if (j.is_object()) {
          if (j.contains("$ref")) {
            std::string ref = j["$ref"];
            ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0u) << ref;
            EXPECT_TRUE(doc["components"]["schemas"].contains(
                ref.substr(std::string("#/components/schemas/").size())))
                << ref;
          }
          for (const auto& [k, v] : j.items()) walk(v);
        } else if (j.is_array()) {
          for (const auto& v : j) walk(v);
        }
      };
  walk(doc);
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndNothingElse) {
  auto doc = nlohmann::json::parse(OpenApiDocument());
  std::set<std::pair<std::string, std::string>> served, documented;
  for (const Route& r : Routes()) {
    std::string method(r.method);
    for (auto& c : method) c = static_cast<char>(std::tolower(c));
    served.insert({std::string(r.path), method});
    ASSERT_TRUE(doc["paths"].contains(std::string(r.path))) << r.path;
    const auto& paths = doc["paths"][std::string(r.path)];
    ASSERT_TRUE(paths.contains(method)) << r.method << " " << r.path;
    const auto& op = paths[method];
    std::set<std::string> roles;
    for (Role role : {Role::kPublic, Role::kParty, Role::kGuarantor,
                      Role::kMonitor, Role::kAdmin}) {
      if (Allows(r, role)) roles.insert(std::string(Name(role)));
    }
    EXPECT_EQ(op["x-roles"].get<std::set<std::string>>(), roles) << r.path;
    EXPECT_EQ(op["x-max-body-bytes"].get<size_t>(), r.max_body_bytes) << r.path;
    EXPECT_TRUE(op["responses"].contains("401")) << r.path;
    EXPECT_TRUE(op["responses"].contains("429")) << r.path;
    // Admin may call everything.
    EXPECT_TRUE(Allows(r, Role::kAdmin)) << r.path;
  }
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      if (method == "parameters") continue;
      documented.insert({path, method});
    }
  }
  EXPECT_EQ(served, documented);
}

}  // namespace
}  // namespace truce::server
