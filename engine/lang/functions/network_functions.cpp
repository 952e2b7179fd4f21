// cidrhost, cidrnetmask, cidrsubnet and cidrsubnets: Terraform's IP network functions, with its
// parsing (Go's net.ParseCIDR, leading zeros in IPv4 parts allowed as Terraform's ipaddr fork
// allows them), go-cidr's arithmetic and Go's printing of addresses (RFC 5952 for IPv6).
#include <array>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

// 128 bits hold either address family; an IPv4 address uses the low 32.
__extension__ typedef unsigned __int128 U128;

struct Network {
  U128 ip = 0;     // the network address (host bits cleared)
  int bits = 32;   // address length: 32 or 128
  int prefix = 0;  // prefix length
};

U128 all_ones(int bits) {
  return bits == 128 ? ~U128(0) : (U128(1) << bits) - 1;
}

// The mask of a prefix length within an address length.
U128 prefix_mask(int prefix, int bits) {
  if (prefix == 0) return 0;
  return all_ones(bits) & ~(all_ones(bits - prefix));
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t out = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (parts > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    unsigned n = 0;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      n = n * 10 + static_cast<unsigned>(s[i] - '0');
      if (n > 255) return std::nullopt;
      ++i;
    }
    if (i == start) return std::nullopt;
    out = (out << 8) | n;
    ++parts;
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<U128> parse_ipv6(std::string_view s) {
  std::array<std::uint16_t, 8> groups{};
  int n = 0;
  int ellipsis = -1;
  std::size_t i = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    i = 2;
    if (i == s.size()) return U128(0);
  }
  while (i < s.size()) {
    // An embedded IPv4 address ends the text and fills two groups.
    std::size_t end = s.find_first_of(":", i);
    std::string_view part = s.substr(i, end == std::string_view::npos ? s.npos : end - i);
    if (part.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos || n > 6) return std::nullopt;
      auto v4 = parse_ipv4(part);
      if (!v4) return std::nullopt;
      groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(*v4 >> 16);
      groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(*v4 & 0xffff);
      i = s.size();
      break;
    }
    if (part.empty() || part.size() > 4 || n >= 8) return std::nullopt;
    unsigned v = 0;
    for (char c : part) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(v);
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = n;
      ++i;
    } else if (i == s.size()) {
      return std::nullopt;  // a trailing single colon
    }
  }
  if (ellipsis < 0 && n != 8) return std::nullopt;
  if (ellipsis >= 0) {
    if (n >= 8) return std::nullopt;
    const int missing = 8 - n;
    for (int k = n - 1; k >= ellipsis; --k) {
      groups[static_cast<std::size_t>(k + missing)] = groups[static_cast<std::size_t>(k)];
    }
    for (int k = ellipsis; k < ellipsis + missing; ++k) groups[static_cast<std::size_t>(k)] = 0;
  }
  U128 out = 0;
  for (auto g : groups) out = (out << 16) | g;
  return out;
}

// Go's net.ParseCIDR, the network masked; its error text when the prefix is malformed.
std::variant<Network, std::string> parse_cidr(const std::string& text) {
  const std::string bad = "invalid CIDR address: " + text;
  const auto slash = text.find('/');
  if (slash == std::string::npos) return bad;
  std::string_view addr = std::string_view(text).substr(0, slash);
  std::string_view len = std::string_view(text).substr(slash + 1);
  Network n;
  if (auto v4 = parse_ipv4(addr)) {
    n.ip = *v4;
    n.bits = 32;
  } else if (auto v6 = addr.find(':') != std::string_view::npos ? parse_ipv6(addr) : std::nullopt) {
    n.ip = *v6;
    n.bits = 128;
  } else {
    return bad;
  }
  if (len.empty() || len.size() > 3) return bad;
  int p = 0;
  for (char c : len) {
    if (c < '0' || c > '9') return bad;
    p = p * 10 + (c - '0');
  }
  if (p > n.bits) return bad;
  n.prefix = p;
  n.ip &= prefix_mask(p, n.bits);
  return n;
}

std::string ipv4_text(std::uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xff) + "." +
         std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
}

