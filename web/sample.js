// The demo's texts. The stress text is written for tokvec and touches what tokenizers disagree
// on: case, emoji, CJK, code indentation (tabs and spaces), numbers and symbols.
export const stressText = `English and CAPITALIZATION: the Dog, the DOG and the dog are three spellings of one word.
Emoji and CJK: 🙂 👋🏽 🇫🇷 and 数学は楽しい, 한국어, 中文字符.
def average(values):
\tif not values:
\t\treturn 0.0
        return sum(values) / len(values)  # four spaces, then eight
12.0*50=600 and 3.14159 ≈ π; 1,000,000 ≠ 1000000.`;

// The demo's embedded default corpus, written for tokvec (no third-party text). The word- and
// character-level tokenizers build their vocabularies from it.
export const sampleCorpus = `A tokenizer turns text into a sequence of token ids, and an embedding matrix turns each id into a vector.
The simplest tokenizer splits on whitespace and punctuation: every word in the corpus gets an id, and a word it has never seen becomes the unknown token.
A dog is a dog, but is Dog a dog? Without lowercasing, the vocabulary treats dog and Dog as two different words; with lowercasing, they are one.
A character-level tokenizer needs only a small vocabulary, yet it makes long sequences: every letter, digit and emoji is its own token.
A byte-level tokenizer never meets an unknown token, because every text is made of the same 256 bytes; the price is that one emoji such as 🙂 becomes four tokens.
Real language models sit in between: byte pair encoding merges frequent pairs of bytes into subwords, so common words are one token and rare words are a few.
The dog chased the cat across the garden, and the cat climbed the tree.
Numbers such as 12.0*50=600 and code such as for (let i = 0; i < n; i++) { sum += x[i]; } show how each tokenizer treats digits, symbols and spaces.
`;
