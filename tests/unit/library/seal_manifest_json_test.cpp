#include "confwl/seal_manifest_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.h"

namespace confwl {
namespace {

using nlohmann::ordered_json;

struct Sealed {
  WorkloadManifest manifest;
  SealOutput output;
};

Sealed seal_hello() {
  WorkloadManifest manifest;
  manifest.name = "hello";
  manifest.args = {"x"};
  manifest.env = {{"Z", "1"}, {"A", "2"}};
  Result<SealOutput> sealed = seal_image(test::fixture("pvh-kernel.elf"), manifest, test::fixture("static.elf"));
  EXPECT_TRUE(sealed.ok()) << sealed.error().message;
  return {manifest, sealed ? std::move(*sealed) : SealOutput{}};
}

std::vector<std::string> keys(const ordered_json& object) {
  std::vector<std::string> names;
  for (const auto& item : object.items()) names.push_back(item.key());
  return names;
}

// The kernel's subsystems (SealOutput::kernel_subsystems, from its .confwl.features section).
TEST(SealManifestJson, NamesTheKernelSubsystemsWhenGiven) {
  const Sealed sealed = seal_hello();
  EXPECT_EQ(sealed.output.kernel_subsystems, 0x3fu);  // pvh-kernel.elf claims every subsystem
  const ordered_json without = ordered_json::parse(seal_manifest_json(sealed.manifest, sealed.output.image, "0.1.0"));
  EXPECT_FALSE(without["kernel"].contains("subsystems"));
  const ordered_json with = ordered_json::parse(
      seal_manifest_json(sealed.manifest, sealed.output.image, "0.1.0", nullptr, nullptr, 0x11u));
  EXPECT_EQ(keys(with["kernel"]), (std::vector<std::string>{"preset", "subsystems", "on_denied", "syscalls"}));
  EXPECT_EQ(with["kernel"]["subsystems"], (std::vector<std::string>{"core", "signals"}));
}

TEST(SealManifestJson, HoldsTheMeasurementsAndTheManifestInAFixedOrder) {
  const Sealed sealed = seal_hello();
  const std::string text = seal_manifest_json(sealed.manifest, sealed.output.image, "0.1.0");
  EXPECT_EQ(text, seal_manifest_json(sealed.manifest, sealed.output.image, "0.1.0"));
  ASSERT_EQ(text.back(), '\n');
  const ordered_json json = ordered_json::parse(text);
  EXPECT_EQ(keys(json), (std::vector<std::string>{"name", "confwl_version", "image", "segments", "workload", "args",
                                                  "env", "runtime_args", "resources", "storage", "files",
                                                  "kernel"}));
  EXPECT_EQ(json["name"], "hello");
  EXPECT_EQ(json["confwl_version"], "0.1.0");
  EXPECT_EQ(json["image"]["sha384"], to_hex(sha384(sealed.output.bytes)));
  EXPECT_EQ(json["image"]["size"], sealed.output.bytes.size());
  EXPECT_EQ(json["workload"]["sha384"], to_hex(sha384(test::fixture("static.elf"))));
  EXPECT_EQ(json["segments"].size(), 5u);
  EXPECT_EQ(json["segments"][3]["role"], "boot-config");
  EXPECT_EQ(json["segments"][3]["guest_address"], "0x400000");
  EXPECT_EQ(keys(json["env"]), (std::vector<std::string>{"Z", "A"}));
  EXPECT_EQ(json["args"], ordered_json::array({"x"}));
  EXPECT_EQ(json["runtime_args"], false);
  EXPECT_EQ(json["resources"]["memory"], 64ull << 20);
  EXPECT_EQ(json["kernel"]["preset"], "minimal");
}

TEST(SealedImageJson, DescribesTheBootConfig) {
  const Sealed sealed = seal_hello();
  const ordered_json json = ordered_json::parse(sealed_image_json(sealed.output.image));
  EXPECT_EQ(keys(json), (std::vector<std::string>{"image", "segments", "boot_config", "files"}));
  EXPECT_EQ(json["boot_config"]["argv"], ordered_json::array({"hello", "x"}));
  EXPECT_EQ(json["boot_config"]["envp"], ordered_json::array({"Z=1", "A=2"}));
  EXPECT_EQ(json["boot_config"]["memory"], 64ull << 20);
  EXPECT_EQ(json["boot_config"]["blobs"][0]["kind"], "workload-elf");
}

TEST(SealedImageJson, ReplacesInvalidUtf8FromTheImage) {
  SealedImage image;
  image.boot_config.argv = {"bad\xff"};
  const ordered_json json = ordered_json::parse(sealed_image_json(image));
  EXPECT_EQ(json["boot_config"]["argv"][0], "bad\xef\xbf\xbd");
}

}  // namespace
}  // namespace confwl
