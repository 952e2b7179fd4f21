// Registry-style Markdown docs rendered from the schemas: docs/index.md, docs/resources/*.md and
// docs/data-sources/*.md. The committed docs are checked against this output by a test.
#pragma once

#include <map>
#include <string>

#include "registry.h"

namespace fgform::schema {

// Relative path (e.g. "resources/function.md") -> Markdown text.
std::map<std::string, std::string> render_docs(const Registry& registry);

}  // namespace fgform::schema
