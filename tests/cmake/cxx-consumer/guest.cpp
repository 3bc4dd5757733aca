// The C++ workload of the cxx-consumer project: compiles only without the consumer's host
// settings, as C++20 with libstdc++.
#if defined(CONSUMER_HOST_CXX_FLAG) || defined(CONSUMER_HOST_DEFINITION) || defined(CONSUMER_ENV_CXX_FLAG)
#error "a host setting of the consumer project reached the guest build"
#endif
#if __cplusplus < 202002L
#error "expected C++20"
#endif
#include <iostream>
#include <span>
#include <string>

int main(int argc, char** argv) {
  for (const char* arg : std::span(argv, static_cast<size_t>(argc))) std::cout << std::string(arg) << '\n';
  return 0;
}
