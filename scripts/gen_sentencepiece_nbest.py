#!/usr/bin/env python3
"""Records SentencePiece's n-best segmentations, for tokvec's encodeNBest on .model files.

Needs Debian's python3-sentencepiece (run with /usr/bin/python3). From the repository root:

    /usr/bin/python3 scripts/gen_sentencepiece_nbest.py

Writes tests/native/data/sentencepiece_nbest_goldens.json: for each of the two small committed
Unigram models (tests/native/data/model_sentencepiece_unigram*.model) a list of
{ text, n, nbests: [{ ids, pieces, score }] } from
SentencePieceProcessor.nbest_encode_as_immutable_proto(text, nbest_size=n), best first: ids and
piece strings (an unknown piece shows the text it covers) and the float score SentencePiece
gives each. n = 1 is left out: SentencePiece answers it with Encode and a score of 0.
"""
import json
import os

import sentencepiece as spm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "tests", "native", "data")

# (text, n): single words with many segmentations, texts with unknown characters and byte
# fallback, and one long text whose A* agenda outgrows 10,000 hypotheses (SentencePiece then
# keeps only the best 10 n).
CASES = [
    ("tokenization", 40),
    ("unbelievable", 16),
    ("state-of-the-art", 10),
    ("naïve café", 8),
    ("東京 日本語 ab😀😀cd", 8),
    ("The quick brown fox jumps over the lazy dog.", 6),
    ("a", 3),
    ("x", 2),
    ("<s> and </s> and <unk> are written here", 4),
    ("def add(a, b):\n    return a + b  # sum\n\tif x != y: print(\"{}\".format(x))", 30),
    ("", 3),
]


def record(model_path):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    cases = []
    for text, n in CASES:
        nbests = []
        for result in sp.nbest_encode_as_immutable_proto(text, nbest_size=n).nbests:
            nbests.append({
                "ids": [p.id for p in result.pieces],
                "pieces": [p.piece for p in result.pieces],
                "score": result.score,
            })
        cases.append({"text": text, "n": n, "nbests": nbests})
    return cases


def main():
    out = {
        "generator": "scripts/gen_sentencepiece_nbest.py, sentencepiece " + spm.__version__,
        "models": {name: record(os.path.join(DATA, name)) for name in
                   ["model_sentencepiece_unigram.model", "model_sentencepiece_unigram_bytes.model"]},
    }
    path = os.path.join(DATA, "sentencepiece_nbest_goldens.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
