// The `confwl` command: a table of subcommands over the library, and one error boundary.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "confwl/spelling.h"

namespace {

// A first word that names no subcommand is far more often a typo than anything else, so say
// which subcommand was probably meant (as ninja's ChooseTool does) instead of CLI11's generic
// "a subcommand is required".
std::optional<int> reject_unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  const std::string_view word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* subcommand : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(subcommand->get_name());
  for (const std::string& name : names)
    if (name == word) return std::nullopt;
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string message = "confwl: unknown command '" + std::string(word) + "'";
  if (auto guess = confwl::closest_match(word, candidates))
    message += "; did you mean '" + std::string(*guess) + "'?";
  std::fprintf(stderr, "%s\nRun 'confwl --help' for the list of commands.\n", message.c_str());
  return confwl::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ConfWL: seal, run and inspect confidential workloads", "confwl"};
  app.set_version_flag("--version", std::string("confwl ") + CONFWL_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  for (const confwl::cli::Command& command : confwl::cli::commands()) command.attach(app, exit_code);
  if (auto usage_error = reject_unknown_subcommand(app, argc, argv)) return *usage_error;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version arrive here too, with exit code 0.
    return app.exit(error) == 0 ? 0 : confwl::cli::kExitUsage;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "confwl: %s\n", error.what());
    return confwl::cli::kExitFailure;
  }
  return exit_code;
}
