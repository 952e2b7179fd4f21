// HCL's quoted-string escapes, hclsyntax's rules in one place: the parser, `fmt`'s syntax check
// and the state address parser (instance keys such as aws_x.y["a\"b"]) all unescape with this.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fgform::hcl {

// Appends the value of a quoted literal's source bytes (without the quotes) to `out`:
// \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ and %%{ as the literal ${ and %{. A lone backslash
// at the very end, which only an unterminated string leaves, is kept as it is. On an invalid
// escape returns hclsyntax's detail message, and `out` holds what came before it.
std::optional<std::string> unescape_quoted(std::string_view bytes, std::string& out);

}  // namespace fgform::hcl
