"""Export a BLIP captioner to the two-graph ONNX layout the browser runtime loads.

  /usr/bin/python3 scripts/tiny_blip/export.py [--ckpt /tmp/tiny-blip-final.pt] [--out models/tiny-blip]

Layout (same as the community ONNX exports of Salesforce/blip-image-captioning-*):
  vision_model.onnx        pixel_values [B,3,H,W] float32 -> last_hidden_state [B,N,D]
  text_decoder_model.onnx  input_ids [B,T] int64, attention_mask [B,T] int64,
                           encoder_hidden_states [B,N,D] float32 -> logits [B,T,V]
  config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
  special_tokens_map.json, vocab.txt, manifest.json
Opset 17, dynamic batch / sequence axes, weights stored inline as initializers
(no external data), no KV cache.

The functions above `main()` (export_blip_onnx, preprocessor_config,
greedy_with_graph_modules, write_json, file_entries) are shared with
scripts/export-blip.py, which exports the real Salesforce model with them; the
tiny model's export below goes through exactly the same code path.
"""
from __future__ import annotations

import os

# OpenMP threads that spin while waiting collapse on a shared, oversubscribed machine
# (1.2 s/step instead of 0.19 s/step here); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import datetime
import hashlib
import inspect
import json
import sys
from pathlib import Path

import torch
import torch.nn as nn

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OPSET = 17
BLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
BLIP_STD = [0.26862954, 0.26130258, 0.27577711]


# ----------------------------------------------------------------------------- shared


def preprocessor_config(image_size: int) -> dict:
    """BlipImageProcessor's preprocessor_config.json."""
    return {
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": BLIP_MEAN,
        "image_processor_type": "BlipImageProcessor",
        "image_std": BLIP_STD,
        "processor_class": "BlipProcessor",
        "resample": 3,
        "rescale_factor": 0.00392156862745098,
        "size": {"height": image_size, "width": image_size},
    }


def write_json(path, obj):
    Path(path).write_text(json.dumps(obj, indent=2) + "\n")


def _check_graph(path: Path, inputs: list, outputs: list):
    """onnx.checker + names + dynamic batch axis + every weight inline (no external data)."""
    import onnx
    m = onnx.load(str(path), load_external_data=False)
    onnx.checker.check_model(m)
    got_in = [i.name for i in m.graph.input if i.name not in {t.name for t in m.graph.initializer}]
    got_out = [o.name for o in m.graph.output]
    assert got_in == inputs, (path.name, got_in, inputs)
    assert got_out == outputs, (path.name, got_out, outputs)
    for vi in list(m.graph.input[: len(inputs)]) + list(m.graph.output):
        d0 = vi.type.tensor_type.shape.dim[0]
        assert d0.dim_param, f"{path.name}:{vi.name} batch axis is not dynamic"
    for t in m.graph.initializer:
        assert t.data_location != onnx.TensorProto.EXTERNAL, f"{path.name}: external data in {t.name}"
    n_weights = sum(int(torch.tensor(list(t.dims)).prod()) if len(t.dims) else 1 for t in m.graph.initializer)
    return {"opset": m.opset_import[0].version, "initializers": len(m.graph.initializer),
            "initializer_elements": n_weights, "nodes": len(m.graph.node),
            "inputs": [(vi.name, [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim])
                       for vi in m.graph.input[: len(inputs)]],
            "outputs": [(vi.name, [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim])
                        for vi in m.graph.output]}


