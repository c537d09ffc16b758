#!/usr/bin/env bash
# `sigvit search` killed with SIGKILL in the middle of its fold runs, then run
# again: it resumes (finished runs skipped, the interrupted one continued or
# restarted) and ends with the leaderboard of a search that was never
# interrupted. Prints "same leaderboard" or the difference.
# Usage: search_after_kill.sh SIGVIT
set -euo pipefail
sigvit=$1
source "$(dirname "${BASH_SOURCE[0]}")/toy_experiment.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
write_toy_experiment "$sigvit"
for name in whole killed; do
  cat > $name.yaml <<YAML
experiment: toy.yaml
output: out_$name
folds: 3
set: {train.epochs: 6}
space: {train.lr: [0.0003, 0.001, 0.003]}
YAML
done
"$sigvit" search whole.yaml > whole.log
"$sigvit" search killed.yaml > killed.log &
pid=$!
# Kill once a few fold runs have finished and others are under way.
until [ "$(find out_killed -name result.json 2>/dev/null | wc -l)" -ge 3 ]; do sleep 0.1; done
kill -9 $pid
wait $pid 2>/dev/null || true
echo "finished before the kill: $(find out_killed -name result.json | wc -l) of 9"
"$sigvit" search killed.yaml > resumed.log
if diff out_whole/leaderboard.csv out_killed/leaderboard.csv > /dev/null; then
  echo "same leaderboard"
else
  diff out_whole/leaderboard.csv out_killed/leaderboard.csv || true
fi
