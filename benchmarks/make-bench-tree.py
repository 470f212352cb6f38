#!/usr/bin/env python3
"""Deterministic source tree for benchmarks/format-vs-cp.sh (same seed -> same bytes, names and sizes).

A realistic mix: SMALL many small files (100 B .. 32 KiB, log-uniform) in a two-level directory tree, MEDIUM
MB-sized files (1 .. 4 MiB), two large files (one text, one random), a few symlinks and empty files. About 60 %
of the small files and half of the others are compressible text (pseudo-words from a seeded vocabulary, roughly
3:1 under zstd), the rest random bytes. Usage: make-bench-tree.py DIR [SEED]; prints the file count and bytes.
"""
import os
import random
import sys

SMALL = 20000
MEDIUM = 240
LARGE_TEXT = 256 << 20
LARGE_RANDOM = 192 << 20
CORPUS = 16 << 20


def main():
    root = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(6000)]
    words = rng.choices(vocab, k=CORPUS // 6)
    lines, line = [], []
    for i, w in enumerate(words):
        line.append(w)
        if len(line) >= 12 and (i % 7 == 0):
            lines.append(" ".join(line))
            line = []
    corpus = ("\n".join(lines) + "\n").encode()
    corpus = (corpus * (CORPUS // len(corpus) + 1))[:CORPUS]

    def text(n):
        out = bytearray()
        while len(out) < n:
            start = rng.randrange(0, CORPUS - 1)
            take = min(n - len(out), CORPUS - start, rng.randint(4096, 1 << 20))
            out += corpus[start:start + take]
        return bytes(out)

    def rand(n):
        return rng.randbytes(n)

    files = 0
    total = 0

    def put(path, data):
        nonlocal files, total
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        files += 1
        total += len(data)

    for i in range(SMALL):
        d = os.path.join(root, "small", "g%02d" % (i % 20), "d%03d" % ((i // 20) % 25))
        n = int(round(100 * (32768 / 100) ** rng.random()))
        if rng.random() < 0.6:
            put(os.path.join(d, "f%05d.txt" % i), text(n))
        else:
            put(os.path.join(d, "f%05d.bin" % i), rand(n))
    for i in range(MEDIUM):
        n = rng.randint(1 << 20, 4 << 20)
        if i % 2 == 0:
            put(os.path.join(root, "medium", "m%03d.txt" % i), text(n))
        else:
            put(os.path.join(root, "medium", "m%03d.bin" % i), rand(n))
    put(os.path.join(root, "large", "text.txt"), text(LARGE_TEXT))
    put(os.path.join(root, "large", "random.bin"), rand(LARGE_RANDOM))
    for i in range(20):
        put(os.path.join(root, "misc", "empty%02d" % i), b"")
        os.symlink("../medium/m%03d.txt" % (i * 2), os.path.join(root, "misc", "link%02d" % i))
    print(files, total)


if __name__ == "__main__":
    main()
