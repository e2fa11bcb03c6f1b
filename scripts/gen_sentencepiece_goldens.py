#!/usr/bin/env python3
"""Trains two small SentencePiece Unigram models and records what SentencePiece itself gives.

Needs Debian's python3-sentencepiece (`apt-get install python3-sentencepiece`; run it with
/usr/bin/python3 if another python3 comes first on PATH). Run from the repository root after
scripts/gen_model_goldens.mjs (which writes the corpus):

    /usr/bin/python3 scripts/gen_sentencepiece_goldens.py

Writes into tests/native/data/:
  model_sentencepiece_unigram.model        Unigram, 150 pieces, trained on model_corpus.txt
  model_sentencepiece_unigram_bytes.model  the same with byte_fallback (400 pieces)
  model_sentencepiece_goldens.json         per model: every piece with its score and type, the
                                           trainer and normalizer fields, and the ids
                                           SentencePieceProcessor.encode gives for single words

The models use the identity normalization and no dummy prefix, so encode runs the model alone and
its ids are the model-level ids of the word. Words holding "<" are left out: SentencePiece never
matches control or unknown pieces ("<s>", "<unk>") inside text, while a model converted to
HuggingFace's Unigram (which tokvec follows) matches every piece. Generated files are
deterministic for a given SentencePiece version (0.1.97 here).
"""
import json
import os
import sys

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as model_pb2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "tests", "native", "data")
CORPUS = os.path.join(DATA, "model_corpus.txt")

WORDS = [
    "the", "tokenization", "tokenizers", "unbelievable", "rethinking", "hello", "world,", "naïve",
    "café", "straße", "東京", "日本語", "吾輩は猫である。", "한국어", "2024", "state-of-the-art",
    "unplayable", "rerunning", "transformational", "京都大学", "x", "quizzically", "😀", "dog😀",
    "😀😀cat", "ab😀😀cd", "Hello", "HELLO", "e\u0301", "Ωmega", "日本😀語", "▁the", "a" * 120,
]


def train(name, **options):
    prefix = os.path.join(DATA, name)
    spm.SentencePieceTrainer.train(
        input=CORPUS, model_prefix=prefix, model_type="unigram", normalization_rule_name="identity",
        add_dummy_prefix=False, remove_extra_whitespaces=False, character_coverage=1.0, num_threads=1,
        minloglevel=2, **options)
    os.remove(prefix + ".vocab")
    path = prefix + ".model"
    processor = spm.SentencePieceProcessor(model_file=path)
    proto = model_pb2.ModelProto()
    with open(path, "rb") as f:
        proto.ParseFromString(f.read())
    t, n = proto.trainer_spec, proto.normalizer_spec
    cases = []
    for word in WORDS:
        assert "<" not in word and not any(c.isspace() for c in word)
        cases.append({"word": word, "ids": processor.encode(word)})
    return {
        "model": name + ".model",
        "pieces": [[p.piece, p.score, p.type] for p in proto.pieces],
        "trainer_spec": {"model_type": t.model_type, "byte_fallback": t.byte_fallback, "unk_id": t.unk_id,
                         "bos_id": t.bos_id, "eos_id": t.eos_id, "pad_id": t.pad_id},
        "normalizer_spec": {"name": n.name, "add_dummy_prefix": n.add_dummy_prefix,
                            "remove_extra_whitespaces": n.remove_extra_whitespaces,
                            "escape_whitespaces": n.escape_whitespaces,
                            "precompiled_charsmap_size": len(n.precompiled_charsmap)},
        "cases": cases,
    }


def main():
    if not os.path.exists(CORPUS):
        sys.exit(f"{CORPUS} is missing: run node scripts/gen_model_goldens.mjs first")
    suites = [
        train("model_sentencepiece_unigram", vocab_size=150),
        train("model_sentencepiece_unigram_bytes", vocab_size=400, byte_fallback=True),
    ]
    with open(os.path.join(DATA, "model_sentencepiece_goldens.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/gen_sentencepiece_goldens.py", "sentencepiece": spm.__version__,
                   "suites": suites}, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    for s in suites:
        print(f"{s['model']}: {len(s['pieces'])} pieces, {len(s['cases'])} cases")


if __name__ == "__main__":
    main()
