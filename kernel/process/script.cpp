#include "process/script.h"

#include "lib/string.h"

namespace kernel {
namespace {

bool space_or_tab(char c) { return c == ' ' || c == '\t'; }
bool terminator(char c) { return space_or_tab(c) || c == '\0'; }

// The first position in [from, end) that is not a space or tab, or end.
size_t skip_blanks(const char* text, size_t from, size_t end) {
  while (from < end && space_or_tab(text[from])) ++from;
  return from;
}

// The first space, tab or NUL in [from, end), or end.
size_t find_terminator(const char* text, size_t from, size_t end) {
  while (from < end && !terminator(text[from])) ++from;
  return from;
}

}  // namespace

bool is_script(const uint8_t* data, uint64_t size) { return size >= 2 && data[0] == '#' && data[1] == '!'; }

bool parse_script_line(const uint8_t* data, uint64_t size, ScriptLine& line) {
  if (!is_script(data, size)) return false;
  // Linux's buffer: the first bytes of the file, zero-filled past a short one; its last byte is
  // never part of the line.
  memset(line.text, 0, sizeof line.text);
  memcpy(line.text, data, size < kScriptLineMax ? size : kScriptLineMax);
  const size_t buffer_end = kScriptLineMax - 1;
  size_t end = 0;
  while (end < kScriptLineMax && line.text[end] != '\n') ++end;
  if (end == kScriptLineMax) {
    size_t name = skip_blanks(line.text, 2, buffer_end);
    if (name == buffer_end || find_terminator(line.text, name, buffer_end) == buffer_end) {
      return false;  // only blanks, or a name that may go on past the buffer
    }
    end = buffer_end;
  }
  while (end > 2 && space_or_tab(line.text[end - 1])) --end;
  size_t name = skip_blanks(line.text, 2, end);
  if (name == end || line.text[name] == '\0') return false;  // no name (Linux would look up "")
  size_t separator = find_terminator(line.text, name, end);
  line.argument = nullptr;
  if (separator < end && line.text[separator] != '\0') {
    size_t argument = skip_blanks(line.text, separator, end);
    if (argument < end) line.argument = line.text + argument;
  }
  line.text[end] = '\0';
  line.text[separator] = '\0';
  line.interpreter = line.text + name;
  return true;
}

}  // namespace kernel
