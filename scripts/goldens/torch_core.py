#!/usr/bin/python3
"""Golden data for app/torch (the tensor half of Quantization Lab's numeric core).

Run with Debian's interpreter, which has PyTorch 1.13 installed (the pyenv `python3` has no torch):

    /usr/bin/python3 scripts/goldens/torch_core.py

Writes JSON files into app/torch/goldens/ (core_*.json). Everything is seeded, so re-running
reproduces the files byte for byte on the same torch build. Vitest reads them; CI never needs
Python.

Encoding: tensors and bit patterns are stored as base64 of their raw little-endian storage
bytes ("b64"), with dtype and shape next to them, so JS rebuilds the exact bits (float16 and
bfloat16 as uint16 words, int64 exactly). Each file stays well under 2 MB.
"""
import math
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_encode import DTYPES, OUT_DIR, b64_of, capture, dtype_name, encode_tensor, storage_b64, write  # noqa: E402


# ---------------------------------------------------------------- info + chapter
def info_goldens():
    iinfo = {}
    for name in ['uint8', 'int8', 'int16', 'int32', 'int64']:
        ii = torch.iinfo(DTYPES[name])
        iinfo[name] = {'repr': repr(ii), 'str': str(ii), 'bits': ii.bits, 'min': str(ii.min),
                       'max': str(ii.max), 'dtype': ii.dtype}
    finfo = {}
    for name in ['float16', 'bfloat16', 'float32', 'float64']:
        fi = torch.finfo(DTYPES[name])
        finfo[name] = {'repr': repr(fi), 'bits': fi.bits, 'min': fi.min, 'max': fi.max, 'eps': fi.eps,
                       'tiny': fi.tiny, 'smallest_normal': fi.smallest_normal,
                       'resolution': fi.resolution, 'dtype': fi.dtype}
    chapter = {'format_value': format(1 / 3, '.60f'), 'items': {}}
    for name in ['float64', 'float32', 'float16', 'bfloat16']:
        t = torch.tensor(1 / 3, dtype=DTYPES[name])
        chapter['items'][name] = {'formatted': format(t.item(), '.60f'), 'repr': repr(t),
                                  'fstring': f'{name} tensor: {format(t.item(), ".60f")}'}
    errors = {
        'iinfo_float32': capture(lambda: repr(torch.iinfo(torch.float32))),
        'finfo_int8': capture(lambda: repr(torch.finfo(torch.int8))),
        # repr(torch.iinfo(torch.qint8)) aborts the whole process in 1.13 (c10::Error in THPIInfo_str)
        'iinfo_qint8_bits': capture(lambda: torch.iinfo(torch.qint8).bits),
        'finfo_default': capture(lambda: repr(torch.finfo())),
    }
    dtype_str = {name: str(dt) for name, dt in {**DTYPES, 'qint8': torch.qint8, 'quint8': torch.quint8}.items()}
    sizes = {name: torch.tensor([], dtype=dt).element_size() for name, dt in DTYPES.items()}
    write('core_info.json', {'iinfo': iinfo, 'finfo': finfo, 'chapter': chapter, 'errors': errors,
                             'dtype_str': dtype_str, 'element_size': sizes})


