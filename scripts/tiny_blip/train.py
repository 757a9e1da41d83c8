"""Train the tiny BLIP captioner on scenes drawn on the fly (teacher forcing).

  nohup nice -n 10 /usr/bin/python3 scripts/tiny_blip/train.py --steps 9000 \
      > /tmp/tiny-blip-train.log 2>&1 &

Seeded (torch + the scene stream); checkpoints to --ckpt every --ckpt-minutes
(model, optimizer, step, scene-RNG state) so a crash loses little and
`--resume` continues where it stopped. Logs loss and the exact-caption rate on
200 fixed validation scenes. The final weights go to --out (default
/tmp/tiny-blip-final.pt), read by export.py / evaluate.py / make_samples.py.
"""
from __future__ import annotations

import os

# OpenMP threads that spin while waiting collapse on a shared, oversubscribed machine
# (1.2 s/step instead of 0.19 s/step here); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import datetime
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import TinyBlip, VisionConfig, TextConfig, preprocess, greedy, param_count, footprint_bytes  # noqa: E402
from scenes import random_scene, render, scene_set, TRAIN_SEED, VAL_SEED  # noqa: E402
from tokenizer import caption_tokenizer  # noqa: E402


def make_model(tok, args) -> TinyBlip:
    v = VisionConfig(image_size=64, patch_size=8, hidden_size=args.hidden, intermediate_size=4 * args.hidden,
                     num_hidden_layers=args.vision_layers, num_attention_heads=args.heads)
    t = TextConfig(vocab_size=len(tok), hidden_size=args.hidden, encoder_hidden_size=args.hidden,
                   intermediate_size=4 * args.hidden, num_hidden_layers=args.text_layers,
                   num_attention_heads=args.heads, max_position_embeddings=32, pad_token_id=tok.pad_id,
                   bos_token_id=tok.dec_id, sep_token_id=tok.sep_id, eos_token_id=tok.sep_id)
    return TinyBlip(v, t)


def batch(rng: random.Random, tok, n: int):
    scenes = [random_scene(rng) for _ in range(n)]
    imgs = np.stack([render(s) for s in scenes])
    seqs = [tok.decoder_ids(s.caption()) for s in scenes]
    T = max(len(s) for s in seqs)
    ids = torch.full((n, T), tok.pad_id, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    inp, tgt = ids[:, :-1], ids[:, 1:].clone()
    mask = (inp != tok.pad_id).long()
    tgt[tgt == tok.pad_id] = -100
    return preprocess(imgs), inp, mask, tgt


def exact_rate(model, tok, val, bs=100) -> float:
    model.eval()
    ok = 0
    for i in range(0, len(val), bs):
        chunk = val[i: i + bs]
        pv = preprocess(np.stack([im for _, im in chunk]))
        for (sc, _), ids in zip(chunk, greedy(model, pv)):
            ok += tok.decode(ids) == sc.caption()
    model.train()
    return ok / len(val)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=9000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--hidden", type=int, default=96)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--vision-layers", type=int, default=4)
    ap.add_argument("--text-layers", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--ckpt", default="/tmp/tiny-blip-ckpt.pt")
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--out", default="/tmp/tiny-blip-final.pt")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tok = caption_tokenizer()
    model = make_model(tok, args)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "embedding" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-8)
    rng = random.Random(TRAIN_SEED + args.seed)
    step, t_used, history = 0, 0.0, []
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    if args.resume and os.path.exists(args.ckpt):
        ck = torch.load(args.ckpt, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        step, t_used, history, started = ck["step"], ck["seconds"], ck["history"], ck["started"]
        print(f"resumed at step {step} ({t_used / 60:.1f} min)", flush=True)

    print(f"params {param_count(model)}  footprint {footprint_bytes(model)} B  vocab {len(tok)}  args {vars(args)}",
          flush=True)
    val = scene_set(VAL_SEED, 200)

    def lr_at(s):
        if s < args.warmup:
            return args.lr * (s + 1) / args.warmup
        p = (s - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))

    def save(path, final=False):
        v, t = model.configs()
        from dataclasses import asdict
        ck = {"model": model.state_dict(), "vision_config": asdict(v), "text_config": asdict(t), "step": step,
              "seconds": t_used, "history": history, "started": started, "args": vars(args),
              "seed": args.seed, "train_seed": TRAIN_SEED + args.seed}
        if not final:
            ck.update(opt=opt.state_dict(), rng=rng.getstate(), torch_rng=torch.get_rng_state())
        tmp = path + ".tmp"
        torch.save(ck, tmp)
        os.replace(tmp, path)

    model.train()
    t0 = time.time() - t_used
    last_ck = time.time()
    run_loss, run_n = 0.0, 0
    while step < args.steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        pv, inp, mask, tgt = batch(rng, tok, args.batch)
        logits = model(pv, inp, mask)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        run_loss += loss.item()
        run_n += 1
        t_used = time.time() - t0
        if step % 100 == 0:
            print(f"step {step:6d}  loss {run_loss / run_n:.4f}  lr {lr_at(step):.2e}  {t_used / 60:6.1f} min  "
                  f"{step / t_used:.2f} it/s", flush=True)
            run_loss, run_n = 0.0, 0
        if step % args.eval_every == 0 or step == args.steps:
            acc = exact_rate(model, tok, val)
            history.append({"step": step, "minutes": round(t_used / 60, 2), "loss": round(loss.item(), 4),
                            "val_exact": acc})
            print(f"EVAL step {step}  val exact {acc * 100:.1f}%  ({t_used / 60:.1f} min)", flush=True)
        if time.time() - last_ck > args.ckpt_minutes * 60:
            save(args.ckpt)
            last_ck = time.time()
    save(args.ckpt)
    save(args.out, final=True)
    print(f"done: {step} steps in {t_used / 60:.1f} min -> {args.out}", flush=True)


if __name__ == "__main__":
    main()
