// Store kinds shared by VPC v1 (which creates and changes VPCs and subnets) and the v3 reads.
#pragma once

namespace fgform::emulator {

inline constexpr const char* kVpcKind = "vpc";
inline constexpr const char* kSubnetKind = "subnet";

}  // namespace fgform::emulator
