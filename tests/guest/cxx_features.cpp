// A C++20 workload built with LANGUAGE CXX (static glibc + libstdc++): exceptions thrown across
// frames, iostreams, strings and containers, std::chrono, std::random_device and std::filesystem
// over the sealed files. Prints "cxx_features: all checks passed" and exits 0.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::cout << "cxx_features: FAILED: " << what << '\n';
    ++failures;
  }
}

[[noreturn]] void throw_from(int depth) {
  if (depth == 0) throw std::out_of_range("thrown five frames down");
  throw_from(depth - 1);
}

void exceptions() {
  try {
    throw_from(5);
  } catch (const std::logic_error& error) {
    check(std::string(error.what()) == "thrown five frames down", "exception message");
    return;
  }
  check(false, "exception not caught");
}

void containers_and_streams() {
  std::map<std::string, int> counts;
  std::istringstream words("b a c a b a");
  for (std::string word; words >> word;) ++counts[word];
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  std::ostringstream out;
  for (const auto& [word, count] : sorted) out << word << count;
  check(out.str() == "a3b2c1", "map/vector/sort/stringstream gave " + out.str());
}

void clocks_and_randomness() {
  const auto start = std::chrono::steady_clock::now();
  check(std::chrono::steady_clock::now() >= start, "steady_clock goes forward");
  std::random_device device;
  std::vector<unsigned> draws;
  for (int i = 0; i < 8; ++i) draws.push_back(device());
  std::sort(draws.begin(), draws.end());
  check(std::unique(draws.begin(), draws.end()) - draws.begin() > 1, "random_device gives different numbers");
}

void sealed_files() {
  std::ifstream config("/etc/cxx/config.txt");
  std::string line;
  check(std::getline(config, line) && line == "mode = sealed", "read /etc/cxx/config.txt, got '" + line + "'");
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/etc/cxx", error))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  check(!error && names == std::vector<std::string>{"config.txt", "words.txt"},
        "directory_iterator(/etc/cxx): " + (error ? error.message() : std::to_string(names.size()) + " entries"));
  check(std::filesystem::file_size("/etc/cxx/words.txt", error) == 12 && !error, "file_size(/etc/cxx/words.txt)");
}

}  // namespace

int main() {
  exceptions();
  containers_and_streams();
  clocks_and_randomness();
  sealed_files();
  if (failures == 0) std::cout << "cxx_features: all checks passed" << std::endl;
  return failures == 0 ? 0 : 1;
}
