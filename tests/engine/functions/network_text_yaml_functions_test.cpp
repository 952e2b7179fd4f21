// cidrhost, cidrnetmask, cidrsubnet, cidrsubnets, textencodebase64, textdecodebase64 and
// yamldecode, checked against the examples in Terraform's documentation and go-cty-yaml's
// behaviour.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("cidrhost", "[functions][network]") {
  CHECK(ok("cidrhost", {S("10.12.112.0/20"), N(16)}) == S("10.12.112.16"));
  CHECK(ok("cidrhost", {S("10.12.112.0/20"), N(268)}) == S("10.12.113.12"));
  CHECK(ok("cidrhost", {S("fd00:fd12:3456:7890:00a2::/72"), N(34)}) ==
        S("fd00:fd12:3456:7890::22"));
  CHECK(ok("cidrhost", {S("10.0.0.0/8"), N(-1)}) == S("10.255.255.255"));
  CHECK(ok("cidrhost", {S("10.0.0.0/8"), N(-2)}) == S("10.255.255.254"));
  CHECK(ok("cidrhost", {S("10.1.2.3/24"), N(5)}) == S("10.1.2.5"));  // host bits ignored
  CHECK(ok("cidrhost", {S("::/0"), N("340282366920938463463374607431768211455")}) ==
        S("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK(err("cidrhost", {S("10.0.0.0/30"), N(4)}) ==
        "prefix of 30 does not accommodate a host numbered 4");
  CHECK(err("cidrhost", {S("10.0.0.0/33"), N(1)}) ==
        "invalid CIDR expression: invalid CIDR address: 10.0.0.0/33");
  CHECK(err("cidrhost", {S("10.0.0.256/8"), N(1)}) ==
        "invalid CIDR expression: invalid CIDR address: 10.0.0.256/8");
  CHECK(err("cidrhost", {S("10.0.0.0/8"), N("1.5")}) == "value must be a whole number");
}

TEST_CASE("cidrnetmask", "[functions][network]") {
  CHECK(ok("cidrnetmask", {S("172.16.0.0/12")}) == S("255.240.0.0"));
  CHECK(ok("cidrnetmask", {S("10.0.0.0/0")}) == S("0.0.0.0"));
  CHECK(ok("cidrnetmask", {S("10.0.0.1/32")}) == S("255.255.255.255"));
  CHECK(err("cidrnetmask", {S("fd00::/8")}) == "IPv6 addresses cannot have a netmask: fd00::/8");
}

TEST_CASE("cidrsubnet", "[functions][network]") {
  CHECK(ok("cidrsubnet", {S("172.16.0.0/12"), N(4), N(2)}) == S("172.18.0.0/16"));
  CHECK(ok("cidrsubnet", {S("10.1.2.0/24"), N(4), N(15)}) == S("10.1.2.240/28"));
  CHECK(ok("cidrsubnet", {S("fd00:fd12:3456:7890::/56"), N(16), N(162)}) ==
        S("fd00:fd12:3456:7800:a200::/72"));
  CHECK(ok("cidrsubnet", {S("10.0.0.0/8"), N(0), N(0)}) == S("10.0.0.0/8"));
  CHECK(err("cidrsubnet", {S("10.0.0.0/30"), N(4), N(0)}) ==
        "insufficient address space to extend prefix of 30 by 4");
  CHECK(err("cidrsubnet", {S("10.0.0.0/8"), N(4), N(16)}) ==
        "prefix extension of 4 does not accommodate a subnet numbered 16");
  CHECK(err("cidrsubnet", {S("::/0"), N(33), N(1)}) ==
        "may not extend prefix by more than 32 bits");
}

