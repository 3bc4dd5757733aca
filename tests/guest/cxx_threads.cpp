// std::thread, std::mutex and std::condition_variable on static glibc: 10,000 handoffs between two
// threads, a thread that sleeps 50 ms wakes, and an exception thrown in one thread is caught there.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

constexpr int kHandoffs = 10000;

int handoffs() {
  std::mutex lock;
  std::condition_variable changed;
  bool partners_turn = false;
  int rounds = 0;
  std::thread partner([&] {
    for (int i = 0; i < kHandoffs; ++i) {
      std::unique_lock guard(lock);
      changed.wait(guard, [&] { return partners_turn; });
      ++rounds;
      partners_turn = false;
      changed.notify_one();
    }
  });
  for (int i = 0; i < kHandoffs; ++i) {
    std::unique_lock guard(lock);
    partners_turn = true;
    changed.notify_one();
    changed.wait(guard, [&] { return !partners_turn; });
  }
  partner.join();
  return rounds;
}

bool sleeper_wakes() {
  std::chrono::steady_clock::duration slept{};
  std::thread sleeper([&] {
    auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    slept = std::chrono::steady_clock::now() - start;
  });
  sleeper.join();
  return slept >= std::chrono::milliseconds(50);
}

bool exception_in_thread_is_caught() {
  bool caught = false;
  std::thread worker([&] {
    try {
      throw std::runtime_error("from a thread");
    } catch (const std::runtime_error&) {
      caught = true;
    }
  });
  worker.join();
  return caught;
}

}  // namespace

int main() {
  int rounds = handoffs();
  bool woke = sleeper_wakes();
  bool caught = exception_in_thread_is_caught();
  std::printf("cxx_threads: %d handoffs, sleeper woke: %s, caught: %s\n", rounds, woke ? "yes" : "no",
              caught ? "yes" : "no");
  return rounds == kHandoffs && woke && caught ? 0 : 1;
}
