// Named value formats the platform defines: schedules, JSON strings, CIDR blocks. Used by schema
// validation and by the emulator, so the provider and the platform stand-in agree.
#pragma once

#include <string>
#include <string_view>

namespace fgform::schema {

// Each returns "" when the text is valid, otherwise a message naming what is allowed.

// Timer-trigger and reserved-instance schedules: "@every 1h30m", or 5/6-field cron with an
// optional "CRON_TZ=Zone " prefix; fields may use , - * / and ? (day fields only).
std::string check_cron(std::string_view expression);
// Fixed-rate timer schedules: "<N>m" (1-60), "<N>h" (1-24), "<N>d" (1-30).
std::string check_rate(std::string_view schedule);
std::string check_json(std::string_view text, bool must_be_object);
std::string check_ipv4_cidr(std::string_view text);
// One to five IPv4 CIDR blocks separated by ';' (the platform's peering_cidr).
std::string check_ipv4_cidr_list(std::string_view text);

// Parses a.b.c.d; false when malformed.
bool parse_ipv4(std::string_view text, unsigned& address);
// Parses a.b.c.d/n into the network address and prefix; false when malformed or when host bits
// are set.
bool parse_ipv4_cidr(std::string_view cidr, unsigned& network, int& prefix);

// Dispatches on a format name used in schema files; "" for an unknown name.
bool is_known_format(std::string_view name);
std::string check_format(std::string_view name, std::string_view text);

}  // namespace fgform::schema
