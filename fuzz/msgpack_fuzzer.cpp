// The msgpack decoder of the plugin wire, driven by the dynamic pseudo-type so every value shape
// (and the [type JSON, value] form) is reachable. A value it decodes must encode, and the
// encoding must be stable: decoding and encoding it again gives the same bytes. (Not the same
// value: a null in a dynamic position is written as a bare nil and loses its type, as in cty.)
#include "fuzz_input.h"
#include "value/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  const auto type = value::Type::dynamic();
  auto decoded = value::from_msgpack(fuzz::text(data, size), type);
  if (!decoded.ok()) return 0;
  auto encoded = value::to_msgpack(decoded.value, type);
  if (!encoded.ok()) fuzz::fail("a decoded value does not encode");
  auto again = value::from_msgpack(encoded.value, type);
  if (!again.ok()) fuzz::fail("an encoded value does not decode");
  auto reencoded = value::to_msgpack(again.value, type);
  if (!reencoded.ok() || reencoded.value != encoded.value) {
    fuzz::fail("msgpack encoding is not stable");
  }
  return 0;
}
