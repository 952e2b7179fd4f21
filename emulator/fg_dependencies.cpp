// Dependency packages and their versions. Versions are numbered from 1, the service copies the
// package into its own bucket (so `link` is rewritten), and a version in use cannot be deleted.
#include "cloud/crypto.h"
#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;
using fields::opt_string;

Json create_version(World& world, const Json& body) {
  fields::reject_unknown(body,
                         {"name", "runtime", "depend_type", "depend_link", "depend_file",
                          "description", "file_name", "depend_id"},
                         "the create-dependency request");
  const std::string name = fields::req_string(body, "name", 96);
  if (auto msg = rules::check_dependency_name(name); !msg.empty()) bad_request(msg);
  const std::string runtime = fields::req_string(body, "runtime", 64);
  if (auto msg = rules::check_runtime(runtime); !msg.empty()) bad_request(msg);
  const std::string type = opt_string(body, "depend_type", 16).value_or("obs");
  std::string content;
  std::string link;
  if (type == "obs") {
    link = fields::req_string(body, "depend_link", 1024);
    if (link.rfind("https://", 0) != 0 && link.rfind("obs://", 0) != 0) {
      bad_request("depend_link must be an https:// or obs:// URL of a ZIP file");
    }
    content = link;
  } else if (type == "zip") {
    std::string file = fields::req_string(body, "depend_file", 20u << 20);
    if (!cloud::base64_decode(file, content) || content.rfind("PK", 0) != 0) {
      fail(400, "FSS.1011", "zip: not a valid zip file");
    }
  } else {
    bad_request("depend_type must be obs or zip");
  }
  // One package per (name, runtime); versions count up from 1.
  std::string dep_id;
  for (const auto& d : world.store.list(kDependency, world.project_id)) {
    if (d.value("name", "") == name && d.value("runtime", "") == runtime)
      dep_id = d.value("dep_id", "");
  }
  Json package;
  if (dep_id.empty()) {
    dep_id = new_uuid();
    package = Json{{"dep_id", dep_id}, {"name", name}, {"runtime", runtime}, {"next_version", 1}};
  } else {
    package = *world.store.get(kDependency, dep_id);
  }
  const long version = package.value("next_version", 1);
  package["next_version"] = version + 1;
  world.store.put(kDependency, dep_id, world.project_id, package);

  const std::string id = new_uuid();
  Json doc{{"id", id},
           {"dep_id", dep_id},
           {"owner", world.domain_id},
           {"link", "https://fgs-dependency-" + world.region + ".obs." + world.region +
                        ".myhuaweicloud.com/depends/" + world.domain_id + "/" + id + ".zip"},
           {"runtime", runtime},
           {"etag", cloud::md5_hex(content)},  // the service's etag is the package's MD5
           {"size", type == "zip" ? static_cast<long>(content.size()) : 0L},
           {"name", name},
           {"description", opt_string(body, "description", 512).value_or("")},
           {"file_name", opt_string(body, "file_name", 128).value_or(name + ".zip")},
           {"version", version},
           {"last_modified", unix_now()},
           {"download_link", ""},
           {"is_shared", false},
           {"dependency_type", "private"}};
  world.store.put(kDependencyVersion, id, dep_id, doc);
  return doc;
}

Json load_version_by_id(World& world, const std::string& id) {
  auto doc = world.store.get(kDependencyVersion, id);
  if (!doc) fail(404, "FSS.1056", "Not found the dependency: " + id);
  return *doc;
}

Json load_version(World& world, const std::string& dep_id, const std::string& version) {
  for (auto& v : world.store.list(kDependencyVersion, dep_id)) {
    if (std::to_string(v.value("version", 0L)) == version) return v;
  }
  fail(404, "FSS.1056", "Not found the dependency version: " + dep_id + "/" + version);
}

void delete_version_doc(World& world, const Json& doc) {
  const std::string id = doc.value("id", "");
  for (const auto& f : world.store.list(kFunction, world.project_id)) {
    for (const auto& used : f.value("depend_version_list", Json::array())) {
      if (used == id) {
        fail(412, "FSS.1033", "the dependency is used by function " + f.value("func_name", ""));
      }
    }
  }
  world.store.erase(kDependencyVersion, id);
  const std::string dep_id = doc.value("dep_id", "");
  if (world.store.count(kDependencyVersion, dep_id) == 0) world.store.erase(kDependency, dep_id);
}

