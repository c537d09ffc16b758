#!/usr/bin/python3
"""PyTorch-eager reference for `sigvit bench`.

Builds the model of a benchmark config (bench/configs/*.yaml) as plain PyTorch
modules written the way timm and most tutorials write them, and times it the
way framework/engine/model_benchmark.cpp times the LibTorch model: train
steps (zero_grad, forward, cross-entropy, backward, AdamW step), then
inference steps without gradients on the same batch, then batch-1 latency.
Running both on one config tells what the C++ side gains (or loses) over what
a typical PyTorch user would write. Weight initialisation only resembles the
C++ one; architecture, parameter count and optimizer groups are the same.

usage (Debian's python3-torch, hence /usr/bin/python3):
  /usr/bin/python3 bench/eager_reference.py CONFIG [--batch B] [--steps N]
      [--warmup W] [--threads T] [--json] [--torchvision]

--torchvision times torchvision.models.vit_b_16 instead of the mirror (for
the ViT-B/16 config only). Errors go to stderr with exit status 2.
"""

import argparse
import json
import math
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml


class ConfigError(Exception):
    pass


# ---------------------------------------------------------------- config


def merge_into(target, overlay):
    for key, value in overlay.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            merge_into(target[key], value)
        else:
            target[key] = value


def load_config(path, chain=()):
    """The file with its `base:` files merged underneath, as config_loader.cpp does."""
    real = os.path.realpath(path)
    if real in chain:
        raise ConfigError(f"{path}: 'base:' files include each other in a cycle")
    try:
        with open(path) as f:
            own = yaml.safe_load(f) or {}
    except OSError as e:
        raise ConfigError(f"config file '{path}' cannot be read: {e.strerror}")
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: YAML syntax error: {e}")
    if not isinstance(own, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    bases = own.pop("base", [])
    result = {}
    for base in [bases] if isinstance(bases, str) else bases:
        base_path = os.path.join(os.path.dirname(path), base)  # join keeps an absolute base as is
        if not os.path.exists(base_path):
            raise ConfigError(f"{path}: base: file '{base_path}' does not exist")
        merge_into(result, load_config(base_path, chain + (real,)))
    merge_into(result, own)
    return result


# ------------------------------------------------------------ ViT layers


class DropPath(nn.Module):
    """Stochastic depth: drops a sample's whole residual branch."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        if not self.training or self.rate == 0.0:
            return x
        keep = 1.0 - self.rate
        mask = x.new_empty((x.shape[0],) + (1,) * (x.dim() - 1)).bernoulli_(keep).div_(keep)
        return x * mask


class Attention(nn.Module):
    def __init__(self, dim, num_heads, qkv_bias, qk_scale, attn_drop, proj_drop):
        super().__init__()
        if dim % num_heads:
            raise ConfigError(f"encoder: embed_dim {dim} must be divisible by num_heads {num_heads}")
        self.num_heads = num_heads
        self.scale = qk_scale if qk_scale is not None else (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = self.attn_drop(attn.softmax(dim=-1))
        x = (attn @ v).transpose(1, 2).reshape(B, N, C)
        return self.proj_drop(self.proj(x))


class Mlp(nn.Module):
    def __init__(self, dim, hidden, drop):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()  # exact erf form, LibTorch's default too
        self.drop1 = nn.Dropout(drop)
        self.fc2 = nn.Linear(hidden, dim)
        self.drop2 = nn.Dropout(drop)

    def forward(self, x):
        return self.drop2(self.fc2(self.drop1(self.act(self.fc1(x)))))


class Block(nn.Module):
    def __init__(self, enc, drop_path):
        super().__init__()
        dim = enc["embed_dim"]
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, enc["num_heads"], enc["qkv_bias"], enc["qk_scale"],
                              enc["attn_drop_rate"], enc["drop_rate"])
        self.drop_path1 = DropPath(drop_path)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        # llround, as mlp.cpp: Python's round() would round halves to even.
        self.mlp = Mlp(dim, int(math.floor(dim * enc["mlp_ratio"] + 0.5)), enc["drop_rate"])
        self.drop_path2 = DropPath(drop_path)

    def forward(self, x):
        x = x + self.drop_path1(self.attn(self.norm1(x)))
        return x + self.drop_path2(self.mlp(self.norm2(x)))


# ------------------------------------------------------------- embedders
# Each turns [B, C, ...] into tokens [B, N, D] and knows its grid up front,
# because the position table is sized from it.


class PatchEmbed(nn.Module):
    """conv1d_signal and conv2d_image: one strided convolution, kernel = stride = patch."""

    def __init__(self, name, opts, input_shape, dim):
        super().__init__()
        if name == "conv1d_signal":
            if len(input_shape) != 2:
                raise ConfigError(f"conv1d_signal: model.input_shape must be [C, L], got {input_shape}")
            patch = opts.get("patch_size", 16)
            length = input_shape[1]
            if length % patch and not opts.get("pad_to_patch", False):
                raise ConfigError(f"conv1d_signal: input length {length} is not divisible by patch_size {patch}")
            self.grid = [-(-length // patch)]
            self.pad = self.grid[0] * patch - length
            self.proj = nn.Conv1d(input_shape[0], dim, patch, stride=patch, bias=opts.get("bias", True))
        else:
            if len(input_shape) != 3:
                raise ConfigError(f"conv2d_image: model.input_shape must be [C, H, W], got {input_shape}")
            patch = opts.get("patch_size", 16)
            ph, pw = patch if isinstance(patch, list) else (patch, patch)
            if input_shape[1] % ph or input_shape[2] % pw:
                raise ConfigError(f"conv2d_image: image size {input_shape[1:]} is not divisible by patch {ph}x{pw}")
            self.grid = [input_shape[1] // ph, input_shape[2] // pw]
            self.pad = 0
            self.proj = nn.Conv2d(input_shape[0], dim, (ph, pw), stride=(ph, pw), bias=opts.get("bias", True))

    def forward(self, x):
        if self.pad:
            x = F.pad(x, (0, self.pad))
        return self.proj(x).flatten(2).transpose(1, 2)


class BasicBlock(nn.Module):
    def __init__(self, conv, norm, cin, cout, stride):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = norm(cout)
        self.conv2 = conv(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = norm(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(conv(cin, cout, 1, stride, 0, bias=False), norm(cout))

    def forward(self, x):
        h = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class ResnetStemHybrid(nn.Module):
    """resnet_stem_hybrid: conv-BN-ReLU stem, optional max pool, basic-block stages, patch projection."""

    def __init__(self, opts, input_shape, dim):
        super().__init__()
        if len(input_shape) not in (2, 3):
            raise ConfigError(f"resnet_stem_hybrid: model.input_shape must be [C, L] or [C, H, W], got {input_shape}")
        o = {"stem_channels": 64, "stem_kernel": 7, "stem_stride": 2, "stem_pool": True,
             "stage_channels": [64, 128, 256], "stage_blocks": [2, 2, 2], "patch_size": 1, **opts}
        if len(o["stage_channels"]) != len(o["stage_blocks"]):
            raise ConfigError("resnet_stem_hybrid: stage_blocks needs as many entries as stage_channels")
        conv, norm, pool = ((nn.Conv1d, nn.BatchNorm1d, nn.MaxPool1d) if len(input_shape) == 2
                            else (nn.Conv2d, nn.BatchNorm2d, nn.MaxPool2d))
        k, s = o["stem_kernel"], o["stem_stride"]
        self.stem = nn.Sequential(conv(input_shape[0], o["stem_channels"], k, s, k // 2, bias=False),
                                  norm(o["stem_channels"]), nn.ReLU())
        if o["stem_pool"]:
            self.stem.append(pool(3, 2, 1))
        blocks, width = [], o["stem_channels"]
        for stage, (channels, count) in enumerate(zip(o["stage_channels"], o["stage_blocks"])):
            for b in range(count):
                blocks.append(BasicBlock(conv, norm, width, channels, 2 if stage > 0 and b == 0 else 1))
                width = channels
        self.stages = nn.Sequential(*blocks)
        p = o["patch_size"]
        self.proj = conv(width, dim, p, p, 0, bias=True)

        def extent(n):  # the feature map's size after every strided layer
            n = (n + 2 * (k // 2) - k) // s + 1
            if o["stem_pool"]:
                n = (n - 1) // 2 + 1
            for block in blocks:
                n = (n - 1) // block.conv1.stride[0] + 1
            return n // p
        self.grid = [extent(n) for n in input_shape[1:]]
        if min(self.grid) < 1:
            raise ConfigError(f"resnet_stem_hybrid: input {input_shape} is too small; no token remains")

    def forward(self, x):
        return self.proj(self.stages(self.stem(x))).flatten(2).transpose(1, 2)


def sincos(positions, dim):
    """Fixed sine/cosine embeddings, sin in the first half of the channels."""
    freq = torch.pow(10000.0, -torch.arange(dim // 2, dtype=torch.float64) / (dim / 2))
    angles = positions.double().unsqueeze(1) * freq.unsqueeze(0)
    return torch.cat([angles.sin(), angles.cos()], 1).float()


def sinusoidal_table(grid, dim):
    if len(grid) == 1:
        return sincos(torch.arange(grid[0]), dim)
    rows = torch.arange(grid[0]).repeat_interleave(grid[1])
    cols = torch.arange(grid[1]).repeat(grid[0])
    return torch.cat([sincos(rows, dim // 2), sincos(cols, dim // 2)], 1)


class VisionTransformer(nn.Module):
    def __init__(self, model, embedder, enc):
        super().__init__()
        dim = enc["embed_dim"]
        self.pooling = model.get("pooling", "cls")
        class_token = model.get("class_token", True)
        if self.pooling not in ("cls", "mean") or (self.pooling == "cls" and not class_token):
            raise ConfigError("model.pooling must be 'cls' (with class_token: true) or 'mean'")
        if model.get("distillation", False):
            raise ConfigError("model.distillation is not mirrored by this reference")
        self.patch_embed = embedder
        self.num_prefix = 1 if class_token else 0
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim)) if class_token else None
        tokens = self.num_prefix + math.prod(embedder.grid)
        kind = model.get("position_embedding", "learnable")
        if kind == "learnable":
            self.pos_embed = nn.Parameter(torch.zeros(1, tokens, dim))
        elif kind == "sinusoidal":
            # Prefix tokens get no position: zero rows, as position_embedding.cpp.
            table = torch.cat([torch.zeros(self.num_prefix, dim), sinusoidal_table(embedder.grid, dim)])
            self.register_buffer("pos_embed", table.unsqueeze(0))
        else:
            raise ConfigError(f"model.position_embedding must be 'learnable' or 'sinusoidal', got '{kind}'")
        self.pos_drop = nn.Dropout(enc["drop_rate"])
        depth = enc["depth"]
        # Stochastic depth rises linearly from 0 at the first block to drop_path_rate at the last.
        rates = [enc["drop_path_rate"] * i / (depth - 1) if depth > 1 else 0.0 for i in range(depth)]
        self.blocks = nn.Sequential(*[Block(enc, rate) for rate in rates])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        rep = model.get("representation_size", 0)
        self.pre_logits = nn.Sequential(nn.Linear(dim, rep), nn.Tanh()) if rep > 0 else nn.Identity()
        self.head = nn.Linear(rep or dim, model["num_classes"])

        for p in (self.cls_token, self.pos_embed):
            if isinstance(p, nn.Parameter):
                nn.init.trunc_normal_(p, std=0.02)
        # The embedder keeps PyTorch's default init, as in the C++ model.
        for m in [*self.blocks.modules(), *self.pre_logits.modules(), self.head]:
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def no_weight_decay(self):
        # Decaying the tokens and the position table pulls every position towards one embedding.
        return {"cls_token", "pos_embed"}

    def forward(self, x):
        x = self.patch_embed(x)
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = self.pos_drop(x + self.pos_embed)
        x = self.norm(self.blocks(x))
        x = x[:, 0] if self.pooling == "cls" else x[:, self.num_prefix:].mean(1)
        return self.head(self.pre_logits(x))


# -------------------------------------------------------------- resnet1d


class SameConvBn(nn.Module):
    """Conv1d with Keras "same" padding (an even kernel pads one more on the right), then BN."""

    def __init__(self, cin, cout, kernel):
        super().__init__()
        self.kernel = kernel
        self.conv = nn.Conv1d(cin, cout, kernel, padding=kernel // 2 if kernel % 2 else 0)
        self.bn = nn.BatchNorm1d(cout)

    def forward(self, x):
        if self.kernel % 2 == 0:
            x = F.pad(x, ((self.kernel - 1) // 2, self.kernel // 2))
        return self.bn(self.conv(x))


class ResidualBlock1d(nn.Module):
    def __init__(self, cin, cout, kernels):
        super().__init__()
        self.layers = nn.ModuleList(SameConvBn(cin if i == 0 else cout, cout, k) for i, k in enumerate(kernels))
        conv = [nn.Conv1d(cin, cout, 1)] if cin != cout else []
        self.shortcut = nn.Sequential(*conv, nn.BatchNorm1d(cout))

    def forward(self, x):
        h = x
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i + 1 < len(self.layers):  # the last ReLU comes after the residual sum
                h = F.relu(h)
        return F.relu(h + self.shortcut(x))


class ResNet1d(nn.Module):
    """Wang et al. (2017): residual blocks at full resolution, global average pool, linear head."""

    def __init__(self, model):
        super().__init__()
        shape = model["input_shape"]
        if len(shape) != 2:
            raise ConfigError(f"resnet1d: model.input_shape must be [C, L], got {shape}")
        kernels = model.get("kernel_sizes", [8, 5, 3])
        blocks, width = [], shape[0]
        for channels in model.get("channels", [64, 128, 128]):
            blocks.append(ResidualBlock1d(width, channels, kernels))
            width = channels
        self.blocks = nn.Sequential(*blocks)
        self.drop = nn.Dropout(model.get("drop_rate", 0.0))
        self.head = nn.Linear(width, model["num_classes"])

    def no_weight_decay(self):
        return set()

    def forward(self, x):
        return self.head(self.drop(self.blocks(x).mean(-1)))


# ------------------------------------------------------------ the model


ENCODER_DEFAULTS = {"embed_dim": 768, "depth": 12, "num_heads": 12, "mlp_ratio": 4.0, "qkv_bias": True,
                    "qk_scale": None, "drop_rate": 0.0, "attn_drop_rate": 0.0, "drop_path_rate": 0.0}


def build_model(model):
    for key in ("input_shape", "num_classes"):
        if key not in model:
            raise ConfigError(f"model.{key} is required")
    if model["num_classes"] < 1:
        raise ConfigError("benchmark: the model has no classification head (num_classes 0)")
    kind = model.get("type", "vit")
    if kind == "resnet1d":
        return ResNet1d(model)
    if kind != "vit":
        raise ConfigError(f"unknown model type '{kind}' (this reference mirrors 'vit' and 'resnet1d')")
    enc = {**ENCODER_DEFAULTS, **(model.get("encoder") or {})}
    spec = dict(model.get("embedder") or {})
    name = spec.pop("name", None)
    shape, dim = model["input_shape"], enc["embed_dim"]
    if name in ("conv1d_signal", "conv2d_image"):
        embedder = PatchEmbed(name, spec, shape, dim)
    elif name == "resnet_stem_hybrid":
        embedder = ResnetStemHybrid(spec, shape, dim)
    else:
        raise ConfigError(f"unknown embedder '{name}' (known: conv1d_signal, conv2d_image, resnet_stem_hybrid)")
    return VisionTransformer(model, embedder, enc)


def torchvision_vit_b16(model):
    try:
        import torchvision
    except ImportError:
        raise ConfigError("--torchvision needs torchvision: apt-get install python3-torchvision")
    enc = {**ENCODER_DEFAULTS, **(model.get("encoder") or {})}
    embedder = model.get("embedder") or {}
    is_b16 = (model.get("type", "vit") == "vit" and model["input_shape"] == [3, 224, 224]
              and embedder.get("name") == "conv2d_image" and embedder.get("patch_size", 16) == 16
              and (enc["embed_dim"], enc["depth"], enc["num_heads"]) == (768, 12, 12))
    if not is_b16:
        raise ConfigError("--torchvision only applies to the ViT-B/16 config (bench/configs/vit_b16.yaml)")
    vit = torchvision.models.vit_b_16(num_classes=model["num_classes"])
    vit.no_weight_decay = lambda: {"class_token", "encoder.pos_embedding"}
    return vit


def param_groups(model, weight_decay):
    """Two groups as optimizer_factory.cpp: weights decayed; rank <= 1 and listed names not."""
    exempt = model.no_weight_decay()
    decayed, kept = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (decayed if p.dim() > 1 and name not in exempt else kept).append(p)
    return [{"params": decayed, "weight_decay": weight_decay}, {"params": kept, "weight_decay": 0.0}]


def build_optimizer(model, train):
    groups = param_groups(model, train.get("weight_decay", 0.05))
    lr = train.get("lr", 0.001)
    kind = train.get("optimizer", "adamw")
    if kind == "adamw":
        return torch.optim.AdamW(groups, lr=lr, betas=tuple(train.get("betas", [0.9, 0.999])),
                                 eps=train.get("eps", 1e-8))
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=train.get("momentum", 0.9),
                               nesterov=train.get("nesterov", False))
    raise ConfigError(f"train.optimizer must be 'adamw' or 'sgd', got '{kind}'")


# ---------------------------------------------------------------- timing


def percentile(ordered, fraction):
    """Linear interpolation between order statistics, as model_benchmark.cpp."""
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def time_steps(step, warmup, steps, sync):
    for _ in range(warmup):
        step()
    sync()
    ms = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        sync()
        ms.append((time.perf_counter() - start) * 1000.0)
    ms.sort()
    return {"median": percentile(ms, 0.5), "p10": percentile(ms, 0.1), "p90": percentile(ms, 0.9)}


def spread(t):
    return f"{t['median']:.2f} ms (p10 {t['p10']:.2f}, p90 {t['p90']:.2f})"


def run(args):
    if not os.path.isfile(args.config):
        raise ConfigError(f"config file '{args.config}' does not exist")
    config = load_config(args.config)
    if "data" in config:
        raise ConfigError("experiment configs are not mirrored; use a benchmark config (bench/configs/)")
    if not isinstance(config.get("model"), dict):
        raise ConfigError(f"{args.config}: missing section 'model' (the model to benchmark)")
    bench = config.get("bench") or {}
    batch = args.batch if args.batch is not None else bench.get("batch", 32)
    steps = args.steps if args.steps is not None else bench.get("steps", 20)
    warmup = args.warmup if args.warmup is not None else bench.get("warmup", 3)
    if batch < 1 or steps < 1 or warmup < 0:
        raise ConfigError("benchmark: expected batch >= 1, steps >= 1 and warmup >= 0")
    threads = args.threads if args.threads is not None else config.get("threads", 0)
    torch.set_num_threads(threads if threads > 0 else (os.cpu_count() or 1))
    device = torch.device(config.get("device", "cpu"))
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else (lambda: None)

    torch.manual_seed(config.get("seed", 0))
    model_cfg = config["model"]
    model = torchvision_vit_b16(model_cfg) if args.torchvision else build_model(model_cfg)
    params = sum(p.numel() for p in model.parameters())
    model.to(device)

    x = torch.randn(batch, *model_cfg["input_shape"], device=device)
    y = torch.randint(model_cfg["num_classes"], (batch,), device=device)

    model.train()
    optimizer = build_optimizer(model, config.get("train") or {})

    # bf16: PyTorch's CPU autocast, as sigvit's train.precision: bf16 uses it.
    def precision():
        return torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16")

    def train_step():
        optimizer.zero_grad()
        with precision():
            loss = F.cross_entropy(model(x), y)
        loss.float().backward()
        optimizer.step()

    def forward(batch_input):
        with precision():
            return model(batch_input)

    train = time_steps(train_step, warmup, steps, sync)
    model.eval()
    with torch.no_grad():
        infer = time_steps(lambda: forward(x), warmup, steps, sync)
        one = x[:1].clone()
        latency = time_steps(lambda: forward(one), warmup, steps, sync)

    return {
        "name": config.get("name", args.config),
        "implementation": "torchvision" if args.torchvision else "pytorch-eager",
        "threads": torch.get_num_threads(),
        "params": params,
        "batch": batch,
        "steps": steps,
        "train_samples_per_s": batch * 1000.0 / train["median"],
        "infer_samples_per_s": batch * 1000.0 / infer["median"],
        "latency_ms": latency["median"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,  # Linux: KiB
        "train_step_ms": train,
        "infer_step_ms": infer,
        "latency_spread_ms": latency,
        "torch_version": torch.__version__,
        "precision": args.precision,
        "environment": {name: os.environ.get(name, "") for name in ("OPENBLAS_CORETYPE", "ATEN_CPU_CAPABILITY")},
    }


def main():
    parser = argparse.ArgumentParser(description="PyTorch-eager reference for `sigvit bench CONFIG`.")
    parser.add_argument("config", help="a benchmark config, e.g. bench/configs/vit1d_small.yaml")
    parser.add_argument("--batch", type=int, help="samples per train and inference step (default: the config's)")
    parser.add_argument("--steps", type=int, help="timed steps of each kind (default: bench.steps, else 20)")
    parser.add_argument("--warmup", type=int, help="untimed steps first (default: bench.warmup, else 3)")
    parser.add_argument("--threads", type=int, help="intra-op threads (default: the config's; 0: all cores)")
    parser.add_argument("--precision", choices=("fp32", "bf16"), default="fp32",
                        help="bf16: forward passes under CPU autocast to bfloat16")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--torchvision", action="store_true",
                        help="time torchvision's vit_b_16 instead of the mirror (ViT-B/16 config only)")
    args = parser.parse_args()
    try:
        r = run(args)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    if args.json:
        print(json.dumps(r, indent=2))
        return
    print(f"{r['name']}: {r['params']} parameters, {r['implementation']} (torch {r['torch_version']})\n"
          f"batch {r['batch']}, {r['steps']} timed steps, {r['threads']} threads\n"
          f"  train      {r['train_samples_per_s']:9.1f} samples/s   step {spread(r['train_step_ms'])}\n"
          f"  inference  {r['infer_samples_per_s']:9.1f} samples/s   step {spread(r['infer_step_ms'])}\n"
          f"  batch-1 latency {spread(r['latency_spread_ms'])}\n"
          f"  peak memory {r['peak_rss_mb']:.1f} MB")


if __name__ == "__main__":
    main()
