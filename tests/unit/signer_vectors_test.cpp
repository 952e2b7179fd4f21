// Every test vector of shared/research/signing.md §1.6, byte for byte.
#include <catch2/catch.hpp>

#include "cloud/crypto.h"
#include "cloud/signer.h"

using namespace fgform::cloud;

namespace {

constexpr const char* kEmptyHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigningInput go_input(const char* method, const char* query_value, std::string_view body) {
  return SigningInput{method,
                      "/path",
                      {{std::string(method) == std::string("GET") ? "limit" : "key", query_value}},
                      {{"X-Sdk-Date", "20060102T150405Z"}, {"TEST_UNDERSCORE", "TEST_VALUE"}},
                      body};
}

const std::string kG2Body = "{\"Name\":\"test\",\"Id\":1}\n";

SigningInput python_input(const char* method, std::string_view body) {
  return SigningInput{
      method,
      "/resources",
      {{"size", "1"}},
      {{"Host", "service.endpoint.myhuaweicloud.com"}, {"X-Sdk-Date", "20200608T023900Z"}},
      body};
}

const std::string kP2Body = "{\"name\":\"test\",\"id\":1}";

SigningKey key(SigningAlgorithm a, std::string region = {}, std::string service = {}) {
  return SigningKey{"AccessKey", "SecretKey", a, std::move(region), std::move(service)};
}

}  // namespace

