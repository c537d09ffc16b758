#pragma once

#include <torch/types.h>

#include <map>
#include <string>

#include "checkpoint/checkpoint.h"

namespace sigvit {

// The safetensors format: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and [begin, end) byte range in the
// data that follows, and an optional "__metadata__" map of strings.
struct SafetensorsContent {
  NamedTensors tensors;  // in the order of their data, each in its stored dtype
  std::map<std::string, std::string> metadata;
};

// Reads a whole file. Every field is checked before any data is touched: the
// header's length and JSON, each dtype (F64, F32, F16, BF16, I64, I32, I16,
// I8, U8, BOOL), shape and byte range, ranges inside the data and not
// overlapping. Errors name the file, the tensor and the field.
SafetensorsContent read_safetensors(const std::string& path);

// The same checks on bytes already in memory; `origin` names them in errors.
SafetensorsContent parse_safetensors(const std::string& bytes, const std::string& origin);

// Float tensors become F32, others keep their dtype; the header is padded
// with spaces to a multiple of 8 bytes so the data is aligned. The write is
// atomic: an interrupted export leaves no half-written file at `path`.
void write_safetensors(const std::string& path, const NamedTensors& tensors,
                       const std::map<std::string, std::string>& metadata);
std::string serialize_safetensors(const NamedTensors& tensors, const std::map<std::string, std::string>& metadata);

}  // namespace sigvit
