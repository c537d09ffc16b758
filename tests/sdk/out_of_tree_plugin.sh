#!/usr/bin/env bash
# Installs sigvit into a temporary prefix, builds the example plugin there as
# a user would (find_package(sigvit) + sigvit_add_plugin), then lists it and
# summarises a model that loads it from YAML with the installed CLI.
# Usage: out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" > /dev/null
cp -r "$source_dir/plugins/examples/spectrogram" "$work/project"
cmake -S "$work/project" -B "$work/project/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > /dev/null
cmake --build "$work/project/build" > /dev/null

"$work/prefix/bin/sigvit" plugins --load "$work/project/build/libspectrogram_embedder.so"

cat > "$work/project/experiment.yaml" <<'YAML'
plugins: [build/libspectrogram_embedder.so]
model:
  input_shape: [1, 8000]
  num_classes: 10
  embedder: {name: spectrogram, n_fft: 256, hop: 64, patch_freq: 16, patch_time: 4}
  encoder: {embed_dim: 64, depth: 2, num_heads: 4}
YAML
"$work/prefix/bin/sigvit" summary "$work/project/experiment.yaml"
