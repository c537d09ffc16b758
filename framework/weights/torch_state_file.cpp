#include "weights/torch_state_file.h"

#include <torch/serialize.h>

#include <fstream>
#include <iterator>

#include "checkpoint/pickle_check.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

const char* const resave_advice =
    "re-save it in Python as a plain dict of CPU tensors: "
    "torch.save({k: v.cpu() for k, v in state_dict.items()}, path)";

bool mentions_cuda(const std::string& text) {
  return text.find("cuda") != std::string::npos || text.find("CUDA") != std::string::npos;
}

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("weights file '" + path + "': cannot be opened");
  return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A dict of name -> tensor: the state dict itself, or a training checkpoint
// holding one under a conventional key.
c10::impl::GenericDict state_dict_in(const c10::IValue& loaded, const std::string& path) {
  if (!loaded.isGenericDict()) {
    throw Error("weights file '" + path + "' holds a " + loaded.tagKind() + ", not a dict of tensors; " +
                resave_advice);
  }
  c10::impl::GenericDict dict = loaded.toGenericDict();
  for (const char* key : {"state_dict", "model"}) {
    auto found = dict.find(c10::IValue(std::string(key)));
    if (found == dict.end()) continue;
    const c10::IValue inner = found->value();
    if (inner.isGenericDict()) return inner.toGenericDict();
  }
  return dict;
}

}  // namespace

NamedTensors read_torch_state_dict(const std::string& path) {
  const std::vector<char> bytes = read_bytes(path);
  if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
    throw Error("weights file '" + path + "' is not a torch.save zip archive (PyTorch >= 1.6; a file saved with " +
                "_use_new_zipfile_serialization=False or by another library is not read); " + resave_advice);
  }
  // The same guard as for checkpoints: LibTorch's unpickler allocates what a
  // damaged length field claims before reading it.
  check_torch_archive(path, "weights file '" + path + "'", "a torch.save archive");
  c10::IValue loaded;
  try {
    loaded = torch::pickle_load(bytes);
  } catch (const std::exception& e) {
    const std::string reason = e.what();
    // LibTorch's unpickler turns collections.OrderedDict into None, on which
    // filling in the items then fails.
    if (reason.find("GenericDict but got None") != std::string::npos) {
      throw Error("weights file '" + path + "' holds an OrderedDict (model.state_dict() saved as it is), which " +
                  "LibTorch cannot read; " + resave_advice);
    }
    if (mentions_cuda(reason)) {
      throw Error("weights file '" + path + "' holds tensors saved on a CUDA device, which this build cannot " +
                  "create; " + resave_advice);
    }
    throw Error("weights file '" + path + "' cannot be read by LibTorch (" + reason.substr(0, reason.find('\n')) +
                "); " + resave_advice);
  }
  NamedTensors tensors;
  for (const auto& item : state_dict_in(loaded, path)) {
    if (!item.key().isString()) continue;
    std::string name = item.key().toStringRef();
    if (!item.value().isTensor()) continue;
    if (name.rfind("module.", 0) == 0) name = name.substr(7);
    tensors.emplace_back(name, item.value().toTensor());
  }
  if (tensors.empty()) throw Error("weights file '" + path + "' holds no tensors under string names");
  return tensors;
}

}  // namespace sigvit
