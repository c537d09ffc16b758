#!/usr/bin/env python3
"""Runs every command a page of documentation shows, so that it cannot rot.

Each ```sh block of the page runs line by line in a fresh folder, with
build/ standing for the build folder of the binary under test, on tiny arrays
made here under the names the pages use (X.npy, y.npy, new_cases.npy); the
```yaml block that follows "with `NAME.yaml`" is written to NAME.yaml (build/
replaced there too). ```console blocks (the two set-up commands, which CI
itself runs) are shown, not run. A command that fails stops the test with its
output.

Usage: run_page_commands.py SIGVIT PAGE.md
"""
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np


def blocks(text, language):
    return re.findall(r"```" + language + r"\n(.*?)```", text, re.S)


def yaml_files(text):
    """{name: content} of each yaml block introduced by 'with `name`'."""
    return dict(re.findall(r"[Ww]ith `([\w.-]+\.yaml)`:\s*\n\s*```yaml\n(.*?)```", text, re.S))


def write_arrays(folder):
    """Two classes told apart by a slow rise in channel 0: learnable in 30 epochs."""
    rng = np.random.default_rng(0)
    n, channels, length = 120, 2, 60
    y = np.array(["rise", "flat"] * (n // 2))
    x = rng.standard_normal((n, channels, length)) * 0.3
    x[y == "rise", 0, :] += np.linspace(0, 2, length)
    np.save(folder / "X.npy", x)
    np.save(folder / "y.npy", y)
    np.save(folder / "new_cases.npy", x[:5])


def main():
    sigvit, readme = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
    build = str(sigvit.parent.parent) + "/"
    text = readme.read_text()
    commands = [line for block in blocks(text, "sh") for line in block.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    if not commands:
        sys.exit(f"{readme}: no ```sh block to run")
    with tempfile.TemporaryDirectory() as work:
        folder = pathlib.Path(work)
        (folder / "datasets").mkdir()
        write_arrays(folder)
        for name, content in yaml_files(text).items():
            (folder / name).write_text(content.replace("build/", build))
        for command in commands:
            line = command.replace("build/", build)
            result = subprocess.run(line, shell=True, cwd=folder, capture_output=True, text=True)
            print(f"$ {command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
            if result.returncode != 0:
                sys.exit(f"{readme}: '{command}' failed with exit status {result.returncode}")
    print(f"{len(commands)} commands of {readme.name} ran")


if __name__ == "__main__":
    main()
