#include "render/color.h"

#include <array>
#include <utility>

namespace fgform::render {
namespace {

// colorstring's DefaultColors, restricted to the ones worth having.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kCodes = {{
    {"default", "39"}, {"_default_", "49"},  {"black", "30"},     {"red", "31"},
    {"green", "32"},   {"yellow", "33"},     {"blue", "34"},      {"magenta", "35"},
    {"cyan", "36"},    {"light_gray", "37"}, {"dark_gray", "90"}, {"white", "97"},
    {"bold", "1"},     {"dim", "2"},         {"underline", "4"},  {"blink_slow", "5"},
    {"invert", "7"},   {"hidden", "8"},      {"reset", "0"},
}};

const std::string_view* code_for(std::string_view name) {
  for (const auto& [n, code] : kCodes)
    if (n == name) return &code;
  return nullptr;
}

}  // namespace

std::string colorize(std::string_view markup, bool color) {
  std::string out;
  out.reserve(markup.size() + 16);
  bool colored = false;
  std::size_t i = 0;
  while (i < markup.size()) {
    if (markup[i] == '[') {
      const std::size_t close = markup.find(']', i + 1);
      if (close != std::string_view::npos) {
        const std::string_view name = markup.substr(i + 1, close - i - 1);
        if (const auto* code = code_for(name)) {
          colored = true;
          if (color) {
            out += "\x1b[";
            out += *code;
            out += 'm';
          }
          i = close + 1;
          continue;
        }
      }
    }
    out += markup[i++];
  }
  if (colored && color) out += "\x1b[0m";
  return out;
}

}  // namespace fgform::render
