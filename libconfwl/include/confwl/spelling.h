// "Did you mean ...?" for unknown keys, presets and subcommands.
#pragma once
#include <optional>
#include <span>
#include <string_view>

namespace confwl {

// The candidate closest to `word` (optimal string alignment distance: a swap of two adjacent
// letters counts as one edit), if it is close enough to be a plausible typo.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

}  // namespace confwl