# ---------------------------------------------------------------- repr
def repr_goldens():
    g = torch.Generator().manual_seed(1234)
    cases = []

    def add(name, t):
        cases.append({'name': name, **encode_tensor(t), 'repr': repr(t), 'str': str(t)})

    special = [0.0, -0.0, 1.0, float('nan'), float('inf'), -float('inf'), 2.5]
    for name in ['float16', 'bfloat16', 'float32', 'float64']:
        dt = DTYPES[name]
        for v in [3.0, 1 / 3, 256.0, -0.0, 0.0, float('nan'), float('inf'), -float('inf'), 1e-5, 1.5e10,
                  123456789.0, 65504.0, -2.0]:
            add(f'{name} scalar {v!r}', torch.tensor(v, dtype=dt))
        add(f'{name} rand5', torch.rand(5, generator=g).to(dt))
        add(f'{name} special', torch.tensor(special, dtype=dt))
        add(f'{name} ints', torch.tensor([1.0, 2.0, -3.0, 100.0], dtype=dt))
        add(f'{name} ints with nan', torch.tensor([1.0, float('nan'), -3.0, float('inf')], dtype=dt))
        add(f'{name} int sci', torch.tensor([1.0, 5000.0, 2.0], dtype=dt))
        add(f'{name} tiny', torch.tensor([1e-5, 0.5, 0.25], dtype=dt))
        add(f'{name} huge', torch.tensor([1e9, 0.5, 3.0], dtype=dt) if name != 'float16' else torch.tensor([6e4, 0.01, 3.0], dtype=dt))
        add(f'{name} 2d', (torch.randn(3, 4, generator=g) * 10).to(dt))
        add(f'{name} 3d', torch.randn(2, 3, 4, generator=g).to(dt))
        add(f'{name} wide', (torch.randn(30, generator=g) * 1000).to(dt))
        add(f'{name} long', torch.rand(2000, generator=g).to(dt))
        add(f'{name} long 2d', torch.randn(40, 50, generator=g).to(dt))
        add(f'{name} long 3d', torch.randn(12, 12, 12, generator=g).to(dt))
        add(f'{name} empty', torch.zeros(0, dtype=dt))
        add(f'{name} empty 2d', torch.zeros(2, 0, dtype=dt))
        add(f'{name} all zero', torch.zeros(4, dtype=dt))
        add(f'{name} neg zero', torch.tensor([-0.0, 0.5], dtype=dt))
        add(f'{name} column', torch.rand(4, 1, generator=g).to(dt))
        add(f'{name} subnormal', torch.tensor([1e-40 if name != 'float16' else 1e-7, 1.0], dtype=dt))
    for name in ['uint8', 'int8', 'int16', 'int32', 'int64']:
        dt = DTYPES[name]
        info = torch.iinfo(dt)
        add(f'{name} scalar', torch.tensor(7, dtype=dt))
        add(f'{name} extremes', torch.tensor([info.min, 0, info.max], dtype=dt))
        add(f'{name} 2d', torch.randint(info.min if name != 'int64' else -10**12, info.max if name != 'int64' else 10**12, (4, 6), generator=g, dtype=dt))
        add(f'{name} long', torch.randint(0, 100, (1500,), generator=g, dtype=dt))
        add(f'{name} wide', torch.randint(info.min if name != 'int64' else -10**15, info.max if name != 'int64' else 10**15, (40,), generator=g, dtype=dt))
        add(f'{name} empty', torch.zeros(0, dtype=dt))
        add(f'{name} 3d', torch.arange(24, dtype=dt).reshape(2, 3, 4))
    write('core_repr.json', {'cases': cases})


# ---------------------------------------------------------------- random
def random_goldens():
    rand, randn, sequences = [], [], []
    for seed in [0, 1, 42, 2024, 123456789, 2**32 + 5, 2**63 - 1]:
        for name in ['float32', 'float64', 'float16', 'bfloat16']:
            for size in [1, 5, 17, 100]:
                torch.manual_seed(seed)
                rand.append({'seed': str(seed), 'size': size, **encode_tensor(torch.rand(size, dtype=DTYPES[name]))})
        for name in ['float32', 'float64', 'float16', 'bfloat16']:
            sizes = [1, 2, 3, 5, 15, 16, 17, 20, 31, 32, 33, 100, 1000] if name in ('float32', 'float64') else [5, 16, 20]
            for size in sizes:
                torch.manual_seed(seed)
                randn.append({'seed': str(seed), 'size': size, **encode_tensor(torch.randn(size, dtype=DTYPES[name]))})
    # state carried between calls: cached normal sample, mixing rand and randn, 2-D shapes
    torch.manual_seed(7)
    steps = [torch.randn(3), torch.randn(3), torch.rand(2), torch.randn(1), torch.randn(2, 3),
             torch.randn(4, 5), torch.rand(2, 2, dtype=torch.float64), torch.randn(3, dtype=torch.float64)]
    sequences.append({'seed': '7', 'steps': [encode_tensor(t) for t in steps],
                      'calls': ['randn(3)', 'randn(3)', 'rand(2)', 'randn(1)', 'randn(2,3)', 'randn(4,5)',
                                'rand(2,2,f64)', 'randn(3,f64)']})
    torch.manual_seed(0)
    chapter = {'rand5_repr': repr(torch.rand(5))}
    torch.manual_seed(0)
    chapter['randn5_repr'] = repr(torch.randn(5))
    torch.manual_seed(0)
    chapter['randn20_repr'] = repr(torch.randn(20))
    write('core_random.json', {'rand': rand, 'randn': randn, 'sequences': sequences, 'chapter': chapter})


