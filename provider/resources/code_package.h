// Function code as the platform wants it: inline text, a ZIP/JAR file, or a directory packed
// into a ZIP. Directory packages are deterministic (sorted entries, fixed times and modes), so
// the same sources always hash the same and a rebuild does not show up as a change.
#pragma once

#include <string>

#include "value/codec.h"

namespace fgform::resources {

struct CodePackage {
  std::string bytes;     // what is uploaded (before base64)
  std::string filename;  // index.zip, app.jar, ...
  std::string sha256;    // lowercase hex of bytes
};

// Reads a .zip/.jar file or packs a directory. Errors name the path.
value::Decoded<CodePackage> load_code_package(const std::string& path);

}  // namespace fgform::resources
