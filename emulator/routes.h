// Route registration, one function per API family.
#pragma once

#include "router.h"

namespace fgform::emulator {

void add_function_routes(Router& router);
void add_version_alias_routes(Router& router);
void add_trigger_routes(Router& router);
void add_reserved_async_routes(Router& router);
void add_dependency_routes(Router& router);
void add_event_routes(Router& router);
void add_project_routes(Router& router);
void add_iam_routes(Router& router);
void add_credential_routes(Router& router);
void add_vpc_routes(Router& router);
void add_vpc_v3_routes(Router& router);

}  // namespace fgform::emulator
