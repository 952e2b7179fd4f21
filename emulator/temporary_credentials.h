// Temporary credentials (AK/SK + security token) that IAM issues when a caller assumes an agency
// (POST /v3.0/OS-CREDENTIAL/securitytokens). They are kept in the store, so they survive a
// restart like the platform's, and the gateway accepts them until they expire.
#pragma once

#include <optional>
#include <string_view>

#include "store.h"
#include "verifier.h"

namespace fgform::emulator {

// The key record of a temporary access key issued earlier (expired or not: the verifier judges
// expiry, so it can say so); nullopt for any other key.
std::optional<KeyRecord> temporary_key(Store& store, std::string_view access_key);

}  // namespace fgform::emulator
