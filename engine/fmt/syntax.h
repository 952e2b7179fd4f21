// A syntax check of the HCL native syntax over the token stream, and the shape of the body it
// finds. `terraform fmt` refuses files that do not parse (formatting broken input could mangle
// it), and its rewrites need to know where attributes, blocks and labels are; this gives both
// without depending on the full parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/token.h"
#include "value/diagnostics.h"

namespace fgform::fmt {

struct SyntaxAttribute {
  std::size_t name = 0;        // index of the name token
  std::size_t expr_begin = 0;  // first token of the expression
  std::size_t expr_end = 0;    // one past its last token
};

struct SyntaxBody;

struct SyntaxBlock {
  std::size_t type = 0;             // index of the block type token
  std::vector<std::string> labels;  // label values (escapes processed)
  std::size_t labels_end = 0;       // one past the last label token (type + 1 if none)
  std::vector<SyntaxBody> body;     // exactly one element (vector: incomplete type)
};

struct SyntaxBody {
  std::vector<SyntaxAttribute> attributes;
  std::vector<SyntaxBlock> blocks;
};

struct SyntaxResult {
  SyntaxBody body;
  value::Diagnostics diagnostics;  // errors mean the structure above is incomplete
  std::string context;             // header of the top-level block holding the error, if any
};

// `tokens` is hcl::lex's output for a configuration file (tab tokens, if any, removed).
// Never throws; deep nesting is reported as an error rather than overflowing the stack.
SyntaxResult check_syntax(const std::vector<hcl::Token>& tokens, std::string_view filename);

}  // namespace fgform::fmt
