#include "data/convert/named_arrays.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "data/convert/shared_options.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// `wanted` as the file spells it: itself, else the one name that differs
// only in case.
std::optional<std::string> spelled(const std::vector<std::string>& names, const std::string& wanted) {
  if (std::find(names.begin(), names.end(), wanted) != names.end()) return wanted;
  std::optional<std::string> found;
  for (const std::string& name : names) {
    if (lowercase(name) != lowercase(wanted)) continue;
    if (found) return std::nullopt;
    found = name;
  }
  return found;
}

std::optional<std::string> find_name(const std::vector<std::string>& names, const std::string& base,
                                     const std::string& split) {
  const std::vector<std::string> candidates =
      split.empty() ? std::vector<std::string>{base, "/" + base}
                    : std::vector<std::string>{base + "_" + split, split + "/" + base, "/" + split + "/" + base};
  for (const auto& candidate : candidates)
    if (const auto found = spelled(names, candidate)) return found;
  return std::nullopt;
}

std::string listing(const NamedArrays& file) {
  const std::vector<std::string> names = file.names();
  if (names.empty()) return "it holds no arrays";
  return "it holds: " + join(names, ", ");
}

ArraySplit read_split(const NamedArrays& file, const ArrayRoles& roles, const std::string& split,
                      const std::string& x_name, std::vector<std::string>& notes) {
  const std::vector<std::string> names = file.names();
  const std::string name = split.empty() ? "train" : split;
  const auto y_name = find_name(names, roles.y, split);
  if (!y_name)
    throw Error(file.path() + ": no labels '" + (split.empty() ? roles.y : roles.y + "_" + split) + "' for " + x_name +
                " (--y names them); " + listing(file));
  ArraySplit result{name, file.read(x_name), file.read(*y_name), {}, {}, {}};
  std::string note = x_name + "/" + *y_name;
  auto optional_role = [&](const std::optional<std::string>& role, const std::string& option) -> std::optional<NumericArray> {
    if (!role) return std::nullopt;
    const auto found = find_name(names, *role, split);
    if (!found) throw Error(file.path() + ": no array '" + *role + "' (" + option + ") for " + x_name + "; " + listing(file));
    note += "/" + *found;
    return file.read(*found);
  };
  result.lengths = optional_role(roles.lengths, "--lengths");
  result.mask = optional_role(roles.mask, "--mask");
  result.groups = optional_role(roles.groups, "--groups");
  notes.push_back(file.path() + ": " + note + " -> " + name);
  return result;
}

}  // namespace

ArrayRoles parse_array_roles(const ConverterArguments& arguments) {
  ArrayRoles roles;
  roles.x = arguments.text("x");
  roles.y = arguments.text("y");
  if (arguments.has("lengths")) roles.lengths = arguments.text("lengths");
  if (arguments.has("mask")) roles.mask = arguments.text("mask");
  if (arguments.has("groups")) roles.groups = arguments.text("groups");
  return roles;
}

std::vector<ArraySplit> find_array_splits(const NamedArrays& file, const ArrayRoles& roles,
                                          std::vector<std::string>& notes) {
  const std::vector<std::string> names = file.names();
  std::vector<ArraySplit> splits;
  for (const std::string split : {"train", "test", "val"}) {
    if (const auto x = find_name(names, roles.x, split)) splits.push_back(read_split(file, roles, split, *x, notes));
  }
  if (!splits.empty()) {
    if (splits.size() < 2 || splits[0].name != "train" || splits[1].name != "test")
      throw Error(file.path() + ": per-split arrays need both " + roles.x + "_train and " + roles.x + "_test (or train/" +
                  roles.x + " and test/" + roles.x + "); " + listing(file));
    return splits;
  }
  const auto x = find_name(names, roles.x, "");
  if (!x)
    throw Error(file.path() + ": no array '" + roles.x + "' (--x names the cases), nor " + roles.x + "_train and " +
                roles.x + "_test; " + listing(file));
  splits.push_back(read_split(file, roles, "", *x, notes));
  return splits;
}

DatasetContent convert_named_array_files(const std::vector<std::string>& inputs, const ConverterArguments& arguments,
                                         const OpenNamedArrays& open, const std::string& kind_of_files) {
  const ArrayRoles roles = parse_array_roles(arguments);
  std::vector<std::string> notes;
  std::vector<ArraySplit> splits;
  if (inputs.size() == 1) {
    splits = find_array_splits(*open(inputs[0]), roles, notes);
  } else if (inputs.size() <= 3) {
    const std::vector<std::string> names{"train", "test", "val"};
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::vector<ArraySplit> found = find_array_splits(*open(inputs[i]), roles, notes);
      if (found.size() != 1)
        throw Error(inputs[i] + ": holds several splits; give it alone, or files of one split each");
      found[0].name = names[i];
      std::string& note = notes.back();
      note = note.substr(0, note.rfind(" -> ")) + " -> " + names[i];
      splits.push_back(std::move(found[0]));
    }
  } else {
    throw Error("expected FILE, or TRAIN TEST [VAL] files; got " + std::to_string(inputs.size()) + " inputs");
  }
  DatasetInfo info;
  info.source = kind_of_files + ": " + join(inputs, ", ");
  DatasetContent content = arrays_to_dataset(std::move(splits), parse_array_options(arguments), info);
  notes.insert(notes.end(), content.notes.begin(), content.notes.end());
  content.notes = std::move(notes);
  return content;
}

}  // namespace sigvit
