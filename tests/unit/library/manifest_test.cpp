#include "confwl/manifest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confwl {
namespace {

const std::vector<std::string> kPresets{"minimal", "posix"};

std::string error_of(std::string_view yaml, std::span<const std::string> presets = kPresets) {
  Result<WorkloadManifest> manifest = parse_manifest(yaml, "m.yaml", presets);
  return manifest ? "(parsed)" : manifest.error().message;
}

TEST(Manifest, ParsesEveryField) {
  Result<WorkloadManifest> manifest = parse_manifest(R"(name: hello
args: ["a", "b c"]
env: {GREETING: hi, EMPTY: "", NUMBER: 42}
runtime_args: true
resources:
  memory: 128MiB
kernel:
  preset: posix
)", "hello.yaml", kPresets);
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  EXPECT_EQ(manifest->name, "hello");
  EXPECT_EQ(manifest->args, (std::vector<std::string>{"a", "b c"}));
  using Env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(manifest->env, (Env{{"GREETING", "hi"}, {"EMPTY", ""}, {"NUMBER", "42"}}));
  EXPECT_TRUE(manifest->runtime_args);
  EXPECT_EQ(manifest->memory_bytes, 128ull << 20);
  EXPECT_EQ(manifest->kernel_preset, "posix");
}

TEST(Manifest, DefaultsWhatIsNotGiven) {
  Result<WorkloadManifest> manifest = parse_manifest("name: a.b_c-9\n", "m.yaml");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  EXPECT_EQ(manifest->name, "a.b_c-9");
  EXPECT_TRUE(manifest->args.empty());
  EXPECT_TRUE(manifest->env.empty());
  EXPECT_FALSE(manifest->runtime_args);
  EXPECT_EQ(manifest->memory_bytes, 64ull << 20);
  EXPECT_EQ(manifest->kernel_preset, "minimal");
}

TEST(Manifest, EnvAsListKeepsFileOrder) {
  Result<WorkloadManifest> manifest = parse_manifest("name: x\nenv: [\"B=2\", \"A=1=one\", \"C=\"]\n", "m.yaml");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  using Env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(manifest->env, (Env{{"B", "2"}, {"A", "1=one"}, {"C", ""}}));
}

TEST(Manifest, MemoryBoundsAreInclusive) {
  EXPECT_EQ(parse_manifest("name: x\nresources: {memory: 16M}\n", "m.yaml")->memory_bytes, 16ull << 20);
  EXPECT_EQ(parse_manifest("name: x\nresources: {memory: 64G}\n", "m.yaml")->memory_bytes, 64ull << 30);
}

TEST(Manifest, PresetIsNotCheckedWithoutAList) {
  EXPECT_EQ(parse_manifest("name: x\nkernel: {preset: network}\n", "m.yaml")->kernel_preset, "network");
}

// The five kinds the issue names, with the exact messages.
TEST(ManifestErrors, UnknownKey) {
  EXPECT_EQ(error_of("name: bad\nargz: [\"x\"]\n"), "m.yaml:2:1: argz: unknown key; did you mean 'args'?");
  EXPECT_EQ(error_of("name: bad\ncolour: blue\n"),
            "m.yaml:2:1: colour: unknown key; expected one of: name, args, env, runtime_args, files, resources, storage, kernel, sev_snp");
  EXPECT_EQ(error_of("name: bad\nresources:\n  memroy: 64M\n"),
            "m.yaml:3:3: resources.memroy: unknown key; did you mean 'memory'?");
  EXPECT_EQ(error_of("name: bad\nkernel: {presets: minimal}\n"),
            "m.yaml:2:10: kernel.presets: unknown key; did you mean 'preset'?");
}

TEST(ManifestErrors, WrongType) {
  EXPECT_EQ(error_of("name: flat\nargs: hello\n"), "m.yaml:2:7: args: expected a list of strings, got \"hello\"");
  EXPECT_EQ(error_of("name: x\nargs: [a, {b: c}]\n"), "m.yaml:2:11: args[1]: expected a string, got a map");
  EXPECT_EQ(error_of("name: x\nenv: 3\n"),
            "m.yaml:2:6: env: expected a map of NAME: value or a list of \"NAME=value\" strings, got \"3\"");
  EXPECT_EQ(error_of("name: x\nenv: {A: [1]}\n"), "m.yaml:2:10: env.A: expected a string, got a list");
  EXPECT_EQ(error_of("name: x\nenv: {A: }\n"), "m.yaml:2:10: env.A: expected a string, got nothing");
  EXPECT_EQ(error_of("name: x\nenv: [\"NOEQUALS\"]\n"), "m.yaml:2:7: env[0]: expected \"NAME=value\", got \"NOEQUALS\"");
  EXPECT_EQ(error_of("name: unsure\nruntime_args: maybe\n"),
            "m.yaml:2:15: runtime_args: expected true or false, got \"maybe\"");
  EXPECT_EQ(error_of("name: x\nresources: 64M\n"), "m.yaml:2:12: resources: expected a map with 'memory', got \"64M\"");
  EXPECT_EQ(error_of("name: x\nkernel: minimal\n"), "m.yaml:2:9: kernel: expected a map with 'preset', 'syscalls' or 'on_denied', got \"minimal\"");
  EXPECT_EQ(error_of("name: [a]\n"), "m.yaml:1:7: name: expected 1 to 63 characters from [A-Za-z0-9._-], got a list");
  EXPECT_EQ(error_of("- name: x\n"), "m.yaml:1:1: manifest: expected a map with at least 'name', got a list");
}

TEST(ManifestErrors, MissingName) {
  EXPECT_EQ(error_of("args: [\"x\"]\n"),
            "m.yaml:1:1: name: missing; expected the workload's name, 1 to 63 characters from [A-Za-z0-9._-]");
  EXPECT_EQ(error_of(""), "m.yaml:1:1: manifest: expected a map with at least 'name', got nothing");
}

TEST(ManifestErrors, BadName) {
  EXPECT_EQ(error_of("name: \"hello world\"\n"),
            "m.yaml:1:7: name: expected 1 to 63 characters from [A-Za-z0-9._-], got \"hello world\"");
  EXPECT_EQ(error_of("name: \"\"\n"), "m.yaml:1:7: name: expected 1 to 63 characters from [A-Za-z0-9._-], got \"\"");
  // Long values are shortened in messages.
  EXPECT_EQ(error_of("name: " + std::string(64, 'a') + "\n"),
            "m.yaml:1:7: name: expected 1 to 63 characters from [A-Za-z0-9._-], got \"" + std::string(40, 'a') + "...\"");
  EXPECT_EQ(error_of("name: " + std::string(63, 'a') + "\n"), "(parsed)");
}

TEST(ManifestErrors, MemoryTooSmallOrTooLarge) {
  EXPECT_EQ(error_of("name: small\nresources:\n  memory: 8M\n"),
            "m.yaml:3:11: resources.memory: expected at least 16M, got \"8M\"");
  EXPECT_EQ(error_of("name: big\nresources:\n  memory: 65G\n"),
            "m.yaml:3:11: resources.memory: expected at most 64G, got \"65G\"");
  EXPECT_EQ(error_of("name: odd\nresources:\n  memory: 16388K\n"),
            "m.yaml:3:11: resources.memory: expected a whole number of MiB, got \"16388K\"");
}

TEST(ManifestErrors, MemoryNotASize) {
  EXPECT_EQ(error_of("name: vague\nresources:\n  memory: lots\n"),
            "m.yaml:3:11: resources.memory: expected a size such as 64M, 1G or 65536 (bytes, or K, M, G, KiB, "
            "MiB, GiB: powers of 1024), got \"lots\"");
  EXPECT_EQ(error_of("name: x\nresources:\n  memory: [64M]\n"),
            "m.yaml:3:11: resources.memory: expected a size such as 64M, 1G or 65536 (bytes, or K, M, G, KiB, "
            "MiB, GiB: powers of 1024), got a list");
}

TEST(ManifestErrors, UnknownPreset) {
  EXPECT_EQ(error_of("name: typo\nkernel:\n  preset: minimall\n"),
            "m.yaml:3:11: kernel.preset: expected one of: minimal, posix; got \"minimall\" (did you mean 'minimal'?)");
  EXPECT_EQ(error_of("name: x\nkernel:\n  preset: gpu\n"),
            "m.yaml:3:11: kernel.preset: expected one of: minimal, posix; got \"gpu\"");
  // The preset names a file: no path tricks, whether or not a list is given.
  EXPECT_EQ(error_of("name: x\nkernel:\n  preset: ../../etc/passwd\n", {}),
            "m.yaml:3:11: kernel.preset: expected a preset name from [A-Za-z0-9_-], got \"../../etc/passwd\"");
}

TEST(ManifestErrors, DuplicatesAndNuls) {
  EXPECT_EQ(error_of("name: a\nname: b\n"), "m.yaml:2:1: name: duplicate key; expected it once (first at line 1)");
  EXPECT_EQ(error_of("name: x\nenv: {A: 1, A: 2}\n"),
            "m.yaml:2:13: env.A: duplicate variable A; expected each name once");
  EXPECT_EQ(error_of("name: x\nenv: [\"A=1\", \"A=2\"]\n"),
            "m.yaml:2:14: env[1]: duplicate variable A; expected each name once");
  EXPECT_EQ(error_of("name: x\nenv: {\"A=B\": 1}\n"),
            "m.yaml:2:7: env.A=B: expected a variable name that is not empty and has no '='");
  EXPECT_EQ(error_of("name: x\nargs: [\"a\\0b\"]\n"), "m.yaml:2:8: args[0]: expected a string without NUL characters");
}

// The sidecar records strings as UTF-8: other bytes became U+FFFD there, while the image held them.
TEST(ManifestErrors, StringsAreUtf8) {
  EXPECT_EQ(error_of("name: x\nargs: [\"\xff\xfe\"]\n"), "m.yaml:2:8: args[0]: expected UTF-8 text");
  EXPECT_EQ(error_of("name: x\nenv: {A: \"\xc0\xaf\"}\n"), "m.yaml:2:10: env.A: expected UTF-8 text");  // overlong '/'
  EXPECT_EQ(error_of("name: x\nenv: [\"A=\xed\xa0\x80\"]\n"), "m.yaml:2:7: env[0]: expected UTF-8 text");  // surrogate
  EXPECT_EQ(error_of("name: x\nargs: [\"\xf4\x90\x80\x80\"]\n"), "m.yaml:2:8: args[0]: expected UTF-8 text");  // > U+10FFFF
  EXPECT_EQ(error_of("name: x\nargs: [\"\xe2\x82\"]\n"), "m.yaml:2:8: args[0]: expected UTF-8 text");  // cut short
  EXPECT_EQ(error_of("name: x\nfiles: {\"/etc/\xff\": a}\n"), "m.yaml:2:9: files./etc/\xff: expected UTF-8 text");
  EXPECT_EQ(error_of("name: x\nsev_snp: {image_id: \"\x80\"}\n"), "m.yaml:2:21: sev_snp.image_id: expected UTF-8 text");

  Result<WorkloadManifest> manifest =
      parse_manifest("name: x\nargs: [\"h\xc3\xa9llo\", \"\xe2\x82\xac\", \"\xf0\x9f\x98\x80\", \"\\xff\"]\n", "m.yaml");
  ASSERT_TRUE(manifest) << manifest.error().message;
  EXPECT_EQ(manifest->args, (std::vector<std::string>{"h\xc3\xa9llo", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3\xbf"}));
}

// YAML::Load reads the first document only: the rest, even a broken one, was silently ignored.
TEST(ManifestErrors, MoreThanOneDocument) {
  EXPECT_EQ(error_of("name: a\n---\nname: b\nbogus: 1\n"),
            "m.yaml:2:1: manifest: expected one YAML document, got a second one");
  EXPECT_EQ(error_of("---\nname: a\n...\n--- garbage: [\n"),
            "m.yaml:4:1: manifest: expected one YAML document, got a second one");
  EXPECT_EQ(error_of("name: a\n---\n"), "m.yaml:2:1: manifest: expected one YAML document, got a second one");
  EXPECT_EQ(error_of("---\nname: a\n...\n"), "(parsed)");
  EXPECT_EQ(error_of("name: [unclosed\n---\nname: b\n"), "m.yaml:2:1: YAML syntax: end of sequence flow not found");
}

TEST(ManifestErrors, YamlSyntax) {
  EXPECT_EQ(error_of("name: [unclosed\n"), "m.yaml:2:1: YAML syntax: end of sequence flow not found");
  EXPECT_EQ(error_of("name: x\n  bad indent: y\n"), "m.yaml:2:13: YAML syntax: illegal map value");
}

}  // namespace
}  // namespace confwl
