"""Runs a sigvit TorchScript export in Python: loads MODEL with torch.jit.load,
feeds it the "input" tensor of IO (safetensors, written by the C++ test) and
prints the largest absolute difference from IO's "logits", then the classes
its sigvit.json names.

Usage: /usr/bin/python3 run_torchscript.py MODEL IO
"""
import json
import sys

import numpy as np
import torch


def read_safetensors(path):
    with open(path, "rb") as f:
        length = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"]).copy())
    return out


def main(model_path, io_path):
    extra = {"sigvit.json": ""}
    model = torch.jit.load(model_path, _extra_files=extra)
    io = read_safetensors(io_path)
    with torch.no_grad():
        logits = model(io["input"])
    print(f"{(logits - io['logits']).abs().max().item():.3g}")
    print(",".join(json.loads(extra["sigvit.json"])["classes"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
