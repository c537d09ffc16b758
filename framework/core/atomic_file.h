#pragma once

#include <functional>
#include <string>

namespace sigvit {

// Replaces `path` only with complete content: `write` fills a temporary file
// next to it, which is flushed to disk and then renamed over `path`. If
// `write` throws, or the process dies, `path` keeps its previous content and
// the temporary file is removed (or, after a crash, left with a .tmp- name).
void write_file_atomically(const std::string& path, const std::function<void(const std::string& temporary)>& write);

void write_text_atomically(const std::string& path, const std::string& text);

// Writes `bytes` to `path` (created or truncated) with every error checked,
// the final flush to disk included; throws sigvit::Error naming the file and
// the OS's reason ("No space left on device"). Streams and LibTorch's zip
// writer report a full disk late or not at all, so files are written here.
void write_bytes(const std::string& path, const std::string& bytes);

}  // namespace sigvit
