#include "state.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <random>

namespace fgform::state {
namespace {

using value::Diagnostic;

// Random bytes from the kernel; falls back to std::random_device (which glibc also reads
// from the kernel) if /dev/urandom cannot be read.
template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
  std::array<unsigned char, N> b{};
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  std::size_t got = 0;
  if (fd >= 0) {
    while (got < N) {
      const ssize_t n = ::read(fd, b.data() + got, N - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  if (got < N) {
    std::random_device rd;
    for (auto& x : b) x = static_cast<unsigned char>(rd());
  }
  return b;
}

}  // namespace

std::string new_uuid() {
  auto b = random_bytes<16>();
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string new_deposed_key() {
  const auto b = random_bytes<4>();
  char out[9];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
  return out;
}

State State::create(std::string terraform_version) {
  State s;
  s.terraform_version = std::move(terraform_version);
  s.lineage = new_uuid();
  return s;
}

bool State::empty() const {
  if (!outputs.empty() || !pending_creates.empty()) return false;
  for (const auto& [addr, rs] : resources) {
    for (const auto& [key, inst] : rs.instances) {
      if (!inst.empty()) return false;
    }
  }
  return true;
}

const ResourceState* State::find_resource(const AbsResource& addr) const {
  auto it = resources.find(addr);
  return it == resources.end() ? nullptr : &it->second;
}

const InstanceObject* State::find(const AbsResourceInstance& addr) const {
  const ResourceState* rs = find_resource(addr.containing());
  if (!rs) return nullptr;
  auto it = rs->instances.find(addr.key);
  if (it == rs->instances.end() || !it->second.current) return nullptr;
  return &*it->second.current;
}

const InstanceObject* State::find_deposed(const AbsResourceInstance& addr,
                                          const std::string& deposed_key) const {
  const ResourceState* rs = find_resource(addr.containing());
  if (!rs) return nullptr;
  auto it = rs->instances.find(addr.key);
  if (it == rs->instances.end()) return nullptr;
  auto d = it->second.deposed.find(deposed_key);
  return d == it->second.deposed.end() ? nullptr : &d->second;
}

void State::set(const AbsResourceInstance& addr, InstanceObject object,
                const std::string& provider) {
  ResourceState& rs = resources[addr.containing()];
  if (!provider.empty()) rs.provider = provider;
  rs.instances[addr.key].current = std::move(object);
}

void State::set_deposed(const AbsResourceInstance& addr, const std::string& deposed_key,
                        InstanceObject object, const std::string& provider) {
  ResourceState& rs = resources[addr.containing()];
  if (!provider.empty()) rs.provider = provider;
  rs.instances[addr.key].deposed[deposed_key] = std::move(object);
}

namespace {
// Drops an instance with no objects and a resource with no instances, as Terraform prunes.
void prune(std::map<AbsResource, ResourceState>& resources, const AbsResourceInstance& addr) {
  auto rit = resources.find(addr.containing());
  if (rit == resources.end()) return;
  auto iit = rit->second.instances.find(addr.key);
  if (iit != rit->second.instances.end() && iit->second.empty()) rit->second.instances.erase(iit);
  if (rit->second.instances.empty()) resources.erase(rit);
}
}  // namespace

bool State::remove(const AbsResourceInstance& addr) {
  auto rit = resources.find(addr.containing());
  if (rit == resources.end()) return false;
  auto iit = rit->second.instances.find(addr.key);
  if (iit == rit->second.instances.end() || !iit->second.current) return false;
  iit->second.current.reset();
  prune(resources, addr);
  return true;
}

bool State::remove_deposed(const AbsResourceInstance& addr, const std::string& deposed_key) {
  auto rit = resources.find(addr.containing());
  if (rit == resources.end()) return false;
  auto iit = rit->second.instances.find(addr.key);
  if (iit == rit->second.instances.end() || iit->second.deposed.erase(deposed_key) == 0) {
    return false;
  }
  prune(resources, addr);
  return true;
}

value::Diagnostics State::move(const AbsResourceInstance& from, const AbsResourceInstance& to) {
  value::Diagnostics d;
  if (from == to) return d;
  if (from.resource.mode != to.resource.mode || from.resource.type != to.resource.type) {
    d.add(Diagnostic::error("Invalid state move request",
                            "Cannot move " + from.to_string() + " to " + to.to_string() +
                                ": the source and destination must have the same resource "
                                "mode and type."));
    return d;
  }
  auto rit = resources.find(from.containing());
  auto iit = rit == resources.end() ? decltype(rit->second.instances.end()){}
                                    : rit->second.instances.find(from.key);
  if (rit == resources.end() || iit == rit->second.instances.end()) {
    d.add(Diagnostic::error("Invalid state move request", "Cannot move " + from.to_string() +
                                                              ": there is no such instance "
                                                              "in the state."));
    return d;
  }
  if (const ResourceState* dst = find_resource(to.containing());
      dst && dst->instances.count(to.key)) {
    d.add(Diagnostic::error("Invalid state move request",
                            "Cannot move " + from.to_string() + " to " + to.to_string() +
                                ": there is already a resource instance at that address."));
    return d;
  }
  ResourceInstanceState moved = std::move(iit->second);
  const std::string provider = rit->second.provider;
  rit->second.instances.erase(iit);
  if (rit->second.instances.empty()) resources.erase(rit);
  ResourceState& dst = resources[to.containing()];
  if (dst.provider.empty()) dst.provider = provider;
  dst.instances[to.key] = std::move(moved);
  return d;
}

value::Diagnostics State::move_resource(const AbsResource& from, const AbsResource& to) {
  value::Diagnostics d;
  if (from == to) return d;
  if (from.resource.mode != to.resource.mode || from.resource.type != to.resource.type) {
    d.add(Diagnostic::error("Invalid state move request",
                            "Cannot move " + from.to_string() + " to " + to.to_string() +
                                ": the source and destination must have the same resource "
                                "mode and type."));
    return d;
  }
  auto it = resources.find(from);
  if (it == resources.end()) {
    d.add(Diagnostic::error("Invalid state move request", "Cannot move " + from.to_string() +
                                                              ": there is no such resource "
                                                              "in the state."));
    return d;
  }
  if (resources.count(to)) {
    d.add(Diagnostic::error("Invalid state move request",
                            "Cannot move " + from.to_string() + " to " + to.to_string() +
                                ": there is already a resource at that address."));
    return d;
  }
  ResourceState rs = std::move(it->second);
  resources.erase(it);
  resources[to] = std::move(rs);
  return d;
}

std::vector<AbsResourceInstance> State::instance_addresses() const {
  std::vector<AbsResourceInstance> out;
  // The map is ordered by AbsResource and each resource's instances by key, which together
  // give Terraform's AbsResourceInstance order.
  for (const auto& [addr, rs] : resources) {
    for (const auto& [key, inst] : rs.instances) {
      if (inst.current) out.push_back({addr.module, addr.resource, key});
    }
  }
  return out;
}

bool State::same_content(const State& other) const {
  return outputs == other.outputs && resources == other.resources &&
         check_results == other.check_results && pending_creates == other.pending_creates;
}

std::optional<value::Path> path_from_v4(const nlohmann::json& steps) {
  if (!steps.is_array()) return std::nullopt;
  value::Path path;
  for (const auto& step : steps) {
    if (!step.is_object() || !step.contains("type") || !step.contains("value")) {
      return std::nullopt;
    }
    const auto& type = step.at("type");
    const auto& val = step.at("value");
    if (type == "get_attr" && val.is_string()) {
      path = path.attr(val.get<std::string>());
    } else if (type == "index" && val.is_object() && val.contains("value") &&
               val.contains("type")) {
      const auto& k = val.at("value");
      if (val.at("type") == "string" && k.is_string()) {
        path = path.key(k.get<std::string>());
      } else if (val.at("type") == "number" && k.is_number_integer()) {
        path = path.index(k.get<std::int64_t>());
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  return path;
}

nlohmann::json path_to_v4(const value::Path& path) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : path.steps()) {
    switch (s.kind) {
      case value::PathStep::Kind::kAttribute:
        steps.push_back({{"type", "get_attr"}, {"value", s.name}});
        break;
      case value::PathStep::Kind::kKeyString:
        steps.push_back({{"type", "index"}, {"value", {{"value", s.name}, {"type", "string"}}}});
        break;
      case value::PathStep::Kind::kKeyInt:
        steps.push_back({{"type", "index"}, {"value", {{"value", s.index}, {"type", "number"}}}});
        break;
    }
  }
  return steps;
}

std::vector<value::Path> sensitive_paths(const InstanceObject& object) {
  std::vector<value::Path> out;
  if (!object.sensitive_attributes.is_array()) return out;
  for (const auto& p : object.sensitive_attributes) {
    if (auto path = path_from_v4(p)) out.push_back(std::move(*path));
  }
  return out;
}

void set_sensitive_paths(InstanceObject& object, const std::vector<value::Path>& paths) {
  object.sensitive_attributes = nlohmann::json::array();
  for (const auto& p : paths) object.sensitive_attributes.push_back(path_to_v4(p));
}

}  // namespace fgform::state
