"""Writes the reference files of sigvit's pretrained-weights tests into OUT_DIR.

torchvision's vit_b_16 (no weights downloaded: a fixed seed initialises it) is
saved the ways users bring weights: a torch.save dict and safetensors with
torchvision's names, and safetensors with timm's names (timm itself is not
packaged in Debian; its VisionTransformer keys are written out here). Inputs
and torchvision's logits go beside them, and a position table resampled the
way timm resamples one.

Usage: /usr/bin/python3 reference_vit.py OUT_DIR
"""
import collections
import json
import os
import sys
import zipfile

try:
    import torch
    import torch.nn.functional as F
    import torchvision
except ImportError as missing:
    torch = None
    MISSING = str(missing)


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs, offset = [], 0
    for name, tensor in tensors.items():
        array = tensor.detach().cpu().contiguous().float()
        data = array.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as out:
        out.write(len(text).to_bytes(8, "little"))
        out.write(text)
        for data in blobs:
            out.write(data)


def write_as_if_saved_on_cuda(path, tensors):
    """torch.save of CPU tensors whose pickle then names the device cuda:0,
    as a file saved from a GPU reads on a machine without one."""
    torch.save(tensors, path + ".cpu")
    with zipfile.ZipFile(path + ".cpu") as source, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("data.pkl"):
                data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            target.writestr(info, data)
    os.remove(path + ".cpu")


def timm_name(name):
    """torchvision's vit_b_16 key -> timm's VisionTransformer key."""
    fixed = {
        "class_token": "cls_token",
        "conv_proj.weight": "patch_embed.proj.weight",
        "conv_proj.bias": "patch_embed.proj.bias",
        "encoder.pos_embedding": "pos_embed",
        "encoder.ln.weight": "norm.weight",
        "encoder.ln.bias": "norm.bias",
        "heads.head.weight": "head.weight",
        "heads.head.bias": "head.bias",
    }
    if name in fixed:
        return fixed[name]
    prefix = "encoder.layers.encoder_layer_"
    assert name.startswith(prefix), name
    index, rest = name[len(prefix):].split(".", 1)
    renames = [
        ("ln_1.", "norm1."),
        ("ln_2.", "norm2."),
        ("self_attention.in_proj_", "attn.qkv."),
        ("self_attention.out_proj.", "attn.proj."),
        ("mlp.0.", "mlp.fc1."),
        ("mlp.3.", "mlp.fc2."),
    ]
    for old, new in renames:
        if rest.startswith(old):
            return f"blocks.{index}.{new}{rest[len(old):]}"
    raise KeyError(name)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    unavailable = os.path.join(out_dir, "unavailable.txt")
    if torch is None:
        # The C++ tests skip, saying why; tools/test installs the packages.
        with open(unavailable, "w") as out:
            out.write(f"python3-torchvision is not installed ({MISSING}); "
                      "install it with tools/install-packages tests/debian-packages.txt\n")
        return
    if os.path.exists(unavailable):
        os.remove(unavailable)
    torch.manual_seed(0)
    model = torchvision.models.vit_b_16(weights=None).eval()
    # torchvision initialises the head with zeros: give it values so that
    # logits depend on every layer.
    torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    torch.nn.init.normal_(model.heads.head.bias, std=0.02)
    state = model.state_dict()
    generator = torch.Generator().manual_seed(1)
    x = torch.randn(2, 3, 224, 224, generator=generator)
    with torch.no_grad():
        logits = model(x)

    torch.save(dict(state), os.path.join(out_dir, "torchvision_vit_b16.pt"))
    torch.save(collections.OrderedDict(list(state.items())[:4]), os.path.join(out_dir, "ordered_dict.pt"))
    torch.save({"state_dict": dict(state), "epoch": 7}, os.path.join(out_dir, "training_checkpoint.pt"))
    write_as_if_saved_on_cuda(os.path.join(out_dir, "cuda_saved.pt"), dict(list(state.items())[:1]))
    write_safetensors(os.path.join(out_dir, "torchvision_vit_b16.safetensors"), state, {"format": "pt"})
    write_safetensors(os.path.join(out_dir, "timm_vit_b16.safetensors"),
                      {timm_name(name): tensor for name, tensor in state.items()}, {"format": "pt"})

    # timm's resample_abs_pos_embed: prefix rows kept, the grid resampled
    # bicubically with antialiasing, without aligned corners.
    table = torch.randn(1, 1 + 14 * 14, 8, generator=generator)
    grid = table[:, 1:].reshape(1, 14, 14, 8).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=(16, 16), mode="bicubic", antialias=True, align_corners=False)
    resampled = torch.cat([table[:, :1], grid.permute(0, 2, 3, 1).reshape(1, 256, 8)], 1)

    write_safetensors(os.path.join(out_dir, "reference.safetensors"), {
        "input": x, "logits": logits, "table_14": table, "table_16": resampled,
    })


if __name__ == "__main__":
    main(sys.argv[1])
