// The OpenAPI 3.0 document of truce's HTTP API (docs/api/openapi.json),
// compiled into the binary so that the served document is the one in the
// source tree (src/server/CMakeLists.txt generates openapi_doc.cc from it).
//
// Thread safety: immutable data.
#ifndef TRUCE_SERVER_OPENAPI_DOC_H_
#define TRUCE_SERVER_OPENAPI_DOC_H_

#include <string_view>

namespace truce::server {

std::string_view OpenApiDocument();

}  // namespace truce::server

#endif  // TRUCE_SERVER_OPENAPI_DOC_H_
