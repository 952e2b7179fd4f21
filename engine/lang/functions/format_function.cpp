// format and formatlist: Go-style verbs as cty implements them (flags, width, precision, [n]
// argument indexes), working on exact decimal numbers rather than floats.
#include <algorithm>

#include "lang/functions/helpers.h"
#include "value/codec.h"

namespace fgform::lang::functions {
namespace {

struct Verb {
  std::string raw;
  std::size_t offset = 0;
  std::size_t arg = 1;  // 1-based
  char mode = 'v';
  bool zero = false, sharp = false, plus = false, minus = false, space = false;
  int width = -1;
  int precision = -1;
};

std::string quote(const std::string& s) {
  return nlohmann::json(s).dump();
}

std::string json_text(const Value& v) {
  auto j = value::to_json(v, v.type());
  return j.value.dump();
}

std::string pad(const Verb& verb, const std::string& s, bool numeric = false) {
  const auto len = static_cast<int>(utf8_chars(s).size());
  if (verb.width < 0 || len >= verb.width) return s;
  const auto n = static_cast<std::size_t>(verb.width - len);
  if (verb.minus) return s + std::string(n, ' ');
  if (verb.zero && numeric) {
    // Zeros go after the sign.
    std::size_t sign = !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
    return s.substr(0, sign) + std::string(n, '0') + s.substr(sign);
  }
  return std::string(n, verb.zero ? '0' : ' ') + s;
}

// Splits canonical decimal text into sign, integer digits and fraction digits.
void split_number(const Number& n, bool* negative, std::string* integer, std::string* fraction) {
  std::string t = n.text();
  *negative = n.is_negative();
  if (*negative) t.erase(0, 1);
  auto point = t.find('.');
  *integer = point == std::string::npos ? t : t.substr(0, point);
  *fraction = point == std::string::npos ? "" : t.substr(point + 1);
}

// Rounds digits (an unsigned decimal integer in text) keeping `keep` leading digits, half to
// even; returns the kept digits, which may have grown by one ("99" -> "100").
std::string round_digits(const std::string& digits, std::size_t keep) {
  if (digits.size() <= keep) return digits + std::string(keep - digits.size(), '0');
  std::string kept = digits.substr(0, keep);
  const char first = digits[keep];
  const bool rest_zero = std::all_of(digits.begin() + static_cast<long>(keep) + 1, digits.end(),
                                     [](char c) { return c == '0'; });
  const bool odd = !kept.empty() && (kept.back() - '0') % 2 == 1;
  if (first > '5' || (first == '5' && (!rest_zero || odd))) {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0 && kept[static_cast<std::size_t>(i)] == '9')
      kept[static_cast<std::size_t>(i--)] = '0';
    if (i < 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[static_cast<std::size_t>(i)];
    }
  }
  return kept;
}

std::string sign_prefix(const Verb& verb, bool negative) {
  return negative ? "-" : (verb.plus ? "+" : (verb.space ? " " : ""));
}

std::string format_fixed(const Number& n, int precision) {
  bool negative;
  std::string integer, fraction;
  split_number(n, &negative, &integer, &fraction);
  const auto prec = static_cast<std::size_t>(precision);
  std::string all = round_digits(integer + fraction, integer.size() + prec);
  std::string int_part = all.substr(0, all.size() - prec);
  std::string out = int_part.empty() ? "0" : int_part;
  if (prec > 0) out += "." + all.substr(all.size() - prec);
  return out;
}

// Significant digits and decimal exponent: value = 0.d1d2d3... * 10^exp.
void significand(const Number& n, std::string* digits, long* exp) {
  bool negative;
  std::string integer, fraction;
  split_number(n, &negative, &integer, &fraction);
  std::string all = integer + fraction;
  std::size_t lead = all.find_first_not_of('0');
  if (lead == std::string::npos) {
    *digits = "0";
    *exp = 1;
    return;
  }
  *exp = static_cast<long>(integer.size()) - static_cast<long>(lead);
  std::string d = all.substr(lead);
  while (d.size() > 1 && d.back() == '0') d.pop_back();
  *digits = d;
}

std::string exponent_text(long e, char mode) {
  std::string s = std::to_string(e < 0 ? -e : e);
  if (s.size() < 2) s = "0" + s;
  return std::string(1, mode) + (e < 0 ? "-" : "+") + s;
}

// %e with `precision` digits after the point (-1: as many as needed).
std::string format_exponent(const Number& n, int precision, char mode) {
  std::string digits;
  long exp;
  significand(n, &digits, &exp);
  if (precision >= 0) {
    std::string r = round_digits(digits, static_cast<std::size_t>(precision) + 1);
    if (r.size() > static_cast<std::size_t>(precision) + 1) {
      r.pop_back();
      ++exp;
    }
    digits = r;
  }
  std::string out(1, digits[0]);
  if (digits.size() > 1) out += "." + digits.substr(1);
  return out + exponent_text(digits == "0" ? 0 : exp - 1, mode);
}

// %g: Go's big.Float rules, shortest when no precision is given.
std::string format_general(const Number& n, int precision, char mode) {
  std::string digits;
  long exp;
  significand(n, &digits, &exp);
  long eprec = precision;
  if (precision < 0) {
    eprec = 6;
  } else {
    if (precision == 0) precision = 1;
    std::string r = round_digits(digits, static_cast<std::size_t>(precision));
    if (r.size() > static_cast<std::size_t>(precision)) {
      r.pop_back();
      ++exp;
    }
    while (r.size() > 1 && r.back() == '0') r.pop_back();
    digits = r;
    if (eprec > static_cast<long>(digits.size()) && static_cast<long>(digits.size()) >= exp) {
      eprec = static_cast<long>(digits.size());
    }
  }
  const long x = digits == "0" ? 0 : exp - 1;
  if (x < -4 || x >= eprec) {
    std::string out(1, digits[0]);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + exponent_text(x, mode == 'G' ? 'E' : 'e');
  }
  // Plain notation with exactly the significant digits.
  if (exp <= 0) return "0." + std::string(static_cast<std::size_t>(-exp), '0') + digits;
  if (static_cast<long>(digits.size()) <= exp) {
    return digits + std::string(static_cast<std::size_t>(exp) - digits.size(), '0');
  }
  return digits.substr(0, static_cast<std::size_t>(exp)) + "." +
         digits.substr(static_cast<std::size_t>(exp));
}

// An unsigned decimal integer in another base (2, 8, 16), by repeated short division.
std::string to_base(std::string decimal, int base, bool upper) {
  const char* symbols = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (decimal == "0") return "0";
  std::string out;
  while (decimal != "0") {
    std::string q;
    int r = 0;
    for (char c : decimal) {
      r = r * 10 + (c - '0');
      if (!q.empty() || r / base) q.push_back(static_cast<char>('0' + r / base));
      r %= base;
    }
    out.push_back(symbols[r]);
    decimal = q.empty() ? "0" : q;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<std::string> append_verb(const Verb& verb, const Args& args, std::string* out) {
  const std::string at = quote(verb.raw) + " at " + std::to_string(verb.offset);
  if (verb.arg > args.size()) {
    return "not enough arguments for " + at + ": need index " + std::to_string(verb.arg) +
           " but have " + std::to_string(args.size()) + " total";
  }
  Value arg = args[verb.arg - 1];
  if (verb.mode != 'v' && arg.is_null()) {
    return "unsupported value for " + at + ": null value cannot be formatted";
  }
  auto convert_to = [&](const Type& t) -> std::optional<std::string> {
    auto c = value::convert(arg, t);
    if (!c.ok()) return "unsupported value for " + at + ": " + c.error;
    arg = c.value;
    return std::nullopt;
  };
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && !arg.is_null() && arg.type().kind() == Type::Kind::kString) {
        *out += pad(verb, arg.as_string());
      } else if (!verb.sharp && !arg.is_null() && arg.type().kind() == Type::Kind::kNumber) {
        *out += pad(verb, format_general(arg.as_number(), -1, 'g'));
      } else {
        *out += pad(verb, json_text(arg));
      }
      return std::nullopt;
    case 't':
      if (auto e = convert_to(Type::boolean())) return e;
      *out += arg.as_bool() ? "true" : "false";
      return std::nullopt;
    case 's':
    case 'q': {
      if (auto e = convert_to(Type::string())) return e;
      std::string s = arg.as_string();
      if (verb.precision > 0) {
        auto chars = utf8_chars(s);
        std::string cut;
        for (std::size_t i = 0; i < chars.size() && i < static_cast<std::size_t>(verb.precision);
             ++i) {
          cut += chars[i];
        }
        s = cut;
      }
      *out += pad(verb, verb.mode == 'q' ? quote(s) : s);
      return std::nullopt;
    }
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      if (auto e = convert_to(Type::number())) return e;
      const Number& n = arg.as_number();
      if (!n.is_integer()) return "unsupported value for " + at + ": an integer is required";
      std::string digits = n.is_negative() ? n.text().substr(1) : n.text();
      std::string prefix;
      if (verb.mode == 'b') digits = to_base(digits, 2, false);
      if (verb.mode == 'o') digits = to_base(digits, 8, false);
      if (verb.mode == 'x' || verb.mode == 'X') digits = to_base(digits, 16, verb.mode == 'X');
      if (verb.sharp) {
        prefix = verb.mode == 'b'   ? "0b"
                 : verb.mode == 'o' ? "0"
                 : verb.mode == 'x' ? "0x"
                 : verb.mode == 'X' ? "0X"
                                    : "";
      }
      if (verb.precision >= 0 && digits.size() < static_cast<std::size_t>(verb.precision)) {
        digits =
            std::string(static_cast<std::size_t>(verb.precision) - digits.size(), '0') + digits;
      }
      *out += pad(verb, sign_prefix(verb, n.is_negative()) + prefix + digits, true);
      return std::nullopt;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (auto e = convert_to(Type::number())) return e;
      const Number& n = arg.as_number();
      std::string body;
      if (verb.mode == 'f' || verb.mode == 'F') {
        body = format_fixed(n, verb.precision < 0 ? 6 : verb.precision);
      } else if (verb.mode == 'e' || verb.mode == 'E') {
        body = format_exponent(n, verb.precision < 0 ? 6 : verb.precision, verb.mode);
      } else {
        body = format_general(n, verb.precision, verb.mode);
      }
      const bool negative = n.is_negative() && body.find_first_of("123456789") != std::string::npos;
      if (!body.empty() && body[0] == '-') body.erase(0, 1);
      *out += pad(verb, sign_prefix(verb, negative) + body, true);
      return std::nullopt;
    }
    default:
      return "unsupported format verb " + quote(std::string(1, verb.mode)) + " in " +
             quote(verb.raw) + " at offset " + std::to_string(verb.offset);
  }
}

