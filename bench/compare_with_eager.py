#!/usr/bin/python3
"""Runs `sigvit bench` and the PyTorch-eager reference interleaved and prints
medians and ratios.

This machine's speed drifts by +-20% within minutes, so one run of each side
says little. Every round runs each implementation once, in a separate process,
in turn (sigvit, eager, [torchvision], sigvit, eager, ...); the report takes
the median over rounds of each figure and the ratio of medians.

usage: /usr/bin/python3 bench/compare_with_eager.py [CONFIG...] [--rounds R]
           [--sigvit build/bin/sigvit] [--baseline OTHER/bin/sigvit]
           [--threads T] [--json-out FILE]
CONFIG defaults to every file in bench/configs/. torchvision's vit_b_16 joins
the config named vit_b16 when torchvision is installed (bench/debian-packages.txt).
With --baseline, another build of sigvit takes eager's place: a change that
must not alter speed (a refactor) is checked against the build before it.

Eager runs twice where sigvit changed the kernels at start-up: as installed,
and tuned with the same OPENBLAS_CORETYPE and ATEN_CPU_CAPABILITY sigvit ran
with (read from its first report), so a ratio shows sigvit's own work apart
from the kernel fix any PyTorch user could apply. Where nothing was changed
(OpenBLAS recognised the CPU, no AVX-512), the two are the same run and only
one is made. --precision bf16 runs both sides under bf16 autocast; --gemm
passes runtime.gemm to sigvit. A last table gives sigvit's training
arithmetic rate as a share of the fp32 and bf16 GEMM peaks its own process
measured.
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


def run_json(command, extra_environment=None):
    environment = dict(os.environ, **(extra_environment or {}))
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        sys.exit(f"compare: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


def tuned_environment(sigvit_report):
    """The kernel variables sigvit ran with, where they differ from the defaults; None otherwise."""
    kernels = sigvit_report.get("kernels", {})
    tuned = {}
    if kernels.get("blas_library") == "OpenBLAS" and kernels.get("blas_core_chosen_by", "OpenBLAS") != "OpenBLAS":
        tuned["OPENBLAS_CORETYPE"] = kernels["blas_core"].upper()
    if kernels.get("vector_kernels") == "avx512":
        tuned["ATEN_CPU_CAPABILITY"] = "avx512"
    return tuned or None


def peers(config, args, tuned):
    """The implementations to time on one config, as (label, command, extra environment)."""
    common = ["--json", "--precision", args.precision] + (["--threads", str(args.threads)] if args.threads else [])
    ours = [args.sigvit, "bench", config] + common + (["--gemm", args.gemm] if args.gemm else [])
    if args.baseline:
        return [("sigvit", ours, None), ("baseline", [args.baseline, "bench", config] + common, None)]
    eager = [sys.executable, os.path.join(HERE, "eager_reference.py"), config] + common
    found = [("sigvit", ours, None), ("eager", eager, None)]
    if tuned:
        found.append(("eager tuned", eager, tuned))
    if os.path.splitext(os.path.basename(config))[0] == "vit_b16" and torchvision_installed():
        found.append(("torchvision", eager + ["--torchvision"], tuned))
    return found


def torchvision_installed():
    return subprocess.run([sys.executable, "-c", "import torchvision"], capture_output=True).returncode == 0


def compare(config, args):
    tuned = None
    runs = {}
    for round_index in range(args.rounds):
        done = set()
        # The peers are listed again after each run: sigvit's first run says whether
        # "eager tuned" is needed, and it joins that same round.
        while pending := [peer for peer in peers(config, args, tuned) if peer[0] not in done]:
            label, command, environment = pending[0]
            runs.setdefault(label, []).append(run_json(command, environment))
            done.add(label)
            if label == "sigvit" and round_index == 0 and not args.baseline:
                tuned = tuned_environment(runs[label][0])
            print(f"  round {round_index + 1}/{args.rounds} {label}: "
                  f"train {runs[label][-1]['train_samples_per_s']:.1f}/s", file=sys.stderr, flush=True)
    medians = {label: {m: statistics.median(r[m] for r in results) for m in METRICS}
               for label, results in runs.items()}
    return {"config": os.path.relpath(config, ROOT), "rounds": args.rounds, "precision": args.precision,
            "tuned_environment": tuned, "medians": medians, "peak_shares": peak_shares(runs["sigvit"]),
            "runs": runs}


def peak_shares(sigvit_runs):
    """Median over rounds of sigvit's training GFLOP/s and its share of each GEMM peak it measured
    (fp32 and, where the CPU has native bf16 or the run is bf16, bf16), each round's share taken
    against the peak measured in that same process."""
    shares = {"train_gflops_per_s": statistics.median(r["train_gflops_per_s"] for r in sigvit_runs)}
    for precision in ("fp32", "bf16"):
        per_round = [r["train_fraction_of_gemm_peak"][precision] for r in sigvit_runs
                     if precision in r.get("train_fraction_of_gemm_peak", {})]
        if per_round:
            shares[precision] = statistics.median(per_round)
    return shares


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
    print()
    print("| config | sigvit training GFLOP/s | share of the fp32 GEMM peak | share of the bf16 GEMM peak |")
    print("| --- | --- | --- | --- |")
    for result in results:
        shares = result["peak_shares"]
        cells = [f"{100 * shares[p]:.0f}%" if p in shares else "not measured" for p in ("fp32", "bf16")]
        print(f"| {os.path.basename(result['config'])} | {shares['train_gflops_per_s']:.1f} | "
              + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("configs", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sigvit", default=os.path.join(ROOT, "build", "bin", "sigvit"))
    parser.add_argument("--baseline", help="another sigvit binary to compare with, instead of PyTorch eager")
    parser.add_argument("--threads", type=int, default=0, help="0: each side's default, all cores")
    parser.add_argument("--precision", choices=("fp32", "bf16"), default="fp32", help="both sides' precision")
    parser.add_argument("--gemm", choices=("blas", "onednn", "auto"), help="sigvit's runtime.gemm")
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
          f"{args.precision}, medians over rounds; ratios are sigvit / peer.")
    for result in results:
        tuned = result["tuned_environment"]
        print(f"{os.path.basename(result['config'])}: "
              + (f"eager tuned with {tuned}" if tuned else "eager as installed already runs sigvit's kernels"))
    print()
    print_report(results)
    if args.json_out:
        with open(args.json_out + ".tmp", "w") as out:
            json.dump(results, out, indent=2)
        os.replace(args.json_out + ".tmp", args.json_out)


if __name__ == "__main__":
    main()