# ---------------------------------------------------------------- conversions
def conversion_inputs(count, seed):
    """Deterministic doubles: raw bit patterns, the 16-bit ranges, midpoints, edge cases."""
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 2**64, size=count // 4, dtype=np.uint64).view(np.float64)
    mant = rng.random(count // 4) + 1.0
    expo = rng.integers(-30, 20, size=count // 4)
    signs = rng.choice([-1.0, 1.0], size=count // 4)
    ranged = signs * np.ldexp(mant, expo)
    wide = signs[:count // 8] * np.ldexp(rng.random(count // 8) + 1.0, rng.integers(-140, 130, size=count // 8))
    # float16/bfloat16 midpoints nudged by tiny amounts: the double-rounding cases
    h = rng.integers(0, 0x7c00, size=count // 16, dtype=np.uint16).view(np.float16).astype(np.float64)
    h_ulp = np.spacing(h.astype(np.float16)).astype(np.float64)
    nudges = rng.choice([-1.0, 0.0, 1.0], size=h.size) * np.ldexp(1.0, rng.integers(-45, -25, size=h.size)) * np.maximum(h, 2**-14)
    mid16 = h + h_ulp / 2 + nudges
    b = rng.integers(0, 0x7f80, size=count // 16, dtype=np.uint32)
    bvals = (b << 16).view(np.float32).astype(np.float64)
    b_ulp = np.ldexp(1.0, np.floor(np.log2(np.maximum(np.abs(bvals), 2.0**-133))).astype(int) - 7)
    midb = bvals + b_ulp / 2 + rng.choice([-1.0, 0.0, 1.0], size=b.size) * b_ulp * 2.0**-30
    edges = [0.0, -0.0, math.inf, -math.inf, math.nan, -math.nan, 65504.0, 65519.99, 65520.0, 65536.0, 2**-24,
             2**-25, 2**-25 * (1 + 2**-40), 2**-25 * (1 - 2**-40), 2**-14, 2**-14 * (1 - 2**-12), 3.4028234663852886e38,
             3.4028235677973366e38, 3.3895313892515355e38, 3.3961775292304218e38, 1e-45, 1.401298464324817e-45,
             7e-46, 1.1754942106924411e-38, 5e-324, 1.7976931348623157e308, 1 / 3, 0.1, 1 + 2**-11 + 2**-40,
             1 + 2**-8 + 2**-40, 1 + 2**-11, 1 + 3 * 2**-11, 1 + 2**-24, 1 + 2**-24 + 2**-60]
    nan_payloads = np.array([0x7ff8000000000001, 0xfff4000000000000, 0x7ff0000000000001, 0x7ff80000deadbeef],
                            dtype=np.uint64).view(np.float64)
    values = np.concatenate([np.array(edges), nan_payloads, raw, ranged, wide, mid16, midb])
    return np.ascontiguousarray(values[:count] if values.size > count else values)


def conversion_goldens():
    for part, seed in [(1, 101), (2, 202)]:
        x = conversion_inputs(50_000, seed)
        t = torch.from_numpy(x.copy())
        payload = {'count': int(x.size), 'input_f64_b64': b64_of(x.astype('<f8')),
                   'float32_b64': storage_b64(t.to(torch.float32)),
                   'float16_b64': storage_b64(t.to(torch.float16)),
                   'bfloat16_b64': storage_b64(t.to(torch.bfloat16))}
        if part == 1:
            # the scalar path (torch.tensor(python_float, dtype=...)) on the first 3000 inputs
            sub = x[:3000].tolist()
            payload['scalar_count'] = len(sub)
            payload['scalar_float16_b64'] = b64_of(np.array([torch.tensor(v, dtype=torch.float16).view(torch.int16).item() for v in sub], dtype='<i2'))
            payload['scalar_bfloat16_b64'] = b64_of(np.array([torch.tensor(v, dtype=torch.bfloat16).view(torch.int16).item() for v in sub], dtype='<i2'))
            payload['list_float16_b64'] = storage_b64(torch.tensor(sub, dtype=torch.float16))
        write(f'core_convert_f64_part{part}.json', payload)
    # float32 sources (every float32 bit pattern class) -> 16-bit, and 16-bit -> float32
    rng = np.random.default_rng(303)
    f32 = np.concatenate([rng.integers(0, 2**32, size=40_000, dtype=np.uint32).view(np.float32),
                          conversion_inputs(20_000, 404).astype(np.float32)])
    t32 = torch.from_numpy(f32.copy())
    all16 = torch.arange(65536, dtype=torch.int32).to(torch.int16)
    write('core_convert_f32.json', {
        'count': int(f32.size), 'input_f32_b64': b64_of(f32.astype('<f4')),
        'float16_b64': storage_b64(t32.to(torch.float16)), 'bfloat16_b64': storage_b64(t32.to(torch.bfloat16)),
        'f16_to_f32_b64': storage_b64(all16.view(torch.float16).to(torch.float32)),
        'bf16_to_f32_b64': storage_b64(all16.view(torch.bfloat16).to(torch.float32)),
        'f16_to_bf16_b64': storage_b64(all16.view(torch.float16).to(torch.bfloat16)),
        'bf16_to_f16_b64': storage_b64(all16.view(torch.bfloat16).to(torch.float16)),
    })


def cast_goldens():
    rng = np.random.default_rng(505)
    in_range = np.concatenate([rng.uniform(-130, 130, 2000), rng.uniform(-1, 1, 500), np.arange(-10, 10.5, 0.5)])
    wide = np.concatenate([rng.uniform(-1e5, 1e5, 500), rng.uniform(-3e9, 3e9, 500), rng.uniform(-1e19, 1e19, 200)])
    special = np.array([math.nan, math.inf, -math.inf, 300.5, -129.7, 255.9, 256.0, -1.5, 65535.9, 65536.5, 32768.0,
                        -32769.0, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0, 3e9, -3e9, 1e10, 1e20,
                        9.223372036854775e18, 9.3e18, -9.3e18, 0.99, -0.99, -0.0])
    cases = []
    for src_name in ['float64', 'float32', 'float16', 'bfloat16']:
        for label, values in [('in_range', in_range), ('wide', wide), ('special', special)]:
            src = torch.from_numpy(values.copy()).to(DTYPES[src_name])
            for dst_name in ['uint8', 'int8', 'int16', 'int32', 'int64']:
                cases.append({'label': label, 'src': encode_tensor(src), 'dst': encode_tensor(src.to(DTYPES[dst_name]))})
    ints = torch.from_numpy(rng.integers(-2**40, 2**40, 500, dtype=np.int64))
    ints = torch.cat([ints, torch.tensor([0, 1, -1, 127, 128, 255, 256, -129, 32767, 32768, 65535, 2**31 - 1, 2**31,
                                          -2**31 - 1, 2**53 + 1, 2**62 + 2**40 + 1, -2**63, 2**63 - 1])])
    for dst_name in ['uint8', 'int8', 'int16', 'int32', 'float16', 'bfloat16', 'float32', 'float64']:
        cases.append({'label': 'from_int64', 'src': encode_tensor(ints), 'dst': encode_tensor(ints.to(DTYPES[dst_name]))})
    small = torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8)
    for dst_name in ['uint8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64']:
        cases.append({'label': 'from_int8', 'src': encode_tensor(small), 'dst': encode_tensor(small.to(DTYPES[dst_name]))})
    write('core_cast.json', {'cases': cases})


# ---------------------------------------------------------------- dot, ops, errors
def seq_sum_f32(a, b):
    acc = np.float32(0)
    for x, y in zip(a, b):
        acc = np.float32(acc + np.float32(x * y))
    return acc


def dot_goldens():
    torch.manual_seed(0)
    a = torch.rand(1000, dtype=torch.float32)
    b = a.to(dtype=torch.bfloat16)
    an = a.numpy()
    bf = b.to(torch.float32).numpy()
    torch_f32 = torch.dot(a, a)
    torch_bf16 = torch.dot(b, b)
    exact_bf = float(np.dot(bf.astype(np.float64), bf.astype(np.float64)))
    result = {
        'first_five_f32': str(a[:5]), 'first_five_bf16': str(b[:5]),
        'torch_float32': {'repr': repr(torch_f32), **encode_tensor(torch_f32),
                          'note': 'Debian torch 1.13 calls OpenBLAS sdot (SIMD, several accumulators)'},
        'float32_sequential': {'repr': repr(torch.tensor(float(seq_sum_f32(an, an)))),
                               'bits': int(np.float32(seq_sum_f32(an, an)).view(np.uint32))},
        'float64_exact': {'repr': repr(torch.tensor(float(np.dot(an.astype(np.float64), an.astype(np.float64))))),
                          'value': float(np.dot(an.astype(np.float64), an.astype(np.float64)))},
        'torch_bfloat16': {'repr': repr(torch_bf16), **encode_tensor(torch_bf16)},
        'bfloat16_float32_accumulate': {'repr': repr(torch.tensor(float(seq_sum_f32(bf, bf))).to(torch.bfloat16))},
        'bfloat16_exact_rounded_once': {'repr': repr(torch.tensor(exact_bf).to(torch.bfloat16))},
        'half_dot': capture(lambda: repr(torch.dot(a.half(), a.half()))),
        'blas': [line for line in torch.__config__.show().splitlines() if 'BLAS' in line],
    }
    # which mode does torch 1.13 use for bf16? sequential rounding in bf16 after every multiply/add
    acc = torch.tensor(0.0, dtype=torch.bfloat16)
    for x in b:
        acc = (acc + (x * x)).to(torch.bfloat16)
    result['bfloat16_sequential_emulated'] = repr(acc)
    result['bfloat16_mode'] = 'sequential-bfloat16' if torch.equal(acc, torch_bf16) else 'other'
    write('core_dot.json', result)


def outcome(fn):
    """{'out': tensor} or {'error': message}: which ops torch 1.13 refuses is part of the golden."""
    try:
        return {'out': encode_tensor(fn())}
    except RuntimeError as e:
        return {'error': str(e)}


def ops_goldens():
    g = torch.Generator().manual_seed(99)
    cases = []
    values = {
        'float32': torch.randn(6, generator=g), 'float64': torch.randn(6, generator=g, dtype=torch.float64),
        'float16': torch.randn(6, generator=g).half(), 'bfloat16': torch.randn(6, generator=g).bfloat16(),
        'int8': torch.randint(-128, 128, (6,), generator=g, dtype=torch.int8),
        'uint8': torch.randint(0, 256, (6,), generator=g, dtype=torch.uint8),
        'int16': torch.randint(-300, 300, (6,), generator=g, dtype=torch.int16),
        'int32': torch.randint(-2**31, 2**31 - 1, (6,), generator=g, dtype=torch.int32),
        'int64': torch.randint(-2**40, 2**40, (6,), generator=g, dtype=torch.int64),
    }
    binary = {'add': torch.add, 'sub': torch.sub, 'mul': torch.mul, 'div': torch.div,
              'maximum': torch.maximum, 'minimum': torch.minimum}
    for an, a in values.items():
        for bn, b in values.items():
            for op_name, op in binary.items():
                cases.append({'op': op_name, 'a': encode_tensor(a), 'b': encode_tensor(b),
                              **outcome(lambda: op(a, b))})
        for scalar in [3, -2, 0.1, 2.5]:
            for op_name in ['add', 'sub', 'mul', 'div']:
                cases.append({'op': op_name, 'a': encode_tensor(a), 'scalar': scalar,
                              **outcome(lambda: binary[op_name](a, scalar))})
        zero_dim = torch.tensor(1.5, dtype=torch.float64)
        cases.append({'op': 'mul', 'a': encode_tensor(a), 'b': encode_tensor(zero_dim), **outcome(lambda: a * zero_dim)})
        for op_name, fn in [('abs', torch.abs), ('neg', torch.neg), ('round', torch.round)]:
            cases.append({'op': op_name, 'a': encode_tensor(a), **outcome(lambda: fn(a))})
        if a.dtype.is_floating_point:
            cases.append({'op': 'mean', 'a': encode_tensor(a), **outcome(lambda: a.mean())})
        for op_name, fn in [('sum', torch.sum), ('max', torch.max), ('min', torch.min)]:
            cases.append({'op': op_name, 'a': encode_tensor(a), **outcome(lambda: fn(a))})
        cases.append({'op': 'clamp', 'a': encode_tensor(a), 'min': -1, 'max': 2,
                      **outcome(lambda: torch.clamp(a, -1, 2))})
        cases.append({'op': 'clamp', 'a': encode_tensor(a), 'min': -0.5, 'max': 0.75,
                      **outcome(lambda: torch.clamp(a, -0.5, 0.75))})
    halves = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 0.49999997, float('nan'), float('inf'), -0.0])
    cases.append({'op': 'round', 'a': encode_tensor(halves), **outcome(lambda: torch.round(halves))})
    cases.append({'op': 'clamp', 'a': encode_tensor(halves), 'min': 2, 'max': 1, **outcome(lambda: torch.clamp(halves, 2, 1))})
    grid = torch.randn(3, 4, generator=g)
    row = torch.randn(4, generator=g)
    col = torch.randn(3, 1, generator=g)
    for op_name, op in binary.items():
        cases.append({'op': op_name, 'a': encode_tensor(grid), 'b': encode_tensor(row), **outcome(lambda: op(grid, row))})
        cases.append({'op': op_name, 'a': encode_tensor(grid), 'b': encode_tensor(col), **outcome(lambda: op(grid, col))})
    # summation order: float32 sums of many sizes
    for size in [1, 7, 16, 100, 1000, 4096, 10_000, 100_000]:
        x = torch.rand(size, generator=g)
        cases.append({'op': 'sum', 'a': encode_tensor(x), **outcome(lambda: x.sum())})
        cases.append({'op': 'mean', 'a': encode_tensor(x), **outcome(lambda: x.mean())})
    m1 = torch.randn(3, 5, generator=g)
    m2 = torch.randn(5, 2, generator=g)
    v5 = torch.randn(5, generator=g)
    cases.append({'op': 'matmul', 'a': encode_tensor(m1), 'b': encode_tensor(m2), **outcome(lambda: m1 @ m2)})
    cases.append({'op': 'matmul', 'a': encode_tensor(m1), 'b': encode_tensor(v5), **outcome(lambda: m1 @ v5)})
    cases.append({'op': 'matmul', 'a': encode_tensor(v5), 'b': encode_tensor(m2), **outcome(lambda: v5 @ m2)})
    im = torch.randint(-5, 5, (3, 4), generator=g)
    im2 = torch.randint(-5, 5, (4, 2), generator=g)
    cases.append({'op': 'matmul', 'a': encode_tensor(im), 'b': encode_tensor(im2), **outcome(lambda: im @ im2)})
    promote = {f'{a}+{b}': dtype_name(torch.promote_types(DTYPES[a], DTYPES[b])) for a in DTYPES for b in DTYPES}
    errors = {
        'dot_size': capture(lambda: torch.dot(torch.rand(3), torch.rand(4))),
        'dot_2d': capture(lambda: torch.dot(torch.rand(2, 2), torch.rand(4))),
        'dot_dtype': capture(lambda: torch.dot(torch.rand(3), torch.rand(3, dtype=torch.float64))),
        'ragged': capture(lambda: torch.tensor([[1, 2, 3], [4, 5]])),
        'ragged_deep': capture(lambda: torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7]]])),
        'matmul': capture(lambda: torch.rand(2, 3) @ torch.rand(4, 5)),
        'broadcast': capture(lambda: torch.rand(3) + torch.rand(4)),
        'item': capture(lambda: torch.rand(2).item()),
        'mean_int': capture(lambda: torch.tensor([1, 2]).mean()),
        'dtype_string': capture(lambda: torch.zeros(2, dtype='float16')),
        'reshape': capture(lambda: torch.rand(6).reshape(4, 2)),
        'index': capture(lambda: torch.rand(3)[5]),
    }
    write('core_ops.json', {'cases': cases, 'promote_types': promote, 'errors': errors})