Reply page(Request& req, std::vector<Json> items) {
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long maxitems = req.query_long("maxitems", req.query_long("limit", 400, 1, 400), 1, 400);
  const long total = static_cast<long>(items.size());
  Json out = offset_page(items, marker, maxitems);
  return ok(Json{
      {"dependencies", out}, {"next_marker", next_marker(marker, out, total)}, {"count", total}});
}

Reply list_dependencies(Request& req, World& world) {
  const std::string name = req.query_value("name");
  const std::string runtime = req.query_value("runtime");
  const std::string type = req.query_value("dependency_type", "all");
  if (type != "all" && type != "private" && type != "public") {
    bad_request("dependency_type must be public, private or all");
  }
  std::vector<Json> items;
  if (type != "public") {
    for (auto& v : world.store.list_all(kDependencyVersion)) {
      if (!name.empty() && v.value("name", "") != name) continue;
      if (!runtime.empty() && v.value("runtime", "") != runtime) continue;
      items.push_back(std::move(v));
    }
  }
  return page(req, std::move(items));
}

Reply list_versions(Request& req, World& world) {
  const std::string dep_id = req.param("depend_id");
  if (!world.store.get(kDependency, dep_id))
    fail(404, "FSS.1056", "Not found the dependency: " + dep_id);
  return page(req, world.store.list(kDependencyVersion, dep_id));
}

Reply post_version(Request& req, World& world) {
  return ok(create_version(world, req.json()));
}

Reply get_version(Request& req, World& world) {
  return ok(load_version(world, req.param("depend_id"), req.param("version")));
}

Reply delete_version(Request& req, World& world) {
  delete_version_doc(world, load_version(world, req.param("depend_id"), req.param("version")));
  return no_content();
}

Reply get_dependency(Request& req, World& world) {
  return ok(load_version_by_id(world, req.param("depend_id")));
}

Reply update_dependency(Request& req, World& world) {
  Json doc = load_version_by_id(world, req.param("depend_id"));
  const Json& body = req.json();
  fields::reject_unknown(
      body,
      {"name", "runtime", "depend_type", "depend_link", "depend_file", "description", "file_name"},
      "the update-dependency request");
  if (auto n = opt_string(body, "name", 96); n && *n != doc.value("name", ""))
    bad_request("name cannot be changed");
  if (auto r = opt_string(body, "runtime", 64); r && *r != doc.value("runtime", "")) {
    bad_request("runtime cannot be changed");
  }
  if (auto d = opt_string(body, "description", 512)) doc["description"] = *d;
  doc["last_modified"] = unix_now();
  world.store.put(kDependencyVersion, doc.value("id", ""), doc.value("dep_id", ""), doc);
  return ok(doc);
}

Reply delete_dependency(Request& req, World& world) {
  delete_version_doc(world, load_version_by_id(world, req.param("depend_id")));
  return no_content();
}

}  // namespace

void add_dependency_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  r.add("GET", "/v2/{project_id}/fgs/dependencies", F, list_dependencies);
  r.add("POST", "/v2/{project_id}/fgs/dependencies", F, post_version);
  r.add("POST", "/v2/{project_id}/fgs/dependencies/version", F, post_version);
  r.add("GET", "/v2/{project_id}/fgs/dependencies/{depend_id}", F, get_dependency);
  r.add("PUT", "/v2/{project_id}/fgs/dependencies/{depend_id}", F, update_dependency);
  r.add("DELETE", "/v2/{project_id}/fgs/dependencies/{depend_id}", F, delete_dependency);
  r.add("GET", "/v2/{project_id}/fgs/dependencies/{depend_id}/version", F, list_versions);
  r.add("GET", "/v2/{project_id}/fgs/dependencies/{depend_id}/version/{version}", F, get_version);
  r.add("DELETE", "/v2/{project_id}/fgs/dependencies/{depend_id}/version/{version}", F,
        delete_version);
}

}  // namespace fgform::emulator
