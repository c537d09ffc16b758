#!/usr/bin/env bash
# `sigvit run` when its files cannot be written, with a file-size limit
# standing in for a full disk: one error line naming the file and the OS's
# reason, exit status 1 rather than an abort, and no temporary file left.
# Usage: full_disk.sh SIGVIT
set -uo pipefail
sigvit=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
{
  printf '@problemName toy\n@classLabel true up down\n@data\n'
  for i in $(seq 1 12); do printf '0,1,2,3,4,5,6,7:up\n7,6,5,4,3,2,1,0:down\n'; done
} > toy_TRAIN.ts
printf '@data\n0,1,2,3,4,5,6,8:up\n8,6,5,4,3,2,1,0:down\n' > toy_TEST.ts
"$sigvit" convert ucr toy_TRAIN.ts toy_TEST.ts -o toy.h5 > /dev/null
cat > toy.yaml <<'YAML'
name: toy
threads: 1
model:
  embedder: {name: conv1d_signal, patch_size: 2}
  encoder: {embed_dim: 8, depth: 1, num_heads: 2}
data: {path: toy.h5, batch_size: 4, normalization: per_sample}
train: {epochs: 2}
YAML
# 8 KiB: the config and metrics fit, a checkpoint does not.
(ulimit -f 8 && "$sigvit" run toy.yaml > out.txt 2> err.txt)
echo "exit $?"
cat err.txt
echo "error lines: $(wc -l < err.txt)"
echo "temporary files left: $(find runs -name '*.tmp-*' | wc -l)"
