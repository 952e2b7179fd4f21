// The pg backend without a server: configuration errors are clear and never show a password.
#include <catch2/catch.hpp>

#include "state/pg_backend.h"
#include "test_util.h"

namespace fgform::state {
namespace {

TEST_CASE("redact_conn_str hides the password of a URL and of key=value pairs") {
  CHECK(redact_conn_str("postgres://alice:s3cret@db.example:5432/tf?sslmode=disable") ==
        "postgres://alice:****@db.example:5432/tf?sslmode=disable");
  CHECK(redact_conn_str("postgres://alice@db/tf") == "postgres://alice@db/tf");
  CHECK(redact_conn_str("host=db user=alice password=s3cret dbname=tf") ==
        "host=db user=alice password=**** dbname=tf");
  CHECK(redact_conn_str("host=db password = 'se cret' dbname=tf") ==
        "host=db password = **** dbname=tf");
  CHECK(redact_conn_str("postgres://db/tf?user=a&password=s3cret&sslmode=disable") ==
        "postgres://db/tf?user=a&password=****&sslmode=disable");
}

TEST_CASE("a malformed conn_str is refused without showing its password") {
  PgBackendOptions o;
  o.conn_str = "host=127.0.0.1 password=s3cret-xyz bogus";
  auto opened = PgBackend::open(o);
  REQUIRE_FALSE(opened.ok());
  const std::string text = testing::text(opened.diagnostics);
  CHECK(text.find("Invalid pg backend configuration") != std::string::npos);
  CHECK(text.find("s3cret-xyz") == std::string::npos);
}

TEST_CASE("an unreachable server is a clear error without the password") {
  PgBackendOptions o;
  // Port 1 on loopback: nothing listens there.
  o.conn_str = "postgres://tf:s3cret-xyz@127.0.0.1:1/tf?sslmode=disable&connect_timeout=5";
  auto opened = PgBackend::open(o);
  REQUIRE_FALSE(opened.ok());
  const std::string text = testing::text(opened.diagnostics);
  CHECK(text.find("Failed to configure the pg backend") != std::string::npos);
  CHECK(text.find("Cannot connect to PostgreSQL") != std::string::npos);
  CHECK(text.find("127.0.0.1") != std::string::npos);
  CHECK(text.find("s3cret-xyz") == std::string::npos);
}

}  // namespace
}  // namespace fgform::state
