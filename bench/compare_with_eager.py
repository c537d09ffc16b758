#!/usr/bin/python3
"""Runs `sigvit bench` and the PyTorch-eager reference interleaved and prints
medians and ratios.

This machine's speed drifts by +-20% within minutes, so one run of each side
says little. Every round runs each implementation once, in a separate process,
in turn (sigvit, eager, [torchvision], sigvit, eager, ...); the report takes
the median over rounds of each figure and the ratio of medians.

usage: /usr/bin/python3 bench/compare_with_eager.py [CONFIG...] [--rounds R]
           [--sigvit build/bin/sigvit] [--threads T] [--json-out FILE]
CONFIG defaults to every file in bench/configs/. torchvision's vit_b_16 joins
the config named vit_b16 when torchvision is installed (bench/debian-packages.txt).
"""

import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
METRICS = ("train_samples_per_s", "infer_samples_per_s", "latency_ms", "peak_rss_mb")


def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"compare: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


def peers(config, args):
    """The implementations to time on one config, as (label, command)."""
    common = ["--json"] + (["--threads", str(args.threads)] if args.threads else [])
    found = [("sigvit", [args.sigvit, "bench", config] + common),
             ("eager", [sys.executable, os.path.join(HERE, "eager_reference.py"), config] + common)]
    if os.path.splitext(os.path.basename(config))[0] == "vit_b16" and torchvision_installed():
        found.append(("torchvision", found[1][1] + ["--torchvision"]))
    return found


def torchvision_installed():
    return subprocess.run([sys.executable, "-c", "import torchvision"], capture_output=True).returncode == 0


def compare(config, args):
    runs = {label: [] for label, _ in peers(config, args)}
    for round_index in range(args.rounds):
        for label, command in peers(config, args):
            runs[label].append(run_json(command))
            print(f"  round {round_index + 1}/{args.rounds} {label}: "
                  f"train {runs[label][-1]['train_samples_per_s']:.1f}/s", file=sys.stderr, flush=True)
    medians = {label: {m: statistics.median(r[m] for r in results) for m in METRICS}
               for label, results in runs.items()}
    return {"config": os.path.relpath(config, ROOT), "rounds": args.rounds, "medians": medians, "runs": runs}


def ratio_text(ours, theirs, metric):
    # Throughput: higher is better, ours / theirs. Latency and memory: ours / theirs too (lower is better).
    return f"{ours[metric] / theirs[metric]:.2f}x"


def print_report(results):
    print("| config | implementation | train samples/s | inference samples/s | batch-1 latency ms | peak RSS MB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for result in results:
        for label, m in result["medians"].items():
            print(f"| {os.path.basename(result['config'])} | {label} | {m['train_samples_per_s']:.1f} | "
                  f"{m['infer_samples_per_s']:.1f} | {m['latency_ms']:.2f} | {m['peak_rss_mb']:.0f} |")
    print()
    print("| config | versus | train | inference | batch-1 latency | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for result in results:
        ours = result["medians"]["sigvit"]
        for label, theirs in result["medians"].items():
            if label == "sigvit":
                continue
            print(f"| {os.path.basename(result['config'])} | {label} | "
                  + " | ".join(ratio_text(ours, theirs, m) for m in METRICS) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("configs", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sigvit", default=os.path.join(ROOT, "build", "bin", "sigvit"))
    parser.add_argument("--threads", type=int, default=0, help="0: each side's default, all cores")
    parser.add_argument("--json-out", help="also write every run and the medians here")
    args = parser.parse_args()
    configs = args.configs or sorted(glob.glob(os.path.join(HERE, "configs", "*.yaml")))
    if not os.access(args.sigvit, os.X_OK):
        sys.exit(f"compare: no sigvit binary at {args.sigvit} (build with tools/setup, or pass --sigvit)")

    results = []
    for config in configs:
        print(f"{config}:", file=sys.stderr, flush=True)
        results.append(compare(config, args))
    print(f"{datetime.date.today()}, {platform.node()}, {os.cpu_count()} cores, {args.rounds} rounds, "
          f"medians over rounds; ratios are sigvit / peer.\n")
    print_report(results)
    if args.json_out:
        with open(args.json_out + ".tmp", "w") as out:
            json.dump(results, out, indent=2)
        os.replace(args.json_out + ".tmp", args.json_out)


if __name__ == "__main__":
    main()