def format_goldens():
    floats = [1 / 3, 0.1, 2.5, 0.5, 1.5, -0.0, 0.0, 1e-5, 1e16, 1e15, 123456.789, 1e-320, 5e-324,
              1.7976931348623157e308, math.pi, -math.e, 1e22, 0.000123, 65504.0, 9.995, 0.125, 1e100,
              float('nan'), float('inf'), -float('inf'), 100.0, 12345678901234567890.0, 2**-1074 * 3]
    specs = ['', '.60f', '.0f', '.1f', '.2f', '.4f', 'f', '.3e', 'e', '.0e', 'E', '.4g', 'g', '.10g', 'G', '%', '.1%',
             '10.3f', '<10.2f', '^12.3e', '=+10.2f', '+.2f', ' .2f', '010.3f', ',.2f', '_.3f', ',', '#.0f', '#g',
             'z.2f', '.17g', '.3', '15', '*>15.4f', '.100f']
    float_cases = [{'value_bits': struct.unpack('<Q', struct.pack('<d', v))[0].__str__(), 'spec': s, 'out': format(v, s)}
                   for v in floats for s in specs]
    ints = [0, 5, -5, 255, -50, 1500, 2**40 + 3, -2**63, 2**64 - 1, 1234567, 30, -1000]
    int_specs = ['', 'b', '08b', '#b', '#010b', 'x', '#x', 'X', '#06X', 'o', '#o', 'd', ',', '_', '_b', '_x', '+d',
                 ' d', '10', '<10', '^10', '*^11', '=+8', '010,', 'e', '.2f', '%', 'c']
    int_cases = []
    for v in ints:
        for s in int_specs:
            out = capture(lambda v=v, s=s: format(v, s))
            int_cases.append({'value': str(v), 'spec': s, **out})
    reprs = [{'value_bits': str(struct.unpack('<Q', struct.pack('<d', v))[0]), 'repr': repr(v), 'str': str(v)}
             for v in floats + [1e-4, 1e-5, 0.0001234, 1e16 - 2, 1.5e16, 3.0, 256.0, 1e21, 1.0000000000000002]]
    strings = [{'value': 'abc', 'spec': s, 'out': format('abc', s)} for s in ['', '>6', '<6', '^7', '*^7', '.2']]
    write('core_format.json', {'floats': float_cases, 'ints': int_cases, 'reprs': reprs, 'strings': strings})


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.set_num_threads(1)  # keep reductions' order independent of the machine's core count
    info_goldens()
    repr_goldens()
    random_goldens()
    conversion_goldens()
    cast_goldens()
    dot_goldens()
    ops_goldens()
    format_goldens()
    print('done', file=sys.stderr)


if __name__ == '__main__':
    main()