// cty's formatFSM: the result, or an error and the index of the argument at fault (-1 none).
constexpr int kMaxFormatWidth = 1000000;

std::variant<std::string, FunctionError> format_values(const std::string& f, const Args& args) {
  std::string out;
  std::size_t next_arg = 1;
  std::size_t highest = 0;
  for (std::size_t p = 0; p < f.size();) {
    if (f[p] != '%') {
      out += f[p++];
      continue;
    }
    if (p + 1 < f.size() && f[p + 1] == '%') {
      out += '%';
      p += 2;
      continue;
    }
    Verb verb;
    verb.offset = p;
    verb.arg = next_arg;
    std::size_t i = p + 1;
    for (; i < f.size(); ++i) {
      const char c = f[i];
      if (c == '0')
        verb.zero = true;
      else if (c == '#')
        verb.sharp = true;
      else if (c == '-')
        verb.minus = true;
      else if (c == '+')
        verb.plus = true;
      else if (c == ' ')
        verb.space = true;
      else
        break;
    }
    // Widths and precisions are bounded as in Go's fmt (1e6): "%.1000000000f" would otherwise
    // ask for a gigabyte of zeros (and the int would overflow further on).
    bool too_large = false;
    auto read_num = [&](int* target) {
      *target = 0;
      while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) {
        if (*target > kMaxFormatWidth) too_large = true;
        if (!too_large) *target = *target * 10 + (f[i] - '0');
        ++i;
      }
      if (*target > kMaxFormatWidth) too_large = true;
    };
    if (i < f.size() && f[i] >= '1' && f[i] <= '9') read_num(&verb.width);
    if (i < f.size() && f[i] == '.') {
      ++i;
      read_num(&verb.precision);
    }
    auto too_large_error = [&] {
      return error("invalid format string starting at offset " + std::to_string(p) +
                   ": a width, precision or argument index may be at most " +
                   std::to_string(kMaxFormatWidth));
    };
    if (too_large) return too_large_error();
    if (i < f.size() && f[i] == '[') {
      ++i;
      int n = 0;
      if (i >= f.size() || f[i] < '1' || f[i] > '9') {
        return error("unrecognized format character " +
                     quote(std::string(1, i < f.size() ? f[i] : ' ')) + " at offset " +
                     std::to_string(i));
      }
      read_num(&n);
      if (too_large) return too_large_error();
      if (i >= f.size() || f[i] != ']') {
        return error("invalid format string starting at offset " + std::to_string(i));
      }
      ++i;
      verb.arg = static_cast<std::size_t>(n);
    }
    if (i >= f.size())
      return error("invalid format string starting at offset " + std::to_string(i));
    if (!std::isalpha(static_cast<unsigned char>(f[i]))) {
      auto chars = utf8_chars(std::string_view(f).substr(i));
      return error("unrecognized format character " + quote(std::string(chars[0])) + " at offset " +
                   std::to_string(i));
    }
    verb.mode = f[i];
    verb.raw = f.substr(p, i + 1 - p);
    highest = std::max(highest, verb.arg);
    if (auto e = append_verb(verb, args, &out)) return error(*e);
    next_arg = verb.arg + 1;
    p = i + 1;
  }
  if (highest < args.size()) {
    const int bad = static_cast<int>(highest) + 1;
    if (highest == 0) return error("too many arguments; no verbs in format string", bad);
    return error("too many arguments; only " + std::to_string(highest) + " used by format string",
                 bad);
  }
  return out;
}

