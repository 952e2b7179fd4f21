// textencodebase64 and textdecodebase64: text in another character encoding, carried in base64.
// Terraform takes IANA encoding names through golang.org/x/text; glibc's iconv knows the same
// names and aliases (UTF-16LE, ISO-8859-1, windows-1252, Shift_JIS, GB18030, ...), so the
// conversion is iconv's rather than a hand-written table per encoding.
#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int symbol_value(char c) {
  const char* p = c == '\0' ? nullptr : std::strchr(kAlphabet, c);
  return p ? static_cast<int>(p - kAlphabet) : -1;
}

// Go's base64.StdEncoding.DecodeString: the bytes, or the offset Go's CorruptInputError names
// (line breaks are skipped, padding is required, nothing may follow it).
std::variant<std::string, std::size_t> decode_base64(std::string_view src) {
  std::string out;
  std::size_t si = 0;
  auto skip_newlines = [&] {
    while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) ++si;
  };
  for (;;) {
    int quantum[4] = {0, 0, 0, 0};
    int j = 0;
    int dlen = 4;
    bool end = false;
    for (; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return out;
        return si - static_cast<std::size_t>(j);  // a quantum cut short (padding is required)
      }
      const char in = src[si++];
      const int v = symbol_value(in);
      if (v >= 0) {
        quantum[j] = v;
        continue;
      }
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=') return si - 1;
      if (j < 2) return si - 1;  // padding too early
      if (j == 2) {
        skip_newlines();
        if (si == src.size()) return src.size();  // "=" where "==" is needed
        if (src[si] != '=') return si - 1;
        ++si;
      }
      skip_newlines();
      if (si < src.size()) return si;  // something after the padding
      dlen = j;
      end = true;
      break;
    }
    const unsigned n = (static_cast<unsigned>(quantum[0]) << 18) |
                       (static_cast<unsigned>(quantum[1]) << 12) |
                       (static_cast<unsigned>(quantum[2]) << 6) | static_cast<unsigned>(quantum[3]);
    out += static_cast<char>((n >> 16) & 0xff);
    if (dlen > 2) out += static_cast<char>((n >> 8) & 0xff);
    if (dlen > 3) out += static_cast<char>(n & 0xff);
    if (end) return out;
  }
}

enum class Convert { kOk, kUnknownEncoding, kInvalidInput };

// iconv from one encoding to another, all or nothing.
Convert convert(const std::string& from, const std::string& to, std::string_view in,
                std::string& out) {
  iconv_t cd = iconv_open(to.c_str(), from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return Convert::kUnknownEncoding;
  std::string input(in);
  char* inp = input.data();
  std::size_t inleft = input.size();
  Convert result = Convert::kOk;
  char buf[4096];
  out.clear();
  for (;;) {
    char* outp = buf;
    std::size_t outleft = sizeof buf;
    // A null input flushes the converter's shift state at the end.
    const std::size_t r = inleft > 0 ? iconv(cd, &inp, &inleft, &outp, &outleft)
                                     : iconv(cd, nullptr, nullptr, &outp, &outleft);
    out.append(buf, static_cast<std::size_t>(outp - buf));
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      result = Convert::kInvalidInput;  // EILSEQ, or EINVAL for a sequence cut short
      break;
    }
    if (inleft == 0 && inp != nullptr) {
      inp = nullptr;  // the input is consumed: one more call to flush
      continue;
    }
    break;
  }
  iconv_close(cd);
  return result;
}

std::string unsupported(const std::string& name) {
  return nlohmann::json(name).dump() +
         " is not a supported IANA encoding name or alias in this fgform version";
}

Function textencodebase64_function() {
  return make({param("string", Type::string()), param("encoding", Type::string())}, Type::string(),
              [](const Args& a) -> Result {
                const std::string& name = a[1].as_string();
                std::string encoded;
                switch (convert("UTF-8", name, a[0].as_string(), encoded)) {
                  case Convert::kUnknownEncoding:
                    return error(unsupported(name), 1);
                  case Convert::kInvalidInput:
                    return error(
                        "the given string contains characters that cannot be "
                        "represented in " +
                            name,
                        0);
                  case Convert::kOk:
                    break;
                }
                return Value::string(base64_encode(encoded));
              });
}

Function textdecodebase64_function() {
  return make({param("source", Type::string()), param("encoding", Type::string())}, Type::string(),
              [](const Args& a) -> Result {
                const std::string& name = a[1].as_string();
                std::string probe;
                if (convert(name, "UTF-8", "", probe) == Convert::kUnknownEncoding) {
                  return error(unsupported(name), 1);
                }
                auto bytes = decode_base64(a[0].as_string());
                if (auto* offset = std::get_if<std::size_t>(&bytes)) {
                  // (Terraform's message, word for word.)
                  return error("the given value is has an invalid base64 symbol at offset " +
                                   std::to_string(*offset),
                               0);
                }
                std::string text;
                if (convert(name, "UTF-8", std::get<std::string>(bytes), text) != Convert::kOk) {
                  return error("the given string contains symbols that are not defined for " + name,
                               0);
                }
                return Value::string(text);
              });
}

}  // namespace

void add_text_encoding_functions(FunctionTable& table) {
  table["textencodebase64"] = textencodebase64_function();
  table["textdecodebase64"] = textdecodebase64_function();
}

}  // namespace fgform::lang::functions
