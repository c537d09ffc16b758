#!/usr/bin/env bash
# `sigvit run`, `sigvit eval` and `sigvit predict` from the command line on a
# toy UCR data set: prints the run's progress, test table and run directory,
# the checkpoint's evaluation, eval's errors for a split the file lacks and for
# data of other classes, then the top class of each test case.
# Usage: run_and_eval.sh SIGVIT
set -euo pipefail
sigvit=$1
source "$(dirname "${BASH_SOURCE[0]}")/toy_experiment.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
write_toy_experiment "$sigvit"
"$sigvit" run toy.yaml
"$sigvit" eval toy.yaml --checkpoint runs/toy/best.ckpt
"$sigvit" eval toy.yaml --checkpoint runs/toy/best.ckpt --split holdout 2>&1 || true
sed 's/:up/:left/; s/:down/:right/; s/true up down/true left right/' toy_TRAIN.ts > other_TRAIN.ts
sed 's/:up/:left/; s/:down/:right/' toy_TEST.ts > other_TEST.ts
"$sigvit" convert ucr other_TRAIN.ts other_TEST.ts -o other.h5 > /dev/null
"$sigvit" eval toy.yaml --set data.path=other.h5 --checkpoint runs/toy/best.ckpt 2>&1 || true
"$sigvit" predict --checkpoint runs/toy/best.ckpt --split test --top-k 1 toy.h5
