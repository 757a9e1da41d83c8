"""Export Salesforce/blip-image-captioning-base to the two-graph ONNX layout the
browser runtime loads (the same layout as models/tiny-blip/):

  models/blip-image-captioning-base/
    vision_model.onnx        pixel_values [B,3,384,384] -> last_hidden_state [B,577,768]
    text_decoder_model.onnx  input_ids [B,T] int64, attention_mask [B,T] int64,
                             encoder_hidden_states [B,N,768] -> logits [B,T,30524]
    config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
    special_tokens_map.json, vocab.txt, manifest.json
  opset 17, dynamic batch/sequence axes, weights inline (each graph < 2 GB, no
  external data), no KV cache. Decoding starts from [DEC] (30522), stops at [SEP] (102).

The ONNX export, graph checks, preprocessor config and greedy loop are the
shared functions of scripts/tiny_blip/export.py, which the tiny model's export
(`scripts/tiny_blip/export.py`) runs on every build of models/tiny-blip/.

Dependencies (not installed on the project's machines; PyPI is unreachable there).
On a machine that reaches PyPI and the Hugging Face Hub:

    python3 -m venv .venv-blip && . .venv-blip/bin/activate
    pip install "torch>=2.1" "transformers>=4.36,<5" "onnx>=1.14" pillow numpy
    python scripts/export-blip.py                       # -> models/blip-image-captioning-base/
    python scripts/export-blip.py --check-images cat.jpg dog.jpg
    node scripts/tiny_blip/check_onnx.mjs models/blip-image-captioning-base \
         models/blip-image-captioning-base/check       # ONNX vs torch greedy captions

(~1 GB download for the weights, ~1 GB of ONNX written; the float32 model is ~990 MB.)
`--check-images` resizes each image to 384x384 (bicubic, as BlipImageProcessor does),
stores it as PNG under <out>/check/ with the torch float32 greedy caption and token
ids in <out>/check/samples.json, in the format check_onnx.mjs reads.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tiny_blip"))
from export import (export_blip_onnx, preprocessor_config, greedy_with_graph_modules, write_json,  # noqa: E402
                    file_entries)
from model import preprocess  # noqa: E402  (BLIP mean/std, float32 rescale + normalize)

MODEL_ID = "Salesforce/blip-image-captioning-base"


class VisionGraph(nn.Module):
    """pixel_values -> last_hidden_state (BlipVisionModel, post_layernorm applied)."""

    def __init__(self, blip):
        super().__init__()
        self.vision_model = blip.vision_model

    def forward(self, pixel_values):
        return self.vision_model(pixel_values=pixel_values, return_dict=True).last_hidden_state


class TextDecoderGraph(nn.Module):
    """(input_ids, attention_mask, encoder_hidden_states) -> logits (BlipTextLMHeadModel, no cache)."""

    def __init__(self, blip):
        super().__init__()
        self.text_decoder = blip.text_decoder

    def forward(self, input_ids, attention_mask, encoder_hidden_states):
        return self.text_decoder(input_ids=input_ids, attention_mask=attention_mask,
                                 encoder_hidden_states=encoder_hidden_states, use_cache=False,
                                 return_dict=True).logits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=MODEL_ID)
    ap.add_argument("--out", default=str(HERE.parent / "models" / "blip-image-captioning-base"))
    ap.add_argument("--check-images", nargs="*", default=[])
    args = ap.parse_args()

    from transformers import BlipForConditionalGeneration, BlipProcessor  # noqa: E402
    from PIL import Image

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    try:  # plain attention ops export most predictably
        blip = BlipForConditionalGeneration.from_pretrained(args.model, attn_implementation="eager")
    except (TypeError, ValueError):
        blip = BlipForConditionalGeneration.from_pretrained(args.model)
    blip = blip.float().eval()
    processor = BlipProcessor.from_pretrained(args.model)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    vc, tc = blip.config.vision_config, blip.config.text_config
    bos, sep, pad = tc.bos_token_id, tc.sep_token_id, tc.pad_token_id
    assert processor.tokenizer.convert_ids_to_tokens(bos) == "[DEC]", "expected [DEC] as decoder BOS"
    assert processor.tokenizer.convert_ids_to_tokens(sep) == "[SEP]"

    vision, decoder = VisionGraph(blip).eval(), TextDecoderGraph(blip).eval()
    info = export_blip_onnx(vision, decoder, out, image_size=vc.image_size)
    print("exported", {k: v["bytes"] for k, v in info.items() if isinstance(v, dict)})

    blip.config.save_pretrained(out)
    processor.save_pretrained(out)  # tokenizer.json, tokenizer_config.json, vocab.txt, ..., preprocessor_config.json
    pre = json.loads((out / "preprocessor_config.json").read_text())
    want = preprocessor_config(vc.image_size)
    for k in ("do_resize", "size", "resample", "do_rescale", "do_normalize", "image_mean", "image_std", "do_convert_rgb"):
        if pre.get(k) != want[k]:
            print(f"note: preprocessor_config {k} = {pre.get(k)!r} (tiny-blip writes {want[k]!r})")

    if args.check_images:
        chk = out / "check"
        chk.mkdir(exist_ok=True)
        imgs, names = [], []
        for i, p in enumerate(args.check_images):
            im = Image.open(p).convert("RGB").resize((vc.image_size, vc.image_size), Image.BICUBIC)
            name = f"check_{i:02d}.png"
            im.save(chk / name)
            imgs.append(np.asarray(im))
            names.append((name, p))
        pv = preprocess(np.stack(imgs))
        seqs = greedy_with_graph_modules(vision, decoder, pv, bos=bos, sep=sep, pad=pad, max_len=24)
        with torch.no_grad():
            hf = blip.generate(pixel_values=pv, max_new_tokens=24, num_beams=1, do_sample=False)
        samples = []
        for (name, src), s, h in zip(names, seqs, hf.tolist()):
            cap = processor.tokenizer.decode(s, skip_special_tokens=True)
            hf_cap = processor.tokenizer.decode(h, skip_special_tokens=True)
            print(f"{src}: '{cap}'" + ("" if cap == hf_cap else f"  (HF generate: '{hf_cap}')"))
            samples.append({"file": name, "source": str(src), "reference": hf_cap, "pinned_near_tie": False,
                            "float32": {"caption": cap, "token_ids": s}})
        write_json(chk / "samples.json", {"model": "blip-image-captioning-base", "samples": samples})

    files = ["vision_model.onnx", "text_decoder_model.onnx"] + sorted(
        p.name for p in out.iterdir() if p.suffix in (".json", ".txt") and p.name != "manifest.json")
    write_json(out / "manifest.json", {
        "id": "blip-image-captioning-base",
        "name": "BLIP image captioning (base)",
        "description": "Salesforce's BLIP captioner: ViT-B/16 at 384x384 + BERT-base caption decoder, "
                       "exported to the two-graph ONNX layout (vision_model + text_decoder_model, no KV cache).",
        "files": file_entries(out, files),
        "source": {"hub_id": args.model, "exported_by": "scripts/export-blip.py",
                   "exported": datetime.date.today().isoformat()},
        "licence": "BSD-3-Clause (Salesforce BLIP)",
        "parameters": sum(p.numel() for p in blip.parameters()),
        "float32_bytes": int(blip.get_memory_footprint()),
        "input_size": {"height": vc.image_size, "width": vc.image_size, "channels": 3},
        "bos_token_id": bos, "sep_token_id": sep, "pad_token_id": pad,
        "onnx": info,
    })
    print("wrote", out)


if __name__ == "__main__":
    main()
