// `confwl inspect --igvm FILE [--json]`: the directives of an IGVM file, in file order.
#pragma once
#include <string>

#include "confwl/igvm/file.h"

namespace confwl::cli {

void print_igvm_table(const std::string& path, size_t file_size, const igvm::File& file);
std::string igvm_json(const igvm::File& file);

}  // namespace confwl::cli
