#!/usr/bin/env bash
# `sigvit run` when its files cannot be written, with a file-size limit
# standing in for a full disk: one error line naming the file and the OS's
# reason, exit status 1 rather than an abort, and no temporary file left.
# Usage: full_disk.sh SIGVIT
set -uo pipefail
sigvit=$1
source "$(dirname "${BASH_SOURCE[0]}")/toy_experiment.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
write_toy_experiment "$sigvit"
# 8 KiB: the config and metrics fit, a checkpoint does not.
(ulimit -f 8 && "$sigvit" run toy.yaml > out.txt 2> err.txt)
echo "exit $?"
cat err.txt
echo "error lines: $(wc -l < err.txt)"
echo "temporary files left: $(find runs -name '*.tmp-*' | wc -l)"
