"""WordPiece tokenizer for the tiny BLIP, written by hand in the Hugging Face
`tokenizers` JSON format (BertTokenizer-style), plus a tiny Python encoder/decoder.

Layout (like BLIP's BertTokenizer, ids small):
  0 [PAD]  1 [UNK]  2 [CLS]  3 [SEP]  4 [MASK]
  then the caption words, then single letters a..z and ##a..##z (so any
  lowercase word still tokenizes), then the added tokens [DEC] (decoder BOS,
  like BLIP's 30522) and [ENC] (like BLIP's 30523).
Decoding starts from [DEC] and stops at [SEP], as in BLIP.
"""
from __future__ import annotations

import json
import string
from pathlib import Path

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
ADDED = ["[DEC]", "[ENC]"]


def build_vocab(words) -> list:
    letters = list(string.ascii_lowercase)
    base = SPECIALS + sorted(set(words)) + [c for c in letters if c not in words] + ["##" + c for c in letters]
    return base  # [DEC]/[ENC] come after, as added tokens


def build_bert_sized_vocab(words, size=30522) -> list:
    """BERT-base id layout ([PAD]=0, [unused*], [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103),
    padded with [unused*] to `size`, for a BLIP-base-sized model (with [DEC]=size, [ENC]=size+1)."""
    small = build_vocab(words)[len(SPECIALS):]
    vocab = ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"] + small
    k = 99
    while len(vocab) < size:
        vocab.append(f"[unused{k}]")
        k += 1
    return vocab


class Tokenizer:
    def __init__(self, words, vocab=None):
        self.vocab = vocab if vocab is not None else build_vocab(words)
        self.tokens = self.vocab + ADDED
        self.id = {t: i for i, t in enumerate(self.tokens)}
        self.pad_id, self.unk_id, self.cls_id, self.sep_id, self.mask_id = (self.id[t] for t in SPECIALS)
        self.dec_id, self.enc_id = self.id["[DEC]"], self.id["[ENC]"]

    def __len__(self):
        return len(self.tokens)

    def encode_words(self, text: str) -> list:
        """Greedy longest-match WordPiece, lowercase, whitespace/punct split (enough for captions)."""
        out = []
        for w in text.lower().split():
            start, pieces = 0, []
            while start < len(w):
                end = len(w)
                cur = None
                while start < end:
                    sub = w[start:end] if start == 0 else "##" + w[start:end]
                    if sub in self.id and sub not in ADDED and sub not in SPECIALS:
                        cur = sub
                        break
                    end -= 1
                if cur is None:
                    pieces = ["[UNK]"]
                    break
                pieces.append(cur)
                start = end
            out += [self.id[p] for p in pieces]
        return out

    def decoder_ids(self, caption: str) -> list:
        """[DEC] w1 .. wn [SEP] : decoder input is ids[:-1], target ids[1:]."""
        return [self.dec_id] + self.encode_words(caption) + [self.sep_id]

    def decode(self, ids) -> str:
        words = []
        for i in ids:
            i = int(i)
            if i == self.sep_id:
                break
            t = self.tokens[i]
            if t in SPECIALS or t in ADDED:
                continue
            if t.startswith("##") and words:
                words[-1] += t[2:]
            else:
                words.append(t)
        return " ".join(words)

    # ---- Hugging Face files -------------------------------------------------
    def tokenizer_json(self, model_max_length=512) -> dict:
        added = []
        for t in SPECIALS + ADDED:
            added.append({"id": self.id[t], "content": t, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True})
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                           "strip_accents": None, "lowercase": True},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                "special_tokens": {
                    "[CLS]": {"id": "[CLS]", "ids": [self.cls_id], "tokens": ["[CLS]"]},
                    "[SEP]": {"id": "[SEP]", "ids": [self.sep_id], "tokens": ["[SEP]"]},
                },
            },
            "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100,
                      "vocab": {t: i for i, t in enumerate(self.vocab)}},
        }

    def tokenizer_config(self, model_max_length=512) -> dict:
        # Mirrors Salesforce/blip-image-captioning-base's tokenizer_config.json (BertTokenizer + [DEC]).
        return {
            "tokenizer_class": "BertTokenizer",
            "processor_class": "BlipProcessor",
            "do_lower_case": True,
            "do_basic_tokenize": True,
            "tokenize_chinese_chars": True,
            "strip_accents": None,
            "never_split": None,
            "model_max_length": model_max_length,
            "clean_up_tokenization_spaces": True,
            "unk_token": "[UNK]",
            "sep_token": "[SEP]",
            "pad_token": "[PAD]",
            "cls_token": "[CLS]",
            "mask_token": "[MASK]",
            "bos_token": "[DEC]",
            "additional_special_tokens": ["[ENC]"],
            "added_tokens_decoder": {str(self.id[t]): {"content": t, "lstrip": False, "normalized": False,
                                                       "rstrip": False, "single_word": False, "special": True}
                                     for t in SPECIALS + ADDED},
        }

    def special_tokens_map(self) -> dict:
        return {"bos_token": "[DEC]", "cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]",
                "sep_token": "[SEP]", "unk_token": "[UNK]", "additional_special_tokens": ["[ENC]"]}

    def save(self, out_dir, model_max_length=512):
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "tokenizer.json").write_text(json.dumps(self.tokenizer_json(model_max_length), indent=2, ensure_ascii=False) + "\n")
        (out / "tokenizer_config.json").write_text(json.dumps(self.tokenizer_config(model_max_length), indent=2) + "\n")
        (out / "special_tokens_map.json").write_text(json.dumps(self.special_tokens_map(), indent=2) + "\n")
        (out / "vocab.txt").write_text("\n".join(self.vocab) + "\n")


def caption_tokenizer() -> Tokenizer:
    from scenes import CAPTION_WORDS
    return Tokenizer(CAPTION_WORDS)


if __name__ == "__main__":
    tok = caption_tokenizer()
    print(len(tok), "tokens; [DEC] =", tok.dec_id, "[SEP] =", tok.sep_id)
    ids = tok.decoder_ids("a small red circle on the left and a large blue square on the right")
    print(ids, "->", tok.decode(ids[1:]))
    print(tok.encode_words("dog"), tok.decode(tok.encode_words("dog")))
