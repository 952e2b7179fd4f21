// Go's strconv.Quote, which Terraform's messages and plans show strings with. Lives with the
// values so that every layer (plan checks, renderers) quotes the same way.
#pragma once

#include <string>
#include <string_view>

namespace fgform::value {

// Double quotes, \" \\ \n \t ... escapes, \x.. for invalid UTF-8 and other control bytes;
// printable non-ASCII characters are kept as they are.
std::string go_quote(std::string_view s);

}  // namespace fgform::value
