// The `confwl` command: a table of subcommands over the library, and one error boundary.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "command.h"

int main(int argc, char** argv) {
  CLI::App app{"ConfWL: seal, run and inspect confidential workloads", "confwl"};
  app.set_version_flag("--version", std::string("confwl ") + CONFWL_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  for (const confwl::cli::Command& command : confwl::cli::commands()) command.attach(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "confwl: %s\n", error.what());
    return confwl::cli::kExitFailure;
  }
  return exit_code;
}
