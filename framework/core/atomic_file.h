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

}  // namespace sigvit