// Go's IP.String: dotted IPv4; IPv6 with the longest run of two or more zero groups (the first
// of equal runs) written as "::"; an IPv4-mapped IPv6 address as its IPv4 address.
std::string ip_text(U128 ip, int bits) {
  if (bits == 32) return ipv4_text(static_cast<std::uint32_t>(ip));
  if ((ip >> 32) == U128(0xffff)) return ipv4_text(static_cast<std::uint32_t>(ip & 0xffffffffu));
  std::array<unsigned, 8> g{};
  for (int k = 7; k >= 0; --k) {
    g[static_cast<std::size_t>(k)] = static_cast<unsigned>(ip & 0xffff);
    ip >>= 16;
  }
  int best = -1, best_len = 0;
  for (int k = 0; k < 8;) {
    if (g[static_cast<std::size_t>(k)] != 0) {
      ++k;
      continue;
    }
    int e = k;
    while (e < 8 && g[static_cast<std::size_t>(e)] == 0) ++e;
    if (e - k >= 2 && e - k > best_len) {
      best = k;
      best_len = e - k;
    }
    k = e;
  }
  static const char* hex = "0123456789abcdef";
  auto group_text = [&](unsigned v) {
    std::string s;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned d = (v >> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        s += hex[d];
        started = true;
      }
    }
    return s;
  };
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out += group_text(g[static_cast<std::size_t>(k)]);
  }
  return out;
}

std::string network_text(U128 ip, int prefix, int bits) {
  return ip_text(ip, bits) + "/" + std::to_string(prefix);
}

// A whole number argument of any size as cty's gocty gives it to a *big.Int: its sign and
// magnitude, or nullopt when the magnitude is 2^128 or more (no address has that many hosts).
struct BigInt {
  bool negative = false;
  std::optional<U128> magnitude;
};

std::optional<BigInt> to_big_int(const Value& v) {
  const Number& n = v.as_number();
  if (!n.is_integer()) return std::nullopt;
  BigInt out;
  std::string_view t = n.text();
  if (!t.empty() && t[0] == '-') {
    out.negative = true;
    t.remove_prefix(1);
  }
  U128 m = 0;
  const U128 limit = ~U128(0);
  for (char c : t) {
    const auto d = static_cast<unsigned>(c - '0');
    if (m > (limit - d) / 10) return out;  // magnitude stays unset: too large
    m = m * 10 + d;
  }
  out.magnitude = m;
  return out;
}

Function cidrhost_function() {
  return make({param("prefix", Type::string()), param("hostnum", Type::number())}, Type::string(),
              [](const Args& a) -> Result {
                auto num = to_big_int(a[1]);
                if (!num) return error("value must be a whole number", 1);
                auto parsed = parse_cidr(a[0].as_string());
                if (auto* e = std::get_if<std::string>(&parsed))
                  return error("invalid CIDR expression: " + *e);
                const Network& n = std::get<Network>(parsed);
                const int host_bits = n.bits - n.prefix;
                const U128 max_host = all_ones(host_bits);
                // go-cidr's HostBig: -1 is the last address of the prefix, -2 the one before, ...
                U128 host = 0;
                bool fits = false;
                if (num->magnitude) {
                  if (!num->negative) {
                    host = *num->magnitude;
                    fits = host <= max_host;
                  } else {
                    const U128 back = *num->magnitude - 1;
                    fits = back <= max_host;
                    host = max_host - back;
                  }
                }
                if (!fits) {
                  return error("prefix of " + std::to_string(n.prefix) +
                               " does not accommodate a host numbered " + a[1].as_number().text());
                }
                return Value::string(ip_text(n.ip | host, n.bits));
              });
}

Function cidrsubnet_function() {
  return make({param("prefix", Type::string()), param("newbits", Type::number()),
               param("netnum", Type::number())},
              Type::string(), [](const Args& a) -> Result {
                auto newbits = to_int(a[1]);
                if (!newbits) return error("value must be a whole number", 1);
                auto num = to_big_int(a[2]);
                if (!num) return error("value must be a whole number", 2);
                auto parsed = parse_cidr(a[0].as_string());
                if (auto* e = std::get_if<std::string>(&parsed))
                  return error("invalid CIDR expression: " + *e);
                const Network& n = std::get<Network>(parsed);
                // As Terraform: at most 32 bits per call (its portability rule for 32-bit
                // hosts), and never fewer than none.
                if (*newbits > 32) return error("may not extend prefix by more than 32 bits");
                if (*newbits < 0)
                  return error("may not extend prefix by a negative number of bits");
                const int new_prefix = n.prefix + static_cast<int>(*newbits);
                if (new_prefix > n.bits) {
                  return error("insufficient address space to extend prefix of " +
                               std::to_string(n.prefix) + " by " + std::to_string(*newbits));
                }
                const U128 max_net = (U128(1) << *newbits) - 1;
                if (num->negative || !num->magnitude || *num->magnitude > max_net) {
                  return error("prefix extension of " + std::to_string(*newbits) +
                               " does not accommodate a subnet numbered " +
                               a[2].as_number().text());
                }
                const int shift = n.bits - new_prefix;
                const U128 ip = n.ip | (shift >= 128 ? U128(0) : *num->magnitude << shift);
                return Value::string(network_text(ip, new_prefix, n.bits));
              });
}

