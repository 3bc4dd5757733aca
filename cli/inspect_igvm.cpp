#include "inspect_igvm.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "confwl/hex.h"
#include "confwl/sha384.h"

namespace confwl::cli {
namespace {

using namespace confwl::igvm;

// One directive as the table and the JSON show it.
struct Row {
  std::string directive;
  std::optional<uint64_t> gpa;
  uint32_t mask = 0;
  std::string detail;
  std::string data_sha384;  // empty: no file data
};

std::string data_hash(const Bytes& data) { return data.empty() ? "" : to_hex(sha384(data)); }

std::string page_detail(const PageData& page) {
  std::string detail(page_data_type_name(page.data_type));
  if (page.flags & kPageFlagUnmeasured) detail += ",unmeasured";
  if (page.flags & kPageFlagShared) detail += ",shared";
  return detail;
}

struct ToRow {
  Row operator()(const ParameterArea& area) const {
    return {"PARAMETER_AREA", std::nullopt, 0,
            "index " + std::to_string(area.parameter_area_index) + ", " + std::to_string(area.number_of_bytes) + " bytes", ""};
  }
  Row operator()(const PageDataDirective& page) const {
    return {"PAGE_DATA", page.header.gpa, page.header.compatibility_mask,
            page_detail(page.header) + (page.data.empty() ? ",zeros" : ""), data_hash(page.data)};
  }
  Row operator()(const ParameterInsert& insert) const {
    return {"PARAMETER_INSERT", insert.gpa, insert.compatibility_mask, "index " + std::to_string(insert.parameter_area_index), ""};
  }
  Row operator()(const VpContextDirective& context) const {
    return {"VP_CONTEXT", context.header.gpa, context.header.compatibility_mask,
            "vp " + std::to_string(context.header.vp_index), data_hash(context.data)};
  }
  Row operator()(const RequiredMemory& memory) const {
    return {"REQUIRED_MEMORY", memory.gpa, memory.compatibility_mask, std::to_string(memory.number_of_bytes) + " bytes", ""};
  }
  Row operator()(const MemoryMapDirective& map) const {
    return {"MEMORY_MAP", std::nullopt, 0,
            "index " + std::to_string(map.header.parameter_area_index) + ", offset " + std::to_string(map.header.byte_offset), ""};
  }
  Row operator()(const SnpIdBlock& block) const {
    return {"SNP_ID_BLOCK", std::nullopt, block.compatibility_mask,
            "guest_svn " + std::to_string(block.guest_svn) + ", ld " + to_hex(block.ld), ""};
  }
};

}  // namespace

void print_igvm_table(const std::string& path, size_t file_size, const File& file) {
  std::printf("%s: IGVM format 1, %zu bytes, %zu directives\n", path.c_str(), file_size, file.directives.size());
  for (const SupportedPlatform& platform : file.platforms)
    std::printf("platform %-8s mask %s, version %u\n", std::string(platform_type_name(platform.platform_type)).c_str(),
                hex_number(platform.compatibility_mask).c_str(), platform.platform_version);
  for (const GuestPolicy& policy : file.policies)
    std::printf("policy   %s for mask %s\n", hex_number(policy.policy).c_str(), hex_number(policy.compatibility_mask).c_str());
  std::printf("\n%-6s %-17s %-18s %-5s %-26s %s\n", "INDEX", "DIRECTIVE", "GPA", "MASK", "DETAIL", "DATA SHA-384");
  for (size_t index = 0; index < file.directives.size(); ++index) {
    const Row row = std::visit(ToRow{}, file.directives[index]);
    std::printf("%-6zu %-17s %-18s %-5s %-26s %s\n", index, row.directive.c_str(), row.gpa ? hex_number(*row.gpa).c_str() : "-",
                row.mask ? hex_number(row.mask).c_str() : "-", row.detail.c_str(),
                row.data_sha384.empty() ? "-" : row.data_sha384.c_str());
  }
}

std::string igvm_json(const File& file) {
  nlohmann::ordered_json out;
  out["format_version"] = 1;
  out["platforms"] = nlohmann::json::array();
  for (const SupportedPlatform& platform : file.platforms)
    out["platforms"].push_back({{"type", platform_type_name(platform.platform_type)},
                                {"compatibility_mask", platform.compatibility_mask},
                                {"version", platform.platform_version}});
  out["policies"] = nlohmann::json::array();
  for (const GuestPolicy& policy : file.policies)
    out["policies"].push_back({{"policy", hex_number(policy.policy)}, {"compatibility_mask", policy.compatibility_mask}});
  out["directives"] = nlohmann::json::array();
  for (const Directive& directive : file.directives) {
    const Row row = std::visit(ToRow{}, directive);
    nlohmann::ordered_json entry{{"directive", row.directive}};
    entry["gpa"] = row.gpa ? nlohmann::json(hex_number(*row.gpa)) : nlohmann::json();
    entry["compatibility_mask"] = row.mask;
    entry["detail"] = row.detail;
    entry["data_sha384"] = row.data_sha384.empty() ? nlohmann::json() : nlohmann::json(row.data_sha384);
    out["directives"].push_back(entry);
  }
  return out.dump(2) + "\n";
}

}  // namespace confwl::cli
