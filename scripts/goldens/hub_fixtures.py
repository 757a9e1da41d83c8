"""Tiny torch.save files for the checkpoint readers' tests (app/models/hub/fixtures/).

Written by PyTorch itself (Debian's 1.13), so the tests see what torch really
writes for the cases the shared BLIP checkpoint does not have: an nn.Parameter
(_rebuild_parameter), a non-contiguous view, a view at a storage offset, two
names on one storage, float16/bfloat16/int64 storages, and hostile pickles
that name os.system or builtins.eval (the reader must refuse them, never run them).

Run: flock /tmp/torch.lock /usr/bin/python3 scripts/goldens/hub_fixtures.py
"""
import json
import os
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "app" / "models" / "hub" / "fixtures"
OUT.mkdir(parents=True, exist_ok=True)


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def values(t):
    return t.contiguous().reshape(-1).float().tolist() if t.is_floating_point() else t.contiguous().reshape(-1).tolist()


def main():
    torch.manual_seed(0)
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8
    shared = torch.arange(10, dtype=torch.float32)
    state = {
        "param": torch.nn.Parameter(torch.tensor([[1.5, -2.0], [0.25, 3.0]])),
        "transposed": base.t(),  # stride (1, 6): not contiguous
        "offset_view": shared[3:7],  # storage offset 3
        "whole": shared,  # same storage as offset_view
        "tied_a": base,
        "half": torch.tensor([1.0, -0.5, 65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.0, 3.140625, -2.0], dtype=torch.bfloat16),
        "ids": torch.arange(5, dtype=torch.int64).reshape(1, 5),
        "scalar": torch.tensor(7.0),
    }
    state["tied_b"] = state["tied_a"]
    torch.save(state, OUT / "views.bin")
    expected = {
        name: {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": values(t.detach())}
        for name, t in state.items()
    }
    (OUT / "views.json").write_text(json.dumps({"tensors": expected, "aliases": {"tied_b": "tied_a"}}, indent=1) + "\n")
    # Hostile: torch.save pickles whatever __reduce__ says; a reader must refuse these globals.
    torch.save({"x": Evil(os.system, "echo pwned")}, OUT / "evil-os-system.bin")
    torch.save({"x": Evil(eval, "1+1")}, OUT / "evil-eval.bin")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
