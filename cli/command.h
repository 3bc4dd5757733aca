// One entry per subcommand. Each `attach` adds its CLI11 subcommand to the app and sets a
// callback that stores the command's exit code; errors may be thrown as std::exception and are
// printed by main as "confwl: <message>".
#pragma once
#include <CLI/CLI.hpp>

#include <span>

namespace confwl::cli {

// Exit codes of confwl itself (`confwl run` otherwise exits with the workload's status).
inline constexpr int kExitFailure = 1;       // seal/inspect: bad input, with a message
inline constexpr int kExitUsage = 2;         // bad command line: unknown subcommand or option
inline constexpr int kExitRunTimeout = 124;  // run: the guest did not finish within --timeout
inline constexpr int kExitRunError = 125;    // run: confwl could not run the image

struct Command {
  void (*attach)(CLI::App& app, int& exit_code);
};

std::span<const Command> commands();

}  // namespace confwl::cli
