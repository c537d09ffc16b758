#!/usr/bin/env python3
"""Checks the embedders' documentation against what the plugins declare.

`sigvit plugins` lists every registered embedder with its options, as the
plugins declare them. configs/README.md documents each built-in embedder in a
block that starts with **`name`** and lists its options as `option` [default].
An embedder or option in one and not the other fails the test.

Usage: check_embedder_reference.py SIGVIT configs/README.md
"""
import re
import subprocess
import sys


def declared(sigvit):
    """{embedder: {option, ...}} from `sigvit plugins`."""
    listing = subprocess.run([sigvit, "plugins"], capture_output=True, text=True, check=True).stdout
    embedders = {}
    for block in listing.strip().split("\n\n"):
        lines = block.splitlines()
        embedders[lines[0].strip()] = {line.split()[0] for line in lines[3:] if line.strip()}
    return embedders


def documented(readme):
    """{embedder: {option, ...}} from the blocks under ### `model.embedder`."""
    text = open(readme).read()
    section = text.split("### `model.embedder`", 1)[1].split("\n## ", 1)[0]
    embedders = {}
    for name, body in re.findall(r"\*\*`(\w+)`\*\* —(.*?)(?=\n\*\*`|\Z)", section, re.S):
        embedders[name] = set(re.findall(r"`(\w+)` \[", body))
    return embedders


def main():
    sigvit, readme = sys.argv[1], sys.argv[2]
    code, docs = declared(sigvit), documented(readme)
    problems = []
    for name in sorted(set(code) | set(docs)):
        if name not in docs:
            problems.append(f"{readme}: no block for embedder '{name}', which `sigvit plugins` lists")
        elif name not in code:
            problems.append(f"{readme}: a block for embedder '{name}', which no plugin registers")
        else:
            for option in sorted(code[name] - docs[name]):
                problems.append(f"{readme}: '{name}' does not document its option '{option}'")
            for option in sorted(docs[name] - code[name]):
                problems.append(f"{readme}: '{name}' documents '{option}', which the plugin does not declare")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(code)} embedders documented with every option")


if __name__ == "__main__":
    main()
