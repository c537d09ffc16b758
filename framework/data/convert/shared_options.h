#pragma once

#include <vector>

#include "data/convert/array_dataset.h"
#include "data/convert/converter_registry.h"
#include "data/convert/signal_assembly.h"

namespace sigvit {

// Options several converters share, declared once so that they read the same
// everywhere: class names, the test split, length, and windows.
std::vector<ConverterOption> assembly_converter_options();
// ... plus the array layout: --kind, --channels-last, and the names of the
// arrays (--x, --y, --lengths, --mask, --groups) with their defaults.
std::vector<ConverterOption> array_converter_options(const std::string& default_x, const std::string& default_y);

AssemblyOptions parse_assembly_options(const ConverterArguments& arguments);
ArrayOptions parse_array_options(const ConverterArguments& arguments);

}  // namespace sigvit
