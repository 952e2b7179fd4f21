// Entry points of the native syntax: configuration files, standalone expressions (-var values,
// TF_VAR_ complex values), bare templates (templatefile) and traversals (CLI addresses).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "hcl/body.h"
#include "hcl/expression.h"
#include "hcl/traversal.h"
#include "value/codec.h"

namespace fgform::hcl {

// A parsed file. It owns its source bytes, which the renderer of diagnostics can show.
struct File {
  std::string filename;
  std::shared_ptr<const std::string> source;
  BodyPtr body;
};

// Parse results always carry a usable (possibly partial) tree, even with errors.
value::Decoded<std::shared_ptr<File>> parse_config(std::string_view source, std::string filename);
value::Decoded<ExprPtr> parse_expression(std::string_view source, std::string filename);
value::Decoded<ExprPtr> parse_template(std::string_view source, std::string filename);
value::Decoded<Traversal> parse_traversal(std::string_view source, std::string filename);

// The deepest expression or block nesting the parser accepts.
inline constexpr int kMaxNestingDepth = 500;

// The most errors reported for one file; one more diagnostic then says how many were left out.
inline constexpr std::size_t kMaxFileErrors = 20;

}  // namespace fgform::hcl
