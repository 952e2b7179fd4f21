// Tokens of the HCL native syntax, as hclsyntax's scanner produces them. Comments, newlines and
// every byte of the source are kept, so the same token stream serves the parser (which skips
// comments) and `fgform fmt` (which re-spaces tokens but must not lose any).
#pragma once

#include <string_view>
#include <vector>

#include "value/diagnostics.h"

namespace fgform::hcl {

enum class TokenType {
  kOBrace,     // {
  kCBrace,     // }
  kOBrack,     // [
  kCBrack,     // ]
  kOParen,     // (
  kCParen,     // )
  kOQuote,     // " opening a quoted template
  kCQuote,     // " closing it
  kOHeredoc,   // <<EOT or <<-EOT, including the newline after the marker
  kCHeredoc,   // the closing marker line (leading spaces included, newline not)
  kStar,       // *
  kSlash,      // /
  kPlus,       // +
  kMinus,      // -
  kPercent,    // %
  kEqual,      // =
  kEqualOp,    // ==
  kNotEqual,   // !=
  kLessThan,   // <
  kLessThanEq,     // <=
  kGreaterThan,    // >
  kGreaterThanEq,  // >=
  kAnd,        // &&
  kOr,         // ||
  kBang,       // !
  kDot,        // .
  kComma,      // ,
  kDoubleColon,  // ::
  kEllipsis,   // ...
  kFatArrow,   // =>
  kQuestion,   // ?
  kColon,      // :
  kTemplateInterp,   // ${ or ${~
  kTemplateControl,  // %{ or %{~
  kTemplateSeqEnd,   // } or ~} closing an interpolation or directive
  kQuotedLit,  // literal text inside a quoted template (escapes not yet processed)
  kStringLit,  // literal text inside a heredoc or a bare template
  kNumberLit,
  kIdent,
  kComment,    // #..., //... (including the newline) or /* ... */
  kNewline,
  kEOF,
  // Tokens that are always errors, kept so diagnostics can point at them.
  kBitwiseAnd,  // &
  kBitwiseOr,   // |
  kBitwiseNot,  // ~ outside a template marker
  kBitwiseXor,  // ^
  kStarStar,    // **
  kApostrophe,  // '
  kBacktick,    // `
  kSemicolon,   // ;
  kTabs,        // tab characters used for indentation
  kInvalid,     // any other character
  kBadUTF8,
  kQuotedNewline,  // a newline inside a quoted string
};

struct Token {
  TokenType type = TokenType::kInvalid;
  std::string_view bytes;  // a view into the source given to lex()
  value::SourceRange range;
};

enum class LexMode {
  kNormal,    // a configuration file or an expression
  kTemplate,  // a bare template (templatefile, the body of a JSON string)
};

// Tokens in source order, the last one kEOF. Spaces between tokens are not tokens (their bytes
// lie between one token's range and the next); everything else, comments and newlines included,
// is. Never fails: bad input becomes kInvalid / kBadUTF8 / ... tokens for the parser to report.
std::vector<Token> lex(std::string_view source, std::string_view filename,
                       LexMode mode = LexMode::kNormal);

}  // namespace fgform::hcl
