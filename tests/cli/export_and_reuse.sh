#!/usr/bin/env bash
# A trained checkpoint exported with timm names, a second run starting from
# it (model.pretrained: the report, then the source in the new checkpoint's
# card), a TorchScript export, and `sigvit explain` on two test cases.
# Usage: export_and_reuse.sh SIGVIT
set -euo pipefail
sigvit=$1
source "$(dirname "${BASH_SOURCE[0]}")/toy_experiment.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
write_toy_experiment "$sigvit"
"$sigvit" run toy.yaml > /dev/null
"$sigvit" export --checkpoint runs/toy/best.ckpt -o toy_timm.safetensors --names timm
"$sigvit" run toy.yaml --set output=runs/again --set train.epochs=1 \
  --set model.pretrained.path=toy_timm.safetensors --set model.pretrained.strict=true | grep '^pretrained'
"$sigvit" export --checkpoint runs/again/best.ckpt -o again.safetensors
grep -a -o 'initial_weights[^,]*' again.safetensors
"$sigvit" export --checkpoint runs/toy/best.ckpt -o toy.pt --format torchscript
"$sigvit" export --checkpoint runs/toy/best.ckpt -o toy.pt --format torchscript --names timm 2>&1 || true
"$sigvit" explain --checkpoint runs/toy/best.ckpt --split test toy.h5 -o maps | tail -1
echo "pngs: $(ls maps/*.png | wc -l)"