@torch.no_grad()
def export_blip_onnx(vision: nn.Module, decoder: nn.Module, out_dir, *, image_size: int, num_channels: int = 3,
                     with_encoder_attention_mask: bool = False, opset: int = OPSET) -> dict:
    """Export the two BLIP graphs.

    vision(pixel_values) -> last_hidden_state [B,N,D]
    decoder(input_ids, attention_mask, encoder_hidden_states[, encoder_attention_mask]) -> logits [B,T,V]
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vision.eval()
    decoder.eval()
    B, T = 2, 3
    pv = torch.randn(B, num_channels, image_size, image_size)
    enc = vision(pv)
    N = enc.shape[1]
    vpath = out / "vision_model.onnx"
    kw = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kw["dynamo"] = False  # TorchScript exporter (torch >= 2.9 defaults to dynamo)
    torch.onnx.export(vision, (pv,), str(vpath), opset_version=opset, do_constant_folding=True, **kw,
                      input_names=["pixel_values"], output_names=["last_hidden_state"],
                      dynamic_axes={"pixel_values": {0: "batch_size"},
                                    "last_hidden_state": {0: "batch_size"}})
    ids = torch.randint(4, 20, (B, T), dtype=torch.long)
    mask = torch.ones(B, T, dtype=torch.long)
    args = [ids, mask, enc]
    names = ["input_ids", "attention_mask", "encoder_hidden_states"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    if with_encoder_attention_mask:
        args.append(torch.ones(B, N, dtype=torch.long))
        names.append("encoder_attention_mask")
        axes["encoder_attention_mask"] = {0: "batch_size", 1: "encoder_sequence_length"}
    dpath = out / "text_decoder_model.onnx"
    torch.onnx.export(decoder, tuple(args), str(dpath), opset_version=opset, do_constant_folding=True, **kw,
                      input_names=names, output_names=["logits"], dynamic_axes=axes)
    info = {"vision_model.onnx": _check_graph(vpath, ["pixel_values"], ["last_hidden_state"]),
            "text_decoder_model.onnx": _check_graph(dpath, names, ["logits"]),
            "num_image_tokens": int(N), "encoder_hidden_size": int(enc.shape[2])}
    for f in ("vision_model.onnx", "text_decoder_model.onnx"):
        info[f]["bytes"] = (out / f).stat().st_size
    return info


@torch.no_grad()
def greedy_with_graph_modules(vision: nn.Module, decoder: nn.Module, pixel_values, *, bos: int, sep: int,
                              pad: int = 0, max_len: int = 30) -> list:
    """Greedy decoding through the exact modules that were exported (what the ONNX
    runtime loop does: re-run the decoder on the whole prefix, no KV cache)."""
    enc = vision(pixel_values)
    B = enc.shape[0]
    ids = torch.full((B, 1), bos, dtype=torch.long)
    done = torch.zeros(B, dtype=torch.bool)
    for _ in range(max_len):
        nxt = decoder(ids, torch.ones_like(ids), enc)[:, -1].argmax(-1)
        nxt = torch.where(done, torch.full_like(nxt, pad), nxt)
        ids = torch.cat([ids, nxt[:, None]], 1)
        done |= nxt == sep
        if done.all():
            break
    res = []
    for row in ids[:, 1:].tolist():
        seq = []
        for t in row:
            if t in (sep, pad):
                break
            seq.append(t)
        res.append(seq)
    return res


def file_entries(out_dir, names) -> list:
    out = Path(out_dir)
    return [{"file": n, "bytes": (out / n).stat().st_size,
             "sha256": hashlib.sha256((out / n).read_bytes()).hexdigest()} for n in names]


# ----------------------------------------------------------------------------- tiny model


def tiny_blip_config(model) -> dict:
    from model import config_dicts
    v, t = config_dicts(model)
    return {
        "architectures": ["BlipForConditionalGeneration"],
        "model_type": "blip",
        "torch_dtype": "float32",
        "vision_config": {"model_type": "blip_vision_model", **v, "num_image_tokens": model.vision_model.config.num_positions},
        "text_config": {"model_type": "blip_text_model", **t, "is_decoder": True,
                        "position_embedding_type": "absolute", "layer_norm": "post-LN (BERT)"},
        "bos_token_id": t["bos_token_id"],
        "decoder_start_token_id": t["bos_token_id"],
        "sep_token_id": t["sep_token_id"],
        "eos_token_id": t["eos_token_id"],
        "pad_token_id": t["pad_token_id"],
        "max_length": 24,
    }


MODEL_FILES = ["vision_model.onnx", "text_decoder_model.onnx", "config.json", "preprocessor_config.json",
               "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def write_model_folder(model, tok, out_dir, fields: dict, check_pixel_values=None) -> dict:
    """Export a model.py TinyBlip (any size) + its tokenizer into out_dir: both ONNX graphs,
    config.json, preprocessor_config.json, tokenizer files and manifest.json (fields + sizes)."""
    sys.path.insert(0, str(HERE))
    from model import param_count, footprint_bytes, greedy

    out = Path(out_dir)
    vc, tc = model.configs()
    assert len(tok) == tc.vocab_size, (len(tok), tc.vocab_size)
    info = export_blip_onnx(model.vision_model, model.text_decoder, out, image_size=vc.image_size)
    if check_pixel_values is not None:  # the exported modules decode exactly like the model's own greedy loop
        a = greedy_with_graph_modules(model.vision_model, model.text_decoder, check_pixel_values,
                                      bos=tc.bos_token_id, sep=tc.sep_token_id, pad=tc.pad_token_id, max_len=24)
        assert a == greedy(model, check_pixel_values), "graph-module greedy differs from model greedy"
    write_json(out / "config.json", tiny_blip_config(model))
    write_json(out / "preprocessor_config.json", preprocessor_config(vc.image_size))
    tok.save(out, model_max_length=tc.max_position_embeddings)
    man_path = out / "manifest.json"
    old = json.loads(man_path.read_text()) if man_path.exists() else {}
    extra = [f for f in ("eval-report.json",) if (out / f).exists()]
    manifest = {
        **fields,
        "files": file_entries(out, MODEL_FILES + extra),
        "architecture": "BlipForConditionalGeneration",
        "parameters": param_count(model),
        "float32_bytes": footprint_bytes(model),
        "input_size": {"height": vc.image_size, "width": vc.image_size, "channels": 3},
        "bos_token_id": tc.bos_token_id, "sep_token_id": tc.sep_token_id, "pad_token_id": tc.pad_token_id,
        "onnx": info,
    }
    if old.get("eval") and "eval" not in manifest:
        manifest["eval"] = old["eval"]
    write_json(man_path, manifest)
    return manifest


def main():
    sys.path.insert(0, str(HERE))
    from model import from_checkpoint, param_count, preprocess
    from tokenizer import caption_tokenizer
    from scenes import scene_set, TEST_SEED
    import numpy as np

    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="/tmp/tiny-blip-final.pt")
    ap.add_argument("--out", default=str(REPO / "models" / "tiny-blip"))
    args = ap.parse_args()
    torch.set_num_threads(2)

    ck = torch.load(args.ckpt, map_location="cpu")
    model = from_checkpoint(args.ckpt)
    vc, tc = model.configs()
    pv = preprocess(np.stack([im for _, im in scene_set(TEST_SEED, 16)]))
    fields = {
        "id": "tiny-blip",
        "name": "Tiny BLIP captioner (%.2fM parameters)" % (param_count(model) / 1e6),
        "description": ("BLIP in miniature: a 64x64 ViT image encoder (patch %d, hidden %d, %d layers) and a "
                        "BERT-style caption decoder (hidden %d, %d layers, cross-attention to the image), "
                        "trained on synthetic coloured-shape scenes whose captions are fully determined by "
                        "the picture. Same two-graph ONNX layout as Salesforce/blip-image-captioning-base."
                        % (vc.patch_size, vc.hidden_size, vc.num_hidden_layers, tc.hidden_size,
                           tc.num_hidden_layers)),
        "source": {"trained_by": "scripts/tiny_blip/train.py", "seed": ck.get("seed"),
                   "scene_seed": ck.get("train_seed"), "steps": ck.get("step"),
                   "training_minutes": round(ck.get("seconds", 0) / 60, 1), "training_started": ck.get("started"),
                   "train_args": ck.get("args"), "exported": datetime.date.today().isoformat(),
                   "exported_by": "scripts/tiny_blip/export.py"},
        "licence": "same as the Quantization Lab project",
    }
    manifest = write_model_folder(model, caption_tokenizer(), args.out, fields, check_pixel_values=pv)
    print(json.dumps({k: manifest[k] for k in ("parameters", "float32_bytes")}),
          {f["file"]: f["bytes"] for f in manifest["files"] if f["file"].endswith(".onnx")})


if __name__ == "__main__":
    main()