TEST_CASE("G1: Go SDK GET vector, underscore header not signed") {
  Signature s = sign(key(SigningAlgorithm::kSdkHmacSha256), go_input("GET", "1", ""));
  CHECK(s.canonical_request ==
        std::string("GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n") +
            kEmptyHash);
  CHECK(sha256_hex(s.canonical_request) ==
        "85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4");
  CHECK(s.authorization ==
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
        "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}

TEST_CASE("G2: Go SDK POST vector with the trailing LF in the body") {
  REQUIRE(sha256_hex(kG2Body) ==
          "a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289");
  Signature s = sign(key(SigningAlgorithm::kSdkHmacSha256), go_input("POST", "value", kG2Body));
  CHECK(s.canonical_request ==
        "POST\n/path/\nkey=value\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n"
        "a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289");
  CHECK(s.signature == "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
}

TEST_CASE("G1-V11 and G2-V11: derived-key signing") {
  REQUIRE(to_lower_hex(hkdf_sha256("SecretKey", "AccessKey", "20060102/test-region-1/demo", 32)) ==
          "fded840bf50eb1da840c631cec6649d58c4df22167c366bce4534ec85997f429");
  Signature g1 = sign(key(SigningAlgorithm::kV11HmacSha256, "test-region-1", "demo"),
                      go_input("GET", "1", ""));
  CHECK(g1.string_to_sign ==
        "V11-HMAC-SHA256\n20060102T150405Z\n20060102/test-region-1/demo\n"
        "85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4");
  CHECK(
      g1.authorization ==
      "V11-HMAC-SHA256 Credential=AccessKey/20060102/test-region-1/demo, SignedHeaders=x-sdk-date, "
      "Signature=8fd3610508884bb19718317797c7378716a94bc740d97502e569322e366341cc");
  Signature g2 = sign(key(SigningAlgorithm::kV11HmacSha256, "test-region-1", "demo"),
                      go_input("POST", "value", kG2Body));
  CHECK(g2.signature == "4112f88b92d82dd1e1b7dd142f1e99e4f1762c42ca8fe0968b3045120870a903");
}

TEST_CASE("G1-SM3 and G2-SM3") {
  CHECK(hex_digest(HashAlgorithm::kSm3, "") ==
        "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
  CHECK(sign(key(SigningAlgorithm::kSdkHmacSm3), go_input("GET", "1", "")).authorization ==
        "SDK-HMAC-SM3 Access=AccessKey, SignedHeaders=x-sdk-date, "
        "Signature=acdeecf8061419275127135b54532c2c20b683bf9bbb8a32bee021a8c40befd4");
  CHECK(sign(key(SigningAlgorithm::kSdkHmacSm3), go_input("POST", "value", kG2Body)).signature ==
        "359e49285fe5a469f82b86fd761b1a4a7ee16e3181de7d643c53a30667cde508");
}

TEST_CASE("P1 and P2: Python SDK vectors with host signed") {
  Signature p1 = sign(key(SigningAlgorithm::kSdkHmacSha256), python_input("GET", ""));
  CHECK(p1.canonical_request ==
        std::string("GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\n"
                    "x-sdk-date:20200608T023900Z\n\nhost;x-sdk-date\n") +
            kEmptyHash);
  CHECK(sha256_hex(p1.canonical_request) ==
        "de94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f");
  CHECK(p1.authorization ==
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
  REQUIRE(sha256_hex(kP2Body) ==
          "8ed555081b9961769014bc1182c629bb0fe68d7b01c1fc1caab4dc791f377e8c");
  Signature p2 = sign(key(SigningAlgorithm::kSdkHmacSha256), python_input("POST", kP2Body));
  CHECK(sha256_hex(p2.canonical_request) ==
        "2b1b2515e48cb55e043ff2ec5b93d3f13ec287e1da1d7a2e4e14b0611a341969");
  CHECK(p2.signature == "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
}

TEST_CASE("P1/P2 V11 and SM3 variants") {
  auto v11 = key(SigningAlgorithm::kV11HmacSha256, "test-region-1", "demo");
  CHECK(sign(v11, python_input("GET", "")).signature ==
        "f7dfee056692e58dede80fc80cb89bbfabf45552dd7cd8d18a0a13484455b98e");
  CHECK(sign(v11, python_input("POST", kP2Body)).signature ==
        "8e2d91eaf9656ec5d6fab27812e2d898a35aaaa5e16ee0a0365c38527ccfb3cf");
  CHECK(sign(v11, python_input("GET", ""))
            .authorization.find("Credential=AccessKey/20200608/test-region-1/demo") !=
        std::string::npos);
  auto sm3 = key(SigningAlgorithm::kSdkHmacSm3);
  CHECK(sign(sm3, python_input("GET", "")).signature ==
        "f8ceb623f0be123dbccd7ad95a6211470f170d1d3c4fa9facbce716d82190e21");
  CHECK(sign(sm3, python_input("POST", kP2Body)).signature ==
        "6521b276625d7870e9836c041bafb2fa8d6a7ed0df045b06f1b137243c050ed8");
}

TEST_CASE("Official documentation example (VPC list with marker)") {
  SigningKey k{"QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
               SigningAlgorithm::kSdkHmacSha256, "", ""};
  Signature s =
      sign(k, SigningInput{"GET",
                           "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                           {{"limit", "2"}, {"marker", "13551d6b-755d-4757-b956-536f674975c0"}},
                           {{"Content-Type", "application/json"},
                            {"Host", "service.region.example.com"},
                            {"X-Sdk-Date", "20191115T033655Z"}},
                           ""});
  CHECK(
      s.canonical_request ==
      std::string(
          "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-"
          "536f674975c0\ncontent-type:application/json\nhost:service.region.example.com\n"
          "x-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\n") +
          kEmptyHash);
  CHECK(sha256_hex(s.canonical_request) ==
        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
  CHECK(s.signature == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

namespace {

const char* kPid = "0123456789abcdef0123456789abcdef";
const std::string kUrn =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:hello:latest";
const SigningKey kH{"HPUAEXAMPLEAK0000001", "ExampleSecretKey0123456789abcdefghijklmn",
                    SigningAlgorithm::kSdkHmacSha256, "", ""};
const char* kFgHost = "functiongraph.cn-north-4.myhuaweicloud.com";

}  // namespace

TEST_CASE("H1: synchronous invoke, URN with raw colons") {
  Signature s =
      sign(kH, SigningInput{"POST",
                            std::string("/v2/") + kPid + "/fgs/functions/" + kUrn + "/invocations",
                            {},
                            {{"Content-Type", "application/json"},
                             {"Host", kFgHost},
                             {"X-Project-Id", kPid},
                             {"X-Sdk-Date", "20240102T030405Z"}},
                            "{\"k\":\"v\"}"});
  CHECK(s.canonical_request ==
        "POST\n/v2/0123456789abcdef0123456789abcdef/fgs/functions/"
        "urn%3Afss%3Acn-north-4%3A0123456789abcdef0123"
        "456789abcdef%3Afunction%3Adefault%3Ahello%3Alatest/invocations/"
        "\n\ncontent-type:application/json\n"
        "host:functiongraph.cn-north-4.myhuaweicloud.com\nx-project-id:"
        "0123456789abcdef0123456789abcdef\n"
        "x-sdk-date:20240102T030405Z\n\ncontent-type;host;x-project-id;x-sdk-date\n"
        "666c1aa02e8068c6d5cc1d3295009432c16790bec28ec8ce119d0d1a18d61319");
  CHECK(sha256_hex(s.canonical_request) ==
        "d2ada6b0c86594eaef8474c671c6b5d972e9bd5644b167e22dd623342f912ea2");
  CHECK(s.authorization ==
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, "
        "SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
        "Signature=9f24a215401ba8509781e6d68919c73cdbb3c1f56490ed45950d4efb5198b491");
}

TEST_CASE("H2: awkward query and a security token") {
  Signature s = sign(kH, SigningInput{"GET",
                                      std::string("/v2/") + kPid + "/fgs/functions",
                                      {{"maxitems", "10"},
                                       {"marker", "0"},
                                       {"package_name", "a b/c"},
                                       {"name", "\xe5\x87\xbd\xe6\x95\xb0"},
                                       {"tag", "z"},
                                       {"tag", "a"},
                                       {"empty", ""}},
                                      {{"Host", kFgHost},
                                       {"X-Project-Id", kPid},
                                       {"X-Sdk-Date", "20240102T030405Z"},
                                       {"X-Security-Token", "tok+en/with=chars"}},
                                      ""});
  CHECK(sha256_hex(s.canonical_request) ==
        "235d4504a8feb64ce78d1568a06d8a51bb1831003bb569eb7e6850e256462464");
  CHECK(s.authorization ==
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, "
        "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, "
        "Signature=61e4807afa915c3b8f47a388192ee362fabe95ca0a2500c737ed9b558d666dd9");
}

TEST_CASE("H3: UNSIGNED-PAYLOAD code upload ignores the body") {
  for (std::string_view body : {std::string_view("any body"), std::string_view("another")}) {
    Signature s =
        sign(kH, SigningInput{"PUT",
                              std::string("/v2/") + kPid + "/fgs/functions/" + kUrn + "/code",
                              {},
                              {{"Content-Type", "application/octet-stream"},
                               {"Host", kFgHost},
                               {"X-Project-Id", kPid},
                               {"X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"},
                               {"X-Sdk-Date", "20240102T030405Z"}},
                              body});
    CHECK(sha256_hex(s.canonical_request) ==
          "9e1e7ac9391b073bbaa735a539a4dc3636302c43f0e9a1e0116661c79efd7686");
    CHECK(s.signature == "75a1a4bb9223c0fb1821d4939797e11ff74527264fee31b460a37278040ab1e1");
  }
}

TEST_CASE("H4 and H5: IAM project lookup, plain and V11") {
  SigningInput in{"GET",
                  "/v3/projects",
                  {{"name", "cn-north-4"}},
                  {{"Host", "iam.myhuaweicloud.com"}, {"X-Sdk-Date", "20240102T030405Z"}},
                  ""};
  Signature h4 = sign(kH, in);
  CHECK(sha256_hex(h4.canonical_request) ==
        "5b6f9855552329525ffaf20f163aad783babbcecdad38c23b5db965574b6e0d6");
  CHECK(h4.signature == "7ca1fd512ea1ed3bc73d5db8fd8d40ebe56500c0a718acc01f9e9335652cf5c2");

  SigningKey v11 = kH;
  v11.algorithm = SigningAlgorithm::kV11HmacSha256;
  v11.region = "cn-north-4";
  v11.service = "iam";
  CHECK(to_lower_hex(hkdf_sha256(v11.secret_key, v11.access_key, "20240102/cn-north-4/iam", 32)) ==
        "42d7be9b70f48808a9e54f2af71310e3858f8d625109f49675024b56a59f9861");
  Signature h5 = sign(v11, in);
  CHECK(h5.string_to_sign ==
        "V11-HMAC-SHA256\n20240102T030405Z\n20240102/cn-north-4/iam\n"
        "5b6f9855552329525ffaf20f163aad783babbcecdad38c23b5db965574b6e0d6");
  CHECK(h5.authorization ==
        "V11-HMAC-SHA256 Credential=HPUAEXAMPLEAK0000001/20240102/cn-north-4/iam, "
        "SignedHeaders=host;x-sdk-date, "
        "Signature=864edd6a7069d74598b71a6f6469c2192217dd7f9e40eb11610fd2bfd7482b06");
}