// go-cidr's NextSubnet: the subnet of `prefix` bits right after the end of `ip/current`,
// and whether the address wrapped around past the top.
std::pair<U128, bool> next_subnet(U128 ip, int current, int prefix, int bits) {
  const U128 last_of_current = ip | all_ones(bits - current);
  const U128 start = last_of_current & prefix_mask(prefix, bits);
  const U128 last = (start | all_ones(bits - prefix)) + 1;
  const U128 wrapped = last & all_ones(bits);
  return {wrapped & prefix_mask(prefix, bits), wrapped == 0};
}

Function cidrsubnets_function() {
  return make_variadic(
      {param("prefix", Type::string())}, param("newbits", Type::number()),
      Type::list(Type::string()), [](const Args& a) -> Result {
        auto parsed = parse_cidr(a[0].as_string());
        if (auto* e = std::get_if<std::string>(&parsed))
          return error("invalid CIDR expression: " + *e, 0);
        const Network& n = std::get<Network>(parsed);
        if (a.size() == 1) return Value::list(Type::string(), {});
        auto first = to_int(a[1]);
        if (!first) return error("value must be a whole number", 1);
        // go-cidr's PreviousSubnet of the first length: the subnet just before the prefix.
        const int first_len = std::max(0, std::min(n.bits, n.prefix + static_cast<int>(*first)));
        U128 current = ((n.ip - 1) & all_ones(n.bits)) & prefix_mask(first_len, n.bits);
        int current_len = first_len;
        Value::Elements out;
        for (std::size_t i = 1; i < a.size(); ++i) {
          const int arg = static_cast<int>(i);
          auto len = to_int(a[i]);
          if (!len) return error("value must be a whole number", arg);
          if (*len < 1) return error("must extend prefix by at least one bit", arg);
          if (*len > 32) return error("may not extend prefix by more than 32 bits", arg);
          const int length = n.prefix + static_cast<int>(*len);
          if (length > n.bits) {
            return error("would extend prefix to " + std::to_string(length) +
                             " bits, which is too long for an " + (n.bits == 32 ? "IPv4" : "IPv6") +
                             " address",
                         arg);
          }
          auto [next, rollover] = next_subnet(current, current_len, length, n.bits);
          const bool inside = (next & prefix_mask(n.prefix, n.bits)) == n.ip;
          if (rollover || !inside) {
            return error("not enough remaining address space for a subnet with a prefix of " +
                             std::to_string(length) + " bits after " +
                             network_text(current, current_len, n.bits),
                         arg);
          }
          current = next;
          current_len = length;
          out.push_back(Value::string(network_text(current, current_len, n.bits)));
        }
        return Value::list(Type::string(), std::move(out));
      });
}

Function cidrnetmask_function() {
  return make({param("prefix", Type::string())}, Type::string(), [](const Args& a) -> Result {
    auto parsed = parse_cidr(a[0].as_string());
    if (auto* e = std::get_if<std::string>(&parsed)) return error("invalid CIDR expression: " + *e);
    const Network& n = std::get<Network>(parsed);
    if (n.bits != 32) return error("IPv6 addresses cannot have a netmask: " + a[0].as_string());
    return Value::string(ip_text(prefix_mask(n.prefix, 32), 32));
  });
}

}  // namespace

void add_network_functions(FunctionTable& table) {
  table["cidrhost"] = cidrhost_function();
  table["cidrnetmask"] = cidrnetmask_function();
  table["cidrsubnet"] = cidrsubnet_function();
  table["cidrsubnets"] = cidrsubnets_function();
}

}  // namespace fgform::lang::functions
