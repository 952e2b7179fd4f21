// The HTTP/1.1 response reader of the transport, fed the way a socket delivers: the first byte
// picks the request kind and the size of the pieces, the rest is what the server sent.
#include "cloud/http1.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  using Reader = cloud::http1::ResponseReader;
  if (size == 0 || fuzz::too_big(size)) return -1;
  const Reader::Request kinds[] = {Reader::Request::ordinary, Reader::Request::head,
                                   Reader::Request::connect};
  Reader reader(kinds[data[0] % 3]);
  const std::size_t piece = 1 + (data[0] >> 2) * 17;  // 1 .. 1072 bytes
  std::string_view rest = fuzz::text(data + 1, size - 1);
  bool ok = true;
  while (ok && !rest.empty() && !reader.complete()) {
    const std::size_t n = std::min(piece, rest.size());
    ok = reader.feed(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  if (ok && !reader.complete()) ok = reader.end_of_input();
  if (!ok && reader.error().empty()) fuzz::fail("the reader failed without saying why");
  if (reader.complete()) {
    reader.reusable();
    auto response = reader.take();
    if (response.status < 100 || response.status > 999) fuzz::fail("status out of range");
  }
  return 0;
}