TEST_CASE("cidrsubnets", "[functions][network]") {
  CHECK(ok("cidrsubnets", {S("10.1.0.0/16"), N(4), N(4), N(8), N(4)}) ==
        SL({"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}));
  CHECK(ok("cidrsubnets", {S("fd00:fd12:3456:7890::/56"), N(16), N(16), N(16), N(32)}) ==
        SL({"fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72",
            "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"}));
  CHECK(ok("cidrsubnets", {S("10.0.0.0/8")}) == Value::list(Type::string(), {}));
  CHECK(err("cidrsubnets", {S("10.0.0.0/30"), N(1), N(1), N(1)}) ==
        "not enough remaining address space for a subnet with a prefix of 31 bits after "
        "10.0.0.2/31");
  CHECK(err("cidrsubnets", {S("10.0.0.0/8"), N(0)}) == "must extend prefix by at least one bit");
  CHECK(err("cidrsubnets", {S("10.0.0.0/30"), N(3)}) ==
        "would extend prefix to 33 bits, which is too long for an IPv4 address");
}

TEST_CASE("textencodebase64 and textdecodebase64", "[functions][encoding]") {
  CHECK(ok("textencodebase64", {S("Hello World"), S("UTF-16LE")}) ==
        S("SABlAGwAbABvACAAVwBvAHIAbABkAA=="));
  CHECK(ok("textdecodebase64", {S("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), S("UTF-16LE")}) ==
        S("Hello World"));
  CHECK(ok("textdecodebase64", {S("6Q=="), S("ISO-8859-1")}) == S("é"));
  CHECK(ok("textdecodebase64", {S("aGk=\n"), S("UTF-8")}) == S("hi"));
  CHECK(err("textdecodebase64", {S("aGk="), S("no-such-encoding")}) ==
        "\"no-such-encoding\" is not a supported IANA encoding name or alias in this fgform "
        "version");
  CHECK(err("textdecodebase64", {S("SGVsbG8@"), S("UTF-8")}) ==
        "the given value is has an invalid base64 symbol at offset 7");
  CHECK(err("textdecodebase64", {S("aGk"), S("UTF-8")}) ==
        "the given value is has an invalid base64 symbol at offset 0");
  CHECK(err("textdecodebase64", {S("/w=="), S("UTF-8")}) ==
        "the given string contains symbols that are not defined for UTF-8");
  CHECK(err("textencodebase64", {S("☃"), S("ISO-8859-1")}) ==
        "the given string contains characters that cannot be represented in ISO-8859-1");
}

TEST_CASE("yamldecode: values as go-cty-yaml resolves them", "[functions][yaml]") {
  const Value null = Value::null(Type::dynamic());
  CHECK(ok("yamldecode", {S("hello: world\nnum: 1.5\n")}) ==
        O({{"hello", S("world")}, {"num", N("1.5")}}));
  CHECK(ok("yamldecode", {S("n: 1")}) == O({{"false", N(1)}}));  // YAML 1.1: the key is "no"
  CHECK(ok("yamldecode", {S("- a\n- 1\n- ~\n- true\n")}) == T({S("a"), N(1), null, B(true)}));
  // YAML 1.1 booleans, unless quoted.
  CHECK(ok("yamldecode", {S("[yes, No, on, OFF, \"yes\", 'off']")}) ==
        T({B(true), B(false), B(true), B(false), S("yes"), S("off")}));
  // As Terraform 1.11 reads them: "1_000", "0b101" and "0X1F" stay strings.
  CHECK(ok("yamldecode", {S("[1_000, -2e3, .5, 1., 0b101, 0x1F, 0X1F, 0o17, 017, -0x1F]")}) ==
        T({S("1_000"), N(-2000), N("0.5"), N(1), S("0b101"), N(31), S("0X1F"), N(15), N(17),
           S("-0x1F")}));
  // A quoted scalar is a string whatever its tag.
  CHECK(ok("yamldecode", {S("[!!int 0x1F, !!str 12, !!float '1', !!int '12']")}) ==
        T({N(31), S("12"), S("1"), S("12")}));
  CHECK(
      ok("yamldecode", {S("[2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10]")}) ==
      T({S("2001-12-14T00:00:00Z"), S("2001-12-14T21:59:43-05:00"), S("2001-12-14T21:59:43Z")}));
  CHECK(ok("yamldecode", {S("a: &x [1, 2]\nb: *x\n")}) ==
        O({{"a", T({N(1), N(2)})}, {"b", T({N(1), N(2)})}}));
  CHECK(ok("yamldecode", {S("1: one\ntrue: yes\n")}) == O({{"1", S("one")}, {"true", B(true)}}));
  CHECK(ok("yamldecode", {S("text: |\n  line one\n  line two\n")}) ==
        O({{"text", S("line one\nline two\n")}}));
  CHECK(ok("yamldecode", {S("x")}) == S("x"));
  CHECK(ok("yamldecode", {S("~")}) == null);
}

// The texts and places Terraform 1.11 gives (go-cty-yaml places only structural and parser
// errors, with go-yaml's line numbering).
TEST_CASE("yamldecode: errors as Terraform gives them", "[functions][yaml]") {
  CHECK(err("yamldecode", {S("a: *x\n")}) == "reference to undefined anchor \"x\"");
  CHECK(err("yamldecode", {S("a\n---\nb\n")}) ==
        "on line 1, column 1: unexpected extra content after value");
  CHECK(err("yamldecode", {S("---\na\n---\nb")}) ==
        "on line 2, column 1: unexpected extra content after value");
  CHECK(err("yamldecode", {S("")}) == "on line 1, column 1: missing start of document");
  CHECK(err("yamldecode", {S("? [1]\n: x\n")}) == "only strings are allowed as mapping keys");
  CHECK(err("yamldecode", {S("~: 1")}) == "mapping key cannot be null");
  CHECK(err("yamldecode", {S(".nan")}) == "floating point NaN is not supported");
  CHECK(err("yamldecode", {S("!!binary a%b")}) ==
        "cannot parse \"a%b\" as tag:yaml.org,2002:binary: not valid base64");
  CHECK(err("yamldecode", {S("!!foo x")}) == "unsupported tag \"tag:yaml.org,2002:foo\"");
  CHECK(err("yamldecode", {S("!!int abc")}) == "cannot parse \"abc\" as tag:yaml.org,2002:int");
  CHECK(err("yamldecode", {S("a: &x [1, *x]")}) ==
        "cannot refer to anchor \"x\" from inside its own definition");
  CHECK(err("yamldecode", {S("[1, 2")}) == "on line 1, column 1: did not find expected ',' or ']'");
  CHECK(err("yamldecode", {S("x\ny: 1")}) ==
        "on line 2, column 1: mapping values are not allowed in this context");
  CHECK(err("yamldecode", {S("a: b: c")}) == "mapping values are not allowed in this context");
  CHECK(err("yamldecode", {S("a: [1, 2\nb: 1")}) ==
        "on line 1, column 2: did not find expected ',' or ']'");
}

TEST_CASE("yamldecode: hostile documents are refused, not expanded", "[functions][yaml]") {
  // Nine levels of ten aliases each would be a billion values.
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) laughs += ", " + prev;
    laughs += "]\n";
  }
  CHECK(err("yamldecode", {S(laughs)}).find("expand to more than 1000000 values") !=
        std::string::npos);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(err("yamldecode", {S(deep)}) ==
        "on line 1, column 1001: the document nests more than "
        "1000 levels deep");
  const std::string fine = std::string(500, '[') + std::string(500, ']');
  CHECK(ok("yamldecode", {S(fine)}).is_known());
}
