#!/usr/bin/env python3
"""Checks the YAML reference against the keys the code accepts.

Each entry below pairs a table of keys in the docs (the rows "| `key` | ..."
under a heading) with the key list the code passes to expect_keys (the first
brace list after an anchor in a source file). A key in one and not the other
fails the test, naming both places, so the reference cannot drift from what
the parser takes.

Usage: check_config_reference.py SOURCE_DIR
"""
import pathlib
import re
import sys

# (doc file, heading (or the line that introduces the table), source file, anchor before the key list, keys read elsewhere:
#  sections of their own, or keys another parser takes before this one runs)
SECTIONS = [
    ("configs/README.md", "## Experiments (`sigvit run`)", "framework/experiment/experiment_options.cpp",
     "root.expect_keys(", {"model", "data", "train", "pretrain", "plugins"}),
    ("configs/README.md", "### `data`", "framework/experiment/experiment_options.cpp", "std::vector<std::string> keys{",
     set()),
    ("datasets/README.md", "## Loading", "framework/data/load/loader_options.cpp", "loader_option_keys() {", set()),
    ("datasets/README.md", "`augment` keys (all off by default; unknown keys are errors):",
     "framework/data/load/augmentation.cpp", "node.expect_keys(", set()),
    ("configs/README.md", "### `train`", "framework/engine/train_options.cpp", "train.expect_keys(", set()),
    ("configs/README.md", "### `model.encoder`", "framework/model/vit/vit_builder.cpp", "encoder.expect_keys(", set()),
    ("configs/README.md", "### `model.pretrained`", "framework/weights/pretrained_import.cpp",
     "pretrained.expect_keys(", set()),
    ("configs/README.md", "### `pretrain` (`sigvit pretrain`)", "framework/model/vit/masked_patch_model.cpp",
     "pretrain.expect_keys(", set()),
    ("configs/README.md", "## `model`", "framework/model/vit/vit_builder.cpp", "model.expect_keys(",
     {"pretrained"}),
    ("configs/README.md", "## Comparisons (`sigvit compare`)", "framework/compare/report/compare_plan.cpp",
     "root.expect_keys(", set()),
    ("configs/README.md", "## Searches (`sigvit search`)", "framework/search/plan/search_plan.cpp",
     "root.expect_keys(", set()),
]
# Each CNN baseline's table against its builder: `type` is the section itself.
for cnn in ["fcn", "resnet1d", "inception_time", "m5", "resnet2d"]:
    SECTIONS.append(("configs/README.md", f"### `type: {cnn}`", f"framework/model/cnn/{cnn}.cpp", "model.expect_keys(",
                     {"type"}))


def code_keys(source, anchor):
    text = source.read_text()
    at = text.index(anchor)
    start = text.index("{", at + len(anchor) - 1)
    end = text.index("}", start)
    return set(re.findall(r'"([^"]+)"', text[start:end]))


def doc_keys(doc, heading):
    """The keys of the first table under `heading`, before any further heading."""
    lines = doc.read_text().splitlines()
    keys = set()
    fenced = False
    for line in lines[lines.index(heading) + 1:]:
        fenced = fenced != line.startswith("```")
        if not fenced and re.match(r"#+ ", line):
            break
        match = re.match(r"\| `([\w.]+)` \|", line)
        if match:
            keys.add(match.group(1).split(".")[0])  # a row for runtime.gemm documents runtime
        elif keys and not line.startswith("|"):
            break
    return keys


def main():
    root = pathlib.Path(sys.argv[1])
    problems = []
    for doc, heading, source, anchor, implied in SECTIONS:
        accepted = code_keys(root / source, anchor)
        documented = doc_keys(root / doc, heading)
        for key in sorted(accepted - documented - implied):
            problems.append(f"{doc} '{heading}': no row for '{key}', which {source} accepts")
        for key in sorted(documented - accepted - implied):
            problems.append(f"{doc} '{heading}': a row for '{key}', which {source} does not accept")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(SECTIONS)} key tables match the code")


if __name__ == "__main__":
    main()
