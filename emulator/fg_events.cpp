// Test events of a function: named JSON payloads, stored base64-encoded as the client sends them.
// They belong to the function (any URN form of it addresses them) and go when it goes.
#include "cloud/crypto.h"
#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;

std::string checked_name(const Json& body) {
  std::string name = fields::req_string(body, "name", 64);
  if (auto msg = rules::check_event_name(name); !msg.empty()) bad_request(msg);
  return name;
}

// The content must be base64 of JSON text: the console only ever sends such events, and the
// function receives the decoded JSON as its event.
std::string checked_content(const Json& body) {
  // Base64 grows the payload by a third; anything longer cannot decode to an allowed size.
  std::string content = fields::req_string(body, "content", (rules::kMaxEventBytes / 3 + 1) * 4);
  std::string decoded;
  if (!cloud::base64_decode(content, decoded)) bad_request("content must be base64-encoded");
  if (decoded.size() > rules::kMaxEventBytes) bad_request("content decodes to more than 6 MB");
  if (Json::parse(decoded, nullptr, false).is_discarded())
    bad_request("content must be the base64 encoding of a JSON text");
  return content;
}

void require_unique_name(World& world, const FunctionRef& fn, const std::string& name,
                         const std::string& except_id) {
  for (const auto& e : world.store.list(kEvent, fn.key)) {
    if (e.value("name", "") == name && e.value("id", "") != except_id)
      fail(409, "", "a test event named " + name + " already exists for function " + fn.urn.name);
  }
}

Json load_event(World& world, const FunctionRef& fn, const std::string& id) {
  auto doc = world.store.get(kEvent, id);
  if (!doc || doc->value("_function", "") != fn.key)
    fail(404, "FSS.1070", "Not found the test event: " + id);
  return *doc;
}

Reply create_event(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const Json& body = req.json();
  fields::reject_unknown(body, {"name", "content"}, "the create-event request");
  const std::string name = checked_name(body);
  const std::string content = checked_content(body);
  require_unique_name(world, fn, name, "");
  if (world.store.count(kEvent, fn.key) >= rules::kMaxEventsPerFunction)
    bad_request("a function has at most 10 test events");
  const std::string id = new_uuid();
  world.store.put(kEvent, id, fn.key,
                  Json{{"id", id},
                       {"name", name},
                       {"content", content},
                       {"last_modified", unix_now()},
                       {"_function", fn.key}});
  return ok(Json{{"id", id}, {"name", name}});
}

Reply get_event(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  return ok(public_view(load_event(world, fn, req.param("event_id"))));
}

Reply update_event(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  Json doc = load_event(world, fn, req.param("event_id"));
  const Json& body = req.json();
  fields::reject_unknown(body, {"name", "content"}, "the update-event request");
  if (body.contains("name") && !body["name"].is_null()) {
    doc["name"] = checked_name(body);
    require_unique_name(world, fn, doc["name"], doc["id"]);
  }
  doc["content"] = checked_content(body);
  doc["last_modified"] = unix_now();
  world.store.put(kEvent, doc["id"], fn.key, doc);
  return ok(public_view(doc));
}

Reply delete_event(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  Json doc = load_event(world, fn, req.param("event_id"));
  world.store.erase(kEvent, doc["id"]);
  return no_content();
}

Reply list_events(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  std::vector<Json> rows;
  for (const auto& e : world.store.list(kEvent, fn.key)) {
    rows.push_back(
        Json{{"id", e["id"]}, {"name", e["name"]}, {"last_modified", e["last_modified"]}});
  }
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long maxitems = req.query_long("maxitems", 400, 1, 400);
  const long total = static_cast<long>(rows.size());
  Json page = offset_page(rows, marker, maxitems);
  return ok(
      Json{{"events", page}, {"next_marker", next_marker(marker, page, total)}, {"count", total}});
}

}  // namespace

void add_event_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  const std::string all = "/v2/{project_id}/fgs/functions/{function_urn}/events";
  r.add("POST", all, F, create_event);
  r.add("GET", all, F, list_events);
  r.add("GET", all + "/{event_id}", F, get_event);
  r.add("PUT", all + "/{event_id}", F, update_event);
  r.add("DELETE", all + "/{event_id}", F, delete_event);
}

}  // namespace fgform::emulator
