#!/usr/bin/env python3
"""Records what SentencePiece itself gives for whole texts, for Tokenizer.fromSentencePiece.

Needs Debian's python3-sentencepiece (run with /usr/bin/python3). From the repository root:

    /usr/bin/python3 scripts/gen_sentencepiece_parity.py

Writes tests/native/data/sentencepiece_parity_goldens.json: for each model, a list of
{ name, text, ids, pieces, ids_with_bos, decoded } where `ids` is SentencePieceProcessor.encode(text),
`pieces` encode(text, out_type=str) (an unknown piece
shows the text it covers) and `ids_with_bos` encode(text, add_bos=True) and
`decoded` decode(ids), and `offsets` each piece's [begin, end) from encode_as_serialized_proto(text):
SentencePiece's own UTF-8 byte offsets into the original text (the Python binding's immutable_proto
converts them to code point offsets; the serialized proto keeps them as the C++ library gives them).
The models are
the two small committed ones (tests/native/data/model_sentencepiece_unigram*.model) and, when
/work/shared/data/tokenizers/llama2.tokenizer.model is present, Llama 2's BPE model (its goldens
are written under "llama2" and the tests skip them when the model file is absent, because the
model is not ours to commit).
"""
import json
import os

import sentencepiece as spm
from sentencepiece import sentencepiece_pb2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "tests", "native", "data")
LLAMA2 = "/work/shared/data/tokenizers/llama2.tokenizer.model"

TEXTS = [
    ("english", "The quick brown fox jumps over the lazy dog."),
    ("english sentences", "Hello, world! It's a beautiful day; isn't it? Yes: 100%."),
    ("code", "def add(a, b):\n    return a + b  # sum\n\tif x != y: print(\"{}\".format(x))"),
    ("cjk", "名前は何ですか？ 我喜欢学习中文。 한국어 텍스트"),
    ("emoji", "I love pizza 🍕🍕 and 👩‍👩‍👧 families 🇫🇷!"),
    ("whitespace runs", "  leading and   inner    spaces and trailing   "),
    ("tabs and newlines", "line one\n\nline two\r\n\tindented\u3000ideographic space"),
    ("digits", "In 2023, 1234567890 people paid $3.14 or 0.001 each: 42, 007, 1e10."),
    ("accents", "Café naïve résumé façade Ærøskøbing ﬁne Ｆｕｌｌｗｉｄｔｈ ½ ™ ①"),
    ("punctuation runs", "-------  ______ ...... !!!??? <<>> ''\"\""),
    ("mixed scripts", "Привет мир Γειά σου κόσμε שלום עולם مرحبا بالعالم नमस्ते"),
    ("control piece text", "<s> and </s> and <unk> are written here"),
    ("single character", "a"),
    ("empty", ""),
    ("only spaces", "     "),
]


def byte_offsets(sp, text):
    proto = sentencepiece_pb2.SentencePieceText()
    proto.ParseFromString(sp.encode_as_serialized_proto(text))
    return [[p.begin, p.end] for p in proto.pieces]


def record(model_path):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    cases = []
    for name, text in TEXTS:
        ids = sp.encode(text)
        cases.append({
            "name": name,
            "text": text,
            "ids": ids,
            "pieces": sp.encode(text, out_type=str),
            "ids_with_bos": sp.encode(text, add_bos=True),
            "decoded": sp.decode(ids),
            "offsets": byte_offsets(sp, text),
        })
    return cases


def main():
    out = {
        "generator": "scripts/gen_sentencepiece_parity.py, sentencepiece " + spm.__version__,
        "models": {
            "model_sentencepiece_unigram.model": record(os.path.join(DATA, "model_sentencepiece_unigram.model")),
            "model_sentencepiece_unigram_bytes.model": record(
                os.path.join(DATA, "model_sentencepiece_unigram_bytes.model")),
        },
    }
    if os.path.exists(LLAMA2):
        out["models"]["llama2"] = record(LLAMA2)
    path = os.path.join(DATA, "sentencepiece_parity_goldens.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
