"""Goldens for app/torch/quant: observer qparams, quantize/dequantize, QTensor reprs.

Run with Debian's PyTorch (1.13):  /usr/bin/python3 scripts/goldens/torch_quant.py
Seeded and deterministic; writes app/torch/goldens/quant-{observer,quantize,repr,bits,nbit}.json.
Takes a few seconds; every tensor is small.

Non-finite floats are written as the strings "nan", "inf", "-inf" (JSON has no NaN).
"""
import json
import math
import os

import numpy as np
import torch

SEED = 20240514
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "app", "torch", "goldens")
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def enc(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def floats(t):
    return [enc(float(v)) for v in t.reshape(-1).tolist()]


def f32(a):
    return np.asarray(a, dtype=np.float32)


def observer_inputs():
    """(name, float32 array) pairs covering the edge cases the lesson talks about."""
    cases = [
        ("normal", f32(rng.standard_normal(64))),
        ("normal-wide", f32(rng.standard_normal(200) * 37.5)),
        ("uniform-positive", f32(rng.uniform(0.5, 3.0, 50))),
        ("all-negative", f32(-rng.uniform(0.1, 8.0, 50))),
        ("min-eq-max-positive", f32(np.full(10, 2.75))),
        ("min-eq-max-negative", f32(np.full(7, -0.3))),
        ("all-zero", f32(np.zeros(5))),
        ("tiny-range", f32(rng.uniform(-1e-6, 1e-6, 40))),
        ("sub-eps-range", f32(rng.uniform(0, 1e-7, 20))),
        ("huge", f32(rng.standard_normal(30) * 1e30)),
        ("single", f32([0.123456])),
        ("asymmetric-skew", f32(np.concatenate([rng.uniform(-0.2, 0, 20), rng.uniform(0, 9.0, 20)]))),
        ("ties-zero-point", f32([-1.0, 254.0 / 255.0 * 3.0])),
    ]
    for i in range(12):
        lo, hi = sorted(rng.uniform(-10, 10, 2))
        cases.append((f"random-{i}", f32(rng.uniform(lo, hi, 33))))
    return cases


def observer_goldens():
    out = []
    for name, x in observer_inputs():
        t = torch.from_numpy(x)
        for dtype in (torch.qint8, torch.quint8):
            for qscheme in (torch.per_tensor_affine, torch.per_tensor_symmetric):
                obs = torch.ao.quantization.MinMaxObserver(dtype=dtype, qscheme=qscheme)
                obs(t)
                s, z = obs.calculate_qparams()
                out.append({"kind": "per_tensor", "name": name, "data": floats(t), "shape": list(t.shape),
                            "dtype": str(dtype)[6:], "qscheme": str(qscheme)[6:],
                            "scale": float(s), "zero_point": int(z)})
    shapes = [((4, 6), 0), ((4, 6), 1), ((3, 2, 5), 1), ((3, 2, 5), 2), ((2, 3, 4), -1)]
    for i, (shape, axis) in enumerate(shapes):
        x = f32(rng.standard_normal(shape) * rng.uniform(0.01, 5, shape[axis]).reshape(
            [shape[axis] if d == (axis % len(shape)) else 1 for d in range(len(shape))]))
        if i == 0:
            x[1] = 0.0  # an all-zero channel
            x[2] = np.abs(x[2])  # an all-positive channel
            x[3] = -np.abs(x[3])  # an all-negative channel
        t = torch.from_numpy(x)
        for dtype in (torch.qint8, torch.quint8):
            for qscheme in (torch.per_channel_affine, torch.per_channel_symmetric):
                obs = torch.ao.quantization.PerChannelMinMaxObserver(ch_axis=axis, dtype=dtype, qscheme=qscheme)
                obs(t)
                s, z = obs.calculate_qparams()
                out.append({"kind": "per_channel", "name": f"channel-{i}", "data": floats(t), "shape": list(shape),
                            "axis": axis, "dtype": str(dtype)[6:], "qscheme": str(qscheme)[6:],
                            "scale": floats(s), "zero_point": [int(v) for v in z]})
    return out


def with_ties(scale, n, lo=-140, hi=140):
    """k + 0.5 multiples of the scale (exact ties when the scale is a power of two) plus noise."""
    k = rng.integers(lo, hi, n)
    ties = f32((k + 0.5) * scale)
    noise = f32(rng.standard_normal(n) * scale * 50)
    return np.concatenate([ties, noise])


def per_tensor_case(name, x, scale, zp, dtype):
    t = torch.from_numpy(f32(x))
    q = torch.quantize_per_tensor(t, scale, zp, dtype)
    return {"kind": "per_tensor", "name": name, "data": floats(t), "shape": list(t.shape), "scale": scale,
            "zero_point": zp, "dtype": str(dtype)[6:], "int_repr": q.int_repr().reshape(-1).tolist(),
            "dequantize": floats(q.dequantize())}


def quantize_goldens():
    out = []
    scales = [0.125, 1 / 64, 0.1, 0.3, 0.00214854861, 1 / 3, 0.0078125, 2.5, 1e-3, 0.05]
    for s in scales:
        for dtype, zps in ((torch.qint8, (0, -3, 17)), (torch.quint8, (0, 128, 77))):
            for zp in zps:
                out.append(per_tensor_case(f"s={s} zp={zp}", with_ties(s, 40), s, zp, dtype))
    # 0.273939937 * float32(1 / 0.00214854861) is exactly 127.5 in float32 -> 128, while
    # the division gives 127.49999 -> 127.
    out.append(per_tensor_case("reciprocal-tie", [0.273939937], 0.00214854861, 0, torch.quint8))
    specials = [float("nan"), float("inf"), float("-inf"), 1e30, -1e30, 3e9, -3e9, 0.0, -0.0]
    out.append(per_tensor_case("specials-qint8", specials, 0.1, 1, torch.qint8))
    out.append(per_tensor_case("specials-quint8", specials, 0.1, 128, torch.quint8))
    out.append(per_tensor_case("tiny-scale", [1.0, 0.0, -1.0], 1e-40, 0, torch.qint8))
    out.append(per_tensor_case("matrix", rng.standard_normal((3, 4)), 0.02, 5, torch.qint8))
    channel_shapes = [((4, 5), 0), ((4, 5), 1), ((2, 3, 4), 1), ((2, 3, 4), 2), ((3, 2, 2), 0)]
    for shape, axis in channel_shapes:
        c = shape[axis]
        for dtype in (torch.qint8, torch.quint8):
            for scale_dtype in (torch.float64, torch.float32):
                scales = torch.tensor(rng.uniform(0.005, 0.5, c), dtype=scale_dtype)
                scales[0] = 0.125  # a power of two: exact ties below
                base = 0 if dtype == torch.qint8 else 128
                zps = torch.tensor(rng.integers(-20, 20, c) + base)
                bshape = [c if d == axis else 1 for d in range(len(shape))]
                s_b = scales.double().numpy().reshape(bshape)
                k = rng.integers(-140, 140, shape)
                x = f32(np.where(rng.uniform(size=shape) < 0.5, (k + 0.5) * s_b, rng.standard_normal(shape) * 40 * s_b))
                q = torch.quantize_per_channel(torch.from_numpy(x), scales, zps, axis, dtype)
                out.append({"kind": "per_channel", "name": f"{shape} axis={axis} {scale_dtype}",
                            "data": floats(torch.from_numpy(x)), "shape": list(shape), "axis": axis,
                            "scales": floats(scales.double()), "zero_points": zps.tolist(), "dtype": str(dtype)[6:],
                            "int_repr": q.int_repr().reshape(-1).tolist(), "dequantize": floats(q.dequantize())})
    return out


def repr_goldens():
    out = []

    def pt(name, x, scale, zp, dtype):
        t = torch.tensor(x, dtype=torch.float32) if not isinstance(x, torch.Tensor) else x
        q = torch.quantize_per_tensor(t, scale, zp, dtype)
        out.append({"kind": "per_tensor", "name": name, "data": floats(t), "shape": list(t.shape), "scale": scale,
                    "zero_point": zp, "dtype": str(dtype)[6:], "repr": repr(q)})

    def pc(name, x, scales, zps, axis, dtype):
        t = torch.tensor(x, dtype=torch.float32) if not isinstance(x, torch.Tensor) else x
        q = torch.quantize_per_channel(t, torch.tensor(scales, dtype=torch.float64), torch.tensor(zps), axis, dtype)
        out.append({"kind": "per_channel", "name": name, "data": floats(t), "shape": list(t.shape), "axis": axis,
                    "scales": scales, "zero_points": zps, "dtype": str(dtype)[6:], "repr": repr(q)})

    pt("chapter", [-1.0, 0.0, 1.0], 0.1, 0, torch.qint8)
    pt("nine", [-1.0, 0.0, 1.0, 0.05, 0.15, 0.25, -0.05, 12.7, -12.85], 0.1, 0, torch.qint8)
    pt("quint8", [-1.0, 0.0, 1.0, 0.05, 0.15, 0.25, -0.05, 12.7, -12.85], 0.1, 3, torch.quint8)
    pt("scalar", 0.5, 0.1, 0, torch.qint8)
    pt("empty", [], 0.1, 0, torch.qint8)
    pt("integers", [1.0, 2.0, 3.0], 1.0, 0, torch.qint8)
    pt("matrix", torch.rand(3, 4) * 5, 0.03, 2, torch.quint8)
    pt("third", torch.rand(6), 1 / 3, 2, torch.quint8)
    pt("long", torch.rand(2000), 1 / 3, 2, torch.quint8)
    pt("big-values", [100.0, -100.0, 3.0], 1.0, 0, torch.qint8)
    pt("sci", [1e-4, 2e-4, 0.0], 1e-5, 0, torch.qint8)
    pt("3d", torch.randn(2, 3, 4), 0.05, 0, torch.qint8)
    pc("chapter-2x3", [[0.1, 0.2, 0.3], [1.0, 2.0, 3.0]], [0.1, 0.2], [0, 1], 0, torch.qint8)
    pc("axis1", torch.randn(3, 4), [0.01, 0.02, 0.03, 0.04], [0, 0, 1, -1], 1, torch.qint8)
    pc("quint8", torch.randn(2, 5), [0.05, 0.1], [128, 120], 0, torch.quint8)
    pc("many-channels", torch.randn(12, 3), [0.01 * (i + 1) for i in range(12)], [0] * 12, 0, torch.qint8)
    pc("3d", torch.randn(2, 3, 2), [0.02, 0.04, 0.5], [0, 3, -2], 1, torch.qint8)
    return out


def bits_goldens():
    """Stored bits/values of doubles in each float dtype (torch.tensor(v, dtype=...)), spacing, finfo."""
    values = [1 / 3, 0.1, -2.5, 65504.0, 65519.99, 65520.0, 1e-8, 6e-8, 2.0 ** -24, 2.0 ** -25, 2.0 ** -25 * 1.0000001,
              -0.0, 0.0, float("inf"), float("-inf"), float("nan"), 1e40, 3.4e38, 3.5e38, 1e-40, 1e-46, 5e-324,
              1 + 2.0 ** -11 + 2.0 ** -40, 1 + 2.0 ** -8 + 2.0 ** -40, 1.7976931348623157e308, 123456.789, -7e-5]
    values += [float(v) for v in rng.standard_normal(20) * 10.0 ** rng.integers(-8, 8, 20)]
    views = {torch.float64: torch.int64, torch.float32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16}
    out = []
    for dtype, view in views.items():
        width = torch.finfo(dtype).bits
        for v in values:
            t = torch.tensor(v, dtype=dtype)
            raw = int(t.view(view).item()) & ((1 << width) - 1)
            stored = float(t.item())
            spacing = None
            if dtype != torch.bfloat16 and math.isfinite(stored):  # numpy has no bfloat16
                with np.errstate(over="ignore"):  # spacing of the largest finite value is inf
                    spacing = float(np.spacing(np.abs(np.array(stored, dtype=str(dtype)[6:]))))
            out.append({"kind": "float", "dtype": str(dtype)[6:], "input": enc(v), "bits": format(raw, f"0{width}b"),
                        "value": enc(stored), "spacing": None if spacing is None else enc(spacing)})
        fi = torch.finfo(dtype)
        out.append({"kind": "finfo", "dtype": str(dtype)[6:], "max": fi.max, "tiny": fi.tiny, "eps": fi.eps,
                    "bits": fi.bits})
    for dtype, width in ((torch.int8, 8), (torch.int16, 16), (torch.int32, 32), (torch.int64, 64), (torch.uint8, 8)):
        info = torch.iinfo(dtype)
        for v in (info.min, info.max, 0, -1 if info.min < 0 else 1, 100, -50 if info.min < 0 else 200):
            t = torch.tensor(v, dtype=dtype)
            out.append({"kind": "int", "dtype": str(dtype)[6:], "value": str(v),
                        "bits": format(int(t.item()) & ((1 << width) - 1), f"0{width}b")})
    return out


def nbit_goldens():
    """2..8-bit targets (course targets; torch has only 8-bit dtypes): the mapping through
    torch.fake_quantize_per_tensor_affine, which takes any quant_min/quant_max, and the int
    values through quantize_per_tensor clamped to the narrower range (nested clamps compose)."""
    out = []
    for bits in range(2, 9):
        for signed in (True, False):
            qmin, qmax = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)
            dtype = torch.qint8 if signed else torch.quint8
            for scale in (0.125, 0.1, 1 / 3, 0.0078125):
                for zp in sorted({qmin, (qmin + qmax + 1) // 2, qmax}):
                    x = torch.from_numpy(with_ties(scale, 24, lo=qmin - zp - 3, hi=qmax - zp + 3))
                    fake = torch.fake_quantize_per_tensor_affine(x, scale, zp, qmin, qmax)
                    q = torch.quantize_per_tensor(x, scale, zp, dtype).int_repr().clamp(qmin, qmax)
                    out.append({"kind": "per_tensor", "name": f"{'int' if signed else 'uint'}{bits} s={scale} zp={zp}",
                                "target": f"{'int' if signed else 'uint'}{bits}", "data": floats(x),
                                "shape": list(x.shape), "scale": scale, "zero_point": zp,
                                "int_repr": q.reshape(-1).tolist(), "dequantize": floats(fake)})
    return out


def write(name, payload):
    path = os.path.join(OUT, f"quant-{name}.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "seed": SEED, "cases": payload}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path)} ({len(payload)} cases)")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("observer", observer_goldens())
    write("quantize", quantize_goldens())
    write("repr", repr_goldens())
    write("bits", bits_goldens())
    write("nbit", nbit_goldens())