Function format_function(bool list) {
  Function f;
  f.params = {param("format", Type::string())};
  f.variadic = param("args", Type::dynamic(), kAllowNull | kAllowUnknown | kAllowDynamic);
  f.return_type = [list](const Args&) -> TypeResult {
    return list ? Type::list(Type::string()) : Type::string();
  };
  if (!list) {
    f.impl = [](const Args& a) -> Result {
      for (std::size_t i = 1; i < a.size(); ++i) {
        if (!a[i].is_wholly_known()) return Value::unknown(Type::string());
      }
      auto r = format_values(a[0].as_string(), Args(a.begin() + 1, a.end()));
      if (auto* e = std::get_if<FunctionError>(&r)) return *e;
      return Value::string(std::get<std::string>(r));
    };
    return f;
  }
  f.impl = [](const Args& a) -> Result {
    const Args args(a.begin() + 1, a.end());
    long iterations = -1;
    std::size_t chooser = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const auto k = args[i].type().kind();
      const bool sequence =
          k == Type::Kind::kList || k == Type::Kind::kSet || k == Type::Kind::kTuple;
      if (!args[i].is_known() && (!sequence || k != Type::Kind::kTuple)) {
        return Value::unknown(Type::list(Type::string()));
      }
      if (!sequence || args[i].is_null()) continue;
      const auto len = static_cast<long>(args[i].length());
      if (iterations == -1) {
        iterations = len;
        chooser = i;
      } else if (len != iterations) {
        return error("argument " + std::to_string(i + 1) + " has length " + std::to_string(len) +
                         ", which is inconsistent with argument " + std::to_string(chooser + 1) +
                         " of length " + std::to_string(iterations),
                     static_cast<int>(i + 1));
      }
    }
    if (iterations == 0) return Value::list(Type::string(), {});
    if (iterations == -1) iterations = 1;
    Value::Elements out;
    for (long n = 0; n < iterations; ++n) {
      Args current;
      bool unknown = false;
      for (const auto& arg : args) {
        const auto k = arg.type().kind();
        const bool sequence =
            (k == Type::Kind::kList || k == Type::Kind::kSet || k == Type::Kind::kTuple) &&
            !arg.is_null();
        current.push_back(sequence ? arg.elements()[static_cast<std::size_t>(n)] : arg);
        if (!current.back().is_wholly_known()) unknown = true;
      }
      if (unknown) {
        out.push_back(Value::unknown(Type::string()));
        continue;
      }
      auto r = format_values(a[0].as_string(), current);
      if (auto* e = std::get_if<FunctionError>(&r)) {
        return error("error on format iteration " + std::to_string(n) + ": " + e->message);
      }
      out.push_back(Value::string(std::get<std::string>(r)));
    }
    return Value::list(Type::string(), std::move(out));
  };
  return f;
}

}  // namespace

void add_format_functions(FunctionTable& table) {
  table["format"] = format_function(false);
  table["formatlist"] = format_function(true);
}

}  // namespace fgform::lang::functions
