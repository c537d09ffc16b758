#include "cli/parsing/command.h"

namespace sigvit::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"run", "train an experiment from YAML; evaluate its best checkpoint on the test split", run_run},
      {"pretrain", "masked-patch self-supervised pretraining of a ViT's embedder and encoder, labels ignored",
       run_pretrain},
      {"compare", "train models x data sets x seeds one after another; report, tables and plots", run_compare},
      {"search", "choose a recipe by k-fold cross-validation inside the training split, then test it once",
       run_search},
      {"eval", "evaluate a checkpoint on a split of a data set", run_eval},
      {"predict", "top-k classes of audio, images, arrays (.npy/.npz/.csv) or .h5 data by a trained checkpoint", run_predict},
      {"export", "write a checkpoint's model as safetensors (sigvit, timm or torchvision names) or TorchScript",
       run_export},
      {"explain", "attention rollout of a ViT checkpoint over signals or images: PNGs and per-token values",
       run_explain},
      {"bench", "train and inference samples/s, batch-1 latency and memory of a config on synthetic input", run_bench},
      {"summary", "per-layer table, parameter counts, memory and GFLOPs of a model config", run_summary},
      {"plugins", "list the registered embedders with their options and origin", run_plugins},
      {"inspect", "per-split and per-channel statistics of an .h5 data set, and what normalisation would lose",
       run_inspect},
      {"convert", "convert csv, npy/npz, h5, mat, edf, wav (audio), ucr/uea or idx data to the HDF5 data-set layout",
       run_convert},
  };
  return all;
}

}  // namespace sigvit::cli
