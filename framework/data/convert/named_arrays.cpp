#include "data/convert/named_arrays.h"

#include <algorithm>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// "X" and "x" name the same role in the layouts users bring (Keras' x_train,
// scikit-learn's X).
std::vector<std::string> spellings(const std::string& base) {
  std::vector<std::string> result{base};
  if (base == "X") result.push_back("x");
  if (base == "x") result.push_back("X");
  return result;
}

std::optional<std::string> find_name(const std::vector<std::string>& names, const std::string& base,
                                     const std::string& split) {
  for (const std::string& spelling : spellings(base)) {
    std::vector<std::string> candidates;
    if (split.empty()) {
      candidates = {spelling, "/" + spelling};
    } else {
      candidates = {spelling + "_" + split, split + "/" + spelling, "/" + split + "/" + spelling};
    }
    for (const auto& candidate : candidates)
      if (std::find(names.begin(), names.end(), candidate) != names.end()) return candidate;
  }
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

}  // namespace sigvit
