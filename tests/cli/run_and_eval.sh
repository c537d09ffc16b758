#!/usr/bin/env bash
# `sigvit run`, `sigvit eval` and `sigvit predict` from the command line on a
# toy UCR data set: prints the run's progress, test table and run directory,
# the checkpoint's evaluation, eval's errors for a split the file lacks and for
# data of other classes, then the top class of each test case.
# Usage: run_and_eval.sh SIGVIT
set -euo pipefail
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
"$sigvit" run toy.yaml
"$sigvit" eval toy.yaml --checkpoint runs/toy/best.ckpt
"$sigvit" eval toy.yaml --checkpoint runs/toy/best.ckpt --split holdout 2>&1 || true
sed 's/:up/:left/; s/:down/:right/; s/true up down/true left right/' toy_TRAIN.ts > other_TRAIN.ts
sed 's/:up/:left/; s/:down/:right/' toy_TEST.ts > other_TEST.ts
"$sigvit" convert ucr other_TRAIN.ts other_TEST.ts -o other.h5 > /dev/null
"$sigvit" eval toy.yaml --set data.path=other.h5 --checkpoint runs/toy/best.ckpt 2>&1 || true
"$sigvit" predict --checkpoint runs/toy/best.ckpt --split test --top-k 1 toy.h5
