# Sourced by the CLI tests: writes, in the current folder, a toy UCR data
# set (toy_TRAIN.ts, toy_TEST.ts, converted to toy.h5 by the sigvit binary
# given) and toy.yaml, a tiny ViT experiment on it.
# Usage: write_toy_experiment SIGVIT
write_toy_experiment() {
  {
    printf '@problemName toy\n@classLabel true up down\n@data\n'
    for i in $(seq 1 12); do printf '0,1,2,3,4,5,6,7:up\n7,6,5,4,3,2,1,0:down\n'; done
  } > toy_TRAIN.ts
  printf '@data\n0,1,2,3,4,5,6,8:up\n8,6,5,4,3,2,1,0:down\n' > toy_TEST.ts
  "$1" convert ucr toy_TRAIN.ts toy_TEST.ts -o toy.h5 > /dev/null
  cat > toy.yaml <<'YAML'
name: toy
threads: 1
model:
  embedder: {name: conv1d_signal, patch_size: 2}
  encoder: {embed_dim: 8, depth: 1, num_heads: 2}
data: {path: toy.h5, batch_size: 4, normalization: per_sample}
train: {epochs: 2}
YAML
}
