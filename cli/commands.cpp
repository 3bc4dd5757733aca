#include "command.h"

namespace confwl::cli {

void attach_seal(CLI::App& app, int& exit_code);
void attach_run(CLI::App& app, int& exit_code);
void attach_inspect(CLI::App& app, int& exit_code);
void attach_measure(CLI::App& app, int& exit_code);
void attach_verify(CLI::App& app, int& exit_code);
void attach_sim_ca(CLI::App& app, int& exit_code);
void attach_keygen(CLI::App& app, int& exit_code);
void attach_verify_id_block(CLI::App& app, int& exit_code);

std::span<const Command> commands() {
  static constexpr Command kCommands[] = {
      {attach_seal},
      {attach_run},
      {attach_inspect},
      {attach_measure},
      {attach_verify},
      {attach_sim_ca},
      {attach_keygen},
      {attach_verify_id_block},
  };
  return kCommands;
}

}  // namespace confwl::cli
