"""A BLIP-base-sized captioner with random weights, exported like models/tiny-blip/
(for benchmarking the browser runtime at the real model's size; NOT committed, ~1 GB).

  nice -n 10 /usr/bin/python3 scripts/tiny_blip/make_base_sized.py [--out /tmp/blip-base-random]

Same sizes as Salesforce/blip-image-captioning-base: ViT-B/16 at 384x384 (hidden 768,
12 layers, 12 heads, MLP 3072 -> 577 image tokens) and a BERT-base decoder (hidden 768,
12 layers, cross-attention, vocab 30524 with [DEC]=30522, [SEP]=102, [PAD]=0,
512 positions, LM head not tied to the word embeddings): 247,414,076 parameters,
like the real checkpoint. The tokenizer uses BERT's special-token ids and the tiny caption
vocabulary padded with [unused*] tokens to 30522 entries. Captions are noise.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse  # noqa: E402
import datetime  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from model import TinyBlip, VisionConfig, TextConfig  # noqa: E402
from tokenizer import Tokenizer, build_bert_sized_vocab  # noqa: E402
from scenes import CAPTION_WORDS  # noqa: E402
from export import write_model_folder  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/blip-base-random")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    tok = Tokenizer(CAPTION_WORDS, build_bert_sized_vocab(CAPTION_WORDS, 30522))
    v = VisionConfig(image_size=384, patch_size=16, hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                     num_attention_heads=12, layer_norm_eps=1e-5)
    t = TextConfig(vocab_size=len(tok), hidden_size=768, encoder_hidden_size=768, intermediate_size=3072,
                   num_hidden_layers=12, num_attention_heads=12, max_position_embeddings=512, layer_norm_eps=1e-12,
                   pad_token_id=tok.pad_id, bos_token_id=tok.dec_id, sep_token_id=tok.sep_id, eos_token_id=tok.sep_id,
                   tie_word_embeddings=False)
    assert (tok.pad_id, tok.sep_id, tok.dec_id, len(tok)) == (0, 102, 30522, 30524)
    model = TinyBlip(v, t).eval()
    t0 = time.time()
    fields = {
        "id": "blip-base-random",
        "name": "BLIP-base-sized captioner, random weights (benchmark only)",
        "description": "Same sizes as Salesforce/blip-image-captioning-base (ViT-B/16 @ 384 + BERT-base decoder, "
                       "vocab 30524) with random weights; for timing the runtime, captions are noise.",
        "source": {"made_by": "scripts/tiny_blip/make_base_sized.py", "seed": args.seed,
                   "date": datetime.date.today().isoformat()},
        "licence": "same as the Quantization Lab project",
    }
    m = write_model_folder(model, tok, args.out, fields)
    print(f"{m['parameters']} parameters, {m['float32_bytes']} B float32; "
          + ", ".join(f"{f['file']} {f['bytes']}" for f in m["files"] if f["file"].endswith(".onnx"))
          + f"; {time.time() - t0:.0f}s -> {args.out}")


if __name__ == "__main__":
    main()
