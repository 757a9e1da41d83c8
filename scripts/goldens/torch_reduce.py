#!/usr/bin/python3
"""Golden data for app/torch's reductions (sum, mean, prod, amax/amin, max/min with a dim,
argmax/argmin, std/var, norm, cumsum, quantile, topk, sort, histc, unique).

Run with Debian's PyTorch 1.13, one torch job at a time on the shared machine:

    flock /tmp/torch.lock /usr/bin/python3 scripts/goldens/torch_reduce.py

Writes app/torch/goldens/reduce_*.json. Seeded: re-running reproduces the files byte for byte.
Single-threaded (torch.set_num_threads(1)): a reduction over more than 32768 elements would
otherwise be split across threads, which changes the summation order with the core count.

Each case: {fn, input (encoded tensor), kwargs (what JS passes as the options object), then
result | values+indices | error, and repr = str(result)}. Tensors are base64 of their raw
little-endian storage (torch_core.py's encoding).
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_encode import DTYPES, encode_tensor, write as core_write  # noqa: E402

GENERATOR = 'scripts/goldens/torch_reduce.py'
FLOATS = ['float32', 'float64', 'float16', 'bfloat16']
INTS = ['int32', 'int64', 'uint8']


def write(name, payload):
    core_write(name, {**payload, 'generator': GENERATOR})


def make_input(g, shape, dtype_name, kind='normal'):
    dt = DTYPES[dtype_name]
    if dtype_name in FLOATS:
        if kind == 'near_one':
            base = 1 + 0.05 * torch.randn(shape, generator=g, dtype=torch.float64)
        elif kind == 'ties':
            base = torch.randint(-3, 4, shape, generator=g).to(torch.float64)
        else:
            base = torch.randn(shape, generator=g, dtype=torch.float64) * 3
        return base.to(dt)
    if dtype_name == 'uint8':
        hi = 4 if kind in ('ties', 'near_one') else 256
        return torch.randint(0, hi, shape, generator=g, dtype=dt)
    if kind == 'ties':
        return torch.randint(-3, 4, shape, generator=g, dtype=dt)
    if kind == 'near_one':
        return torch.randint(-2, 3, shape, generator=g, dtype=dt)
    if dtype_name == 'int64':
        return torch.randint(-10**15, 10**15, shape, generator=g, dtype=dt)
    return torch.randint(-100000, 100000, shape, generator=g, dtype=dt)


def encode_result(result):
    if isinstance(result, torch.Tensor):
        return {'result': encode_tensor(result)}
    if isinstance(result, tuple) and hasattr(result, 'values'):
        return {'values': encode_tensor(result.values), 'indices': encode_tensor(result.indices),
                'type': type(result).__name__}
    if isinstance(result, tuple):
        return {'tuple': [encode_tensor(t) for t in result]}
    raise TypeError(type(result))


class Cases:
    """Inputs are stored once (`inputs`) and cases refer to them by index."""

    def __init__(self):
        self.cases = []
        self.inputs = []
        self._index = {}

    def input_index(self, t):
        key = id(t)
        if key not in self._index:
            self._index[key] = (len(self.inputs), t)  # keep t alive so its id stays unique
            self.inputs.append(encode_tensor(t))
        return self._index[key][0]

    def payload(self, fns):
        """The cases of the functions `fns`, with only the inputs they use (files stay < 2 MB)."""
        cases = [dict(c) for c in self.cases if c['fn'] in fns]
        used = sorted({c['input'] for c in cases})
        renumber = {old: new for new, old in enumerate(used)}
        for case in cases:
            case['input'] = renumber[case['input']]
        return {'inputs': [self.inputs[i] for i in used], 'cases': cases}

    def add(self, fn, t, call, kwargs, tag=''):
        """call(t) runs torch; kwargs is the JS options object that means the same call."""
        case = {'fn': fn, 'input': self.input_index(t), 'kwargs': kwargs}
        if tag:
            case['tag'] = tag
        try:
            result = call(t)
            case.update(encode_result(result))
            case['repr'] = str(result)
        except Exception as e:  # noqa: BLE001 - torch's own refusals are goldens too
            case['error'] = type(e).__name__
            case['message'] = str(e).split('\n')[0]
        self.cases.append(case)


SHAPES = [[], [7], [5, 3], [3, 40], [40, 3], [6, 33], [33, 6], [2, 3, 20], [4, 17, 9], [2, 3, 4, 5], [64, 48], [1000], [3, 1, 5]]


def dim_options(shape):
    nd = len(shape)
    opts = [None]
    for d in range(nd):
        opts.append(d)
    if nd >= 1:
        opts.append(-1)
    if nd >= 2:
        opts.append([0, nd - 1])
        opts.append([-2, -1])
    if nd >= 3:
        opts.append([0, 2])
        opts.append(list(range(nd)))
    if nd >= 4:
        opts.append([0, 1, 3])
    return opts


def sum_goldens():
    g = torch.Generator().manual_seed(11)
    c = Cases()
    for dtype in FLOATS + INTS:
        for shape in SHAPES:
            t = make_input(g, shape, dtype)
            for dim in dim_options(shape):
                for keepdim in ([False, True] if dim is not None else [False]):
                    kw = {} if dim is None else {'dim': dim, 'keepdim': keepdim}
                    c.add('sum', t, lambda x, kw=kw: torch.sum(x, **kw), kw)
                    c.add('mean', t, lambda x, kw=kw: torch.mean(x, **kw), kw)
            tp = make_input(g, shape if math.prod(shape) <= 200 else [4, 5, 6], dtype, 'near_one')
            for dim in dim_options(list(tp.shape)):
                if isinstance(dim, list):
                    continue  # prod takes one dim
                for keepdim in ([False, True] if dim is not None else [False]):
                    kw = {} if dim is None else {'dim': dim, 'keepdim': keepdim}
                    c.add('prod', tp, lambda x, kw=kw: torch.prod(x, **kw), kw)
    # dtype= (input cast first, as make_reduction does)
    t = make_input(g, [6, 33], 'int32')
    c.add('sum', t, lambda x: torch.sum(x, dim=1, dtype=torch.float32), {'dim': 1, 'dtype': 'float32'})
    c.add('sum', t, lambda x: torch.sum(x, dtype=torch.int32), {'dtype': 'int32'})
    c.add('mean', t, lambda x: torch.mean(x, dim=0, dtype=torch.float64), {'dim': 0, 'dtype': 'float64'})
    c.add('prod', t[:, :3], lambda x: torch.prod(x, dim=1, dtype=torch.float64), {'dim': 1, 'dtype': 'float64'})
    tf = make_input(g, [6, 33], 'float16')
    c.add('sum', tf, lambda x: torch.sum(x, dim=1, dtype=torch.float32), {'dim': 1, 'dtype': 'float32'})
    c.add('mean', tf, lambda x: torch.mean(x, dtype=torch.float32), {'dtype': 'float32'})
    # special values and empty tensors
    for dtype in FLOATS:
        s = torch.tensor([[1.0, float('nan'), -0.0], [-0.0, -0.0, 2.0]], dtype=DTYPES[dtype])
        for dim in [None, 0, 1]:
            kw = {} if dim is None else {'dim': dim}
            for fn in ['sum', 'mean', 'prod']:
                c.add(fn, s, lambda x, fn=fn, kw=kw: getattr(torch, fn)(x, **kw), kw)
        e = torch.zeros(3, 0, dtype=DTYPES[dtype])
        for dim in [None, 0, 1]:
            kw = {} if dim is None else {'dim': dim}
            for fn in ['sum', 'mean', 'prod']:
                c.add(fn, e, lambda x, fn=fn, kw=kw: getattr(torch, fn)(x, **kw), kw)
    # a long row (cascade levels kick in) and a long column
    for dtype in FLOATS:
        t = make_input(g, [3, 1500], dtype)
        for dim in [0, 1]:
            c.add('sum', t, lambda x, d=dim: torch.sum(x, d), {'dim': dim})
        t = make_input(g, [1500, 3], dtype)
        for dim in [0, 1]:
            c.add('sum', t, lambda x, d=dim: torch.sum(x, d), {'dim': dim})
    write('reduce_sum.json', c.payload(['sum', 'mean']))
    write('reduce_prod.json', c.payload(['prod']))


def extreme_goldens():
    g = torch.Generator().manual_seed(12)
    c = Cases()
    for dtype in FLOATS + INTS:
        for shape in [[], [7], [5, 3], [3, 40], [33, 6], [2, 3, 20], [2, 3, 4, 5]]:
            for kind in ['normal', 'ties']:
                t = make_input(g, shape, dtype, kind)
                for dim in dim_options(shape):
                    for keepdim in ([False, True] if dim is not None else [False]):
                        kw = {} if dim is None else {'dim': dim, 'keepdim': keepdim}
                        c.add('amax', t, lambda x, kw=kw: torch.amax(x, **kw), kw)
                        c.add('amin', t, lambda x, kw=kw: torch.amin(x, **kw), kw)
                        if dim is None:
                            c.add('max', t, lambda x: torch.max(x), kw)
                            c.add('min', t, lambda x: torch.min(x), kw)
                            c.add('argmax', t, lambda x: torch.argmax(x), kw)
                            c.add('argmin', t, lambda x: torch.argmin(x), kw)
                        elif isinstance(dim, int):
                            c.add('max', t, lambda x, kw=kw: torch.max(x, **kw), kw)
                            c.add('min', t, lambda x, kw=kw: torch.min(x, **kw), kw)
                            c.add('argmax', t, lambda x, kw=kw: torch.argmax(x, **kw), kw)
                            c.add('argmin', t, lambda x, kw=kw: torch.argmin(x, **kw), kw)
    for dtype in FLOATS:
        s = torch.tensor([[1.0, float('nan'), 3.0, float('nan')], [-0.0, 0.0, -float('inf'), 2.0], [0.0, -0.0, 5.0, 5.0]],
                         dtype=DTYPES[dtype])
        for dim in [None, 0, 1]:
            kw = {} if dim is None else {'dim': dim}
            for fn in ['amax', 'amin', 'max', 'min', 'argmax', 'argmin']:
                c.add(fn, s, lambda x, fn=fn, kw=kw: getattr(torch, fn)(x, **kw), kw)
    t = torch.randn(3, 4, generator=g)
    c.add('argmax', t, lambda x: torch.argmax(x, keepdim=True), {'keepdim': True})
    e = torch.zeros(3, 0)
    for fn in ['amax', 'max', 'argmax']:
        c.add(fn, e, lambda x, fn=fn: getattr(torch, fn)(x), {})
        c.add(fn, e, lambda x, fn=fn: getattr(torch, fn)(x, dim=0), {'dim': 0})
        c.add(fn, e, lambda x, fn=fn: getattr(torch, fn)(x, dim=1), {'dim': 1})
    write('reduce_amax.json', c.payload(['amax', 'amin']))
    write('reduce_max.json', c.payload(['max', 'min']))
    write('reduce_argmax.json', c.payload(['argmax', 'argmin']))


def stats_goldens():
    g = torch.Generator().manual_seed(13)
    c = Cases()
    for dtype in FLOATS + ['int32']:
        for shape in [[], [1], [7], [5, 3], [3, 40], [33, 6], [2, 3, 20], [2, 3, 4, 5], [1000]]:
            t = make_input(g, shape, dtype)
            for dim in dim_options(shape):
                for keepdim in ([False, True] if dim is not None else [False]):
                    base = {} if dim is None else {'dim': dim, 'keepdim': keepdim}
                    for fn in ['std', 'var']:
                        c.add(fn, t, lambda x, fn=fn, kw=base: getattr(torch, fn)(x, **kw), base)
                    if dim is not None and keepdim is False:
                        for extra in [{'unbiased': False}, {'correction': 0}, {'correction': 2}]:
                            kw = {**base, **extra}
                            c.add('var', t, lambda x, kw=kw: torch.var(x, **kw), kw)
                            c.add('std', t, lambda x, kw=kw: torch.std(x, **kw), kw)
                    if dtype != 'int32':
                        for p in [2, 'fro', 1, float('inf'), -float('inf'), 3, 0]:
                            if p == 'fro' and isinstance(dim, list) and len(dim) > 2:
                                continue
                            kw = {**base, 'p': 'inf' if p == float('inf') else '-inf' if p == -float('inf') else p}
                            pp = p
                            c.add('norm', t, lambda x, pp=pp, base=base: torch.norm(x, p=pp, **base), kw)
    for dtype in FLOATS + INTS:
        for shape in [[], [7], [5, 3], [3, 40], [2, 3, 20], [1000]]:
            t = make_input(g, shape, dtype)
            for dim in range(-1, max(len(shape), 1)):
                c.add('cumsum', t, lambda x, d=dim: torch.cumsum(x, d), {'dim': dim})
    t = make_input(g, [4, 6], 'int32')
    c.add('cumsum', t, lambda x: torch.cumsum(x, 1, dtype=torch.float32), {'dim': 1, 'dtype': 'float32'})
    for dtype in ['float32', 'float64']:
        for shape in [[7], [5, 3], [3, 40], [2, 3, 20], [1000]]:
            t = make_input(g, shape, dtype)
            for q in [0.5, 0.25, 0.9, 0.0, 1.0, [0.1, 0.5, 0.75]]:
                for interp in ['linear', 'lower', 'higher', 'midpoint', 'nearest']:
                    for dim in [None] + list(range(-1, len(shape))):
                        kw = {'q': q, 'interpolation': interp}
                        if dim is not None:
                            kw['dim'] = dim
                        qq = torch.tensor(q, dtype=DTYPES[dtype]) if isinstance(q, list) else q
                        c.add('quantile', t,
                              lambda x, qq=qq, d=dim, i=interp: torch.quantile(x, qq, dim=d, interpolation=i), kw)
                        if dim is not None and interp == 'linear':
                            kw2 = {**kw, 'keepdim': True}
                            c.add('quantile', t, lambda x, qq=qq, d=dim: torch.quantile(x, qq, dim=d, keepdim=True), kw2)
    s = torch.tensor([1.0, float('nan'), 3.0])
    c.add('quantile', s, lambda x: torch.quantile(x, 0.5), {'q': 0.5})
    c.add('quantile', make_input(g, [5], 'float16'), lambda x: torch.quantile(x, 0.5), {'q': 0.5})
    write('reduce_var.json', c.payload(['std', 'var']))
    write('reduce_norm.json', c.payload(['norm']))
    write('reduce_cumsum.json', c.payload(['cumsum', 'quantile']))


def order_goldens():
    g = torch.Generator().manual_seed(14)
    c = Cases()
    for dtype in FLOATS + INTS:
        for shape in [[7], [5, 3], [3, 40], [2, 3, 20]]:
            t = make_input(g, shape, dtype)
            for dim in range(-1, len(shape)):
                for k in [1, 3]:
                    for largest in [True, False]:
                        kw = {'k': k, 'dim': dim, 'largest': largest}
                        c.add('topk', t, lambda x, kw=kw: torch.topk(x, **kw), kw)
                for descending in [False, True]:
                    kw = {'dim': dim, 'descending': descending, 'stable': True}
                    c.add('sort', t, lambda x, kw=kw: torch.sort(x, **kw), kw)
            t = make_input(g, shape, dtype, 'ties')
            for dim in range(-1, len(shape)):
                for descending in [False, True]:
                    kw = {'dim': dim, 'descending': descending, 'stable': True}
                    c.add('sort', t, lambda x, kw=kw: torch.sort(x, **kw), kw)
            for sorted_ in [True]:
                for inv in [False, True]:
                    for counts in [False, True]:
                        kw = {'sorted': sorted_, 'return_inverse': inv, 'return_counts': counts}
                        c.add('unique', t, lambda x, kw=kw: torch.unique(x, **kw), kw)
        if dtype in ('float32', 'float64'):
            for shape in [[7], [5, 3], [1000]]:
                t = make_input(g, shape, dtype)
                for kw in [{}, {'bins': 10}, {'bins': 5, 'min': -1, 'max': 1}, {'bins': 4, 'min': 0, 'max': 0}, {'bins': 7, 'min': 2, 'max': 3}]:
                    c.add('histc', t, lambda x, kw=kw: torch.histc(x, **kw), kw)
    s = torch.tensor([3.0, float('nan'), 1.0, float('nan'), -0.0, 0.0])
    c.add('sort', s, lambda x: torch.sort(x, stable=True), {'stable': True})
    c.add('sort', s, lambda x: torch.sort(x, descending=True, stable=True), {'descending': True, 'stable': True})
    c.add('topk', s, lambda x: torch.topk(x, 2), {'k': 2})
    c.add('topk', torch.randn(4, generator=g), lambda x: torch.topk(x, 5), {'k': 5})
    write('reduce_sort.json', c.payload(['sort']))
    write('reduce_topk.json', c.payload(['topk', 'unique', 'histc']))


def main():
    torch.set_num_threads(1)
    sum_goldens()
    extreme_goldens()
    stats_goldens()
    order_goldens()
    print('done', file=sys.stderr)


if __name__ == '__main__':
    main()
