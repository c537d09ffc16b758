#!/usr/bin/env bash
# Installs sigvit into a temporary prefix, builds the example plugin there as
# a user would (find_package(sigvit) + sigvit_add_plugin), then lists it,
# summarises a model that loads it from YAML with the installed CLI, and
# trains that model for a few epochs on FSDD-like audio: tones of two
# pitches at 8 kHz in noise, converted from CSV. Exits non-zero unless the
# training loss falls.
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

# Two classes of 0.25 s clips at 8 kHz: a 300 Hz or a 1,500 Hz tone, random
# phase and amplitude, in noise.
write_tones() {  # FILE CASES SEED
  awk -v cases="$2" -v seed="$3" 'BEGIN {
    srand(seed); pi = 3.14159265;
    printf "label"; for (i = 0; i < 2000; ++i) printf ",x%d", i; printf "\n";
    for (c = 0; c < cases; ++c) {
      high = c % 2; f = high ? 1500 : 300; phase = 2 * pi * rand(); a = 0.5 + rand();
      printf "%s", high ? "high" : "low";
      for (i = 0; i < 2000; ++i) printf ",%.4f", a * sin(2 * pi * f * i / 8000 + phase) + 0.3 * (rand() - 0.5);
      printf "\n";
    }
  }' > "$1"
}
write_tones "$work/train.csv" 48 1
write_tones "$work/test.csv" 16 2
"$work/prefix/bin/sigvit" convert csv "$work/train.csv" "$work/test.csv" -o "$work/project/tones.h5" > /dev/null

cat > "$work/project/train.yaml" <<'YAML'
name: tones
threads: 1
plugins: [build/libspectrogram_embedder.so]
model:
  embedder: {name: spectrogram, n_fft: 64, hop: 16, patch_freq: 8, patch_time: 4}
  encoder: {embed_dim: 32, depth: 1, num_heads: 4}
data: {path: tones.h5, batch_size: 8, val_fraction: 0, normalization: per_sample}
train: {epochs: 4, lr: 0.003}
YAML
(cd "$work/project" && "$work/prefix/bin/sigvit" run train.yaml)
# The training loss of the last epoch against the first (metrics.csv column 3).
awk -F, 'NR == 2 { first = $3 } END { last = $3
  if (last < 0.8 * first) { printf "training loss fell from %s to %s\n", first, last; exit 0 }
  printf "training loss did not fall: %s -> %s\n", first, last; exit 1 }' "$work/project/runs/tones/metrics.csv"
