// #! scripts, as Linux's binfmt_script reads them: a sealed executable file that starts with "#!"
// names its interpreter (and at most one argument) on its first line, of which only the first
// kScriptLineMax bytes count (BINPRM_BUF_SIZE). The interpreter runs with argv = interpreter name,
// the argument if any, the script's path as given to execve, then the caller's argv[1..].
#pragma once
#include <stddef.h>
#include <stdint.h>


namespace kernel {

inline constexpr size_t kScriptLineMax = 256;

struct ScriptLine {
  char text[kScriptLineMax + 1];  // the interpreter and the argument, each NUL-terminated in place
  const char* interpreter;
  const char* argument;           // nullptr: none
};

// Whether the file's bytes start with "#!".
bool is_script(const uint8_t* data, uint64_t size);
// Reads the interpreter line of a script into line; false (Linux: ENOEXEC) when there is no
// interpreter name, or when the line does not end within kScriptLineMax bytes and cuts it off.
bool parse_script_line(const uint8_t* data, uint64_t size, ScriptLine& line);

}  // namespace kernel
