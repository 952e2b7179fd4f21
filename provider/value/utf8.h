// UTF-8 encoding of one code point: strings are UTF-8 everywhere in the value model, and the HCL
// parser, its JSON syntax and the string functions all need to write code points into them.
#pragma once

#include <cstdint>
#include <string>

namespace fgform::value {

// Appends the UTF-8 encoding of `code_point`; the caller has checked it is a Unicode scalar
// value (at most 0x10FFFF, not a surrogate).
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace fgform::value
