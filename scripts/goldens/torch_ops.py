#!/usr/bin/python3
"""Golden data for the element-wise, shape, factory and matrix ops of app/torch (issue 11).

Run with Debian's PyTorch 1.13, one torch job at a time on a shared machine:

    flock /tmp/torch.lock /usr/bin/python3 scripts/goldens/torch_ops.py

Writes app/torch/goldens/ops_*.json. Seeded, so re-running reproduces the files byte for byte.
Each case is a call — `fn` (a torch function, or `Tensor.x` for a method or attribute), its
positional `args` and keyword `kwargs` — and what torch 1.13 returned (tensors as in
torch_core.py: dtype, shape and base64 of the raw little-endian storage, plus `str(result)`),
or the error it raised. Arguments are encoded so that JS reads them as the same Python values:
{"t": tensor}, {"int": n}, {"float": x} (always non-integral: JS cannot tell 3 from 3.0),
{"bool": b}, {"list": [...]}, {"dtype": name}, {"none": true}, {"str": s}.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_cases import ALL, case, case_on, enc, result, torch_names, write  # noqa: E402


# ---------------------------------------------------------------- operands
FLOAT_A = [-2.5, 0.0, 0.3, 1.75, 7.0, -1.2]
FLOAT_B = [1.5, -0.7, 2.0, -3.0, 0.25, 4.0]
INT_A = {'uint8': [250, 0, 5, 3, 1, 100]}
INT_B = {'uint8': [2, 3, 1, 4, 255, 7]}


def operand(name, which):
    dt = ALL[name]
    if name == 'bool':
        return torch.tensor([True, False, True, True, False, False] if which == 'a' else [True, True, False, True, False, True])
    if dt.is_floating_point:
        return torch.tensor(FLOAT_A if which == 'a' else FLOAT_B, dtype=dt)
    values = (INT_A if which == 'a' else INT_B).get(name, [-7, 0, 5, 3, -1, 100] if which == 'a' else [2, -3, 1, 4, -1, 7])
    return torch.tensor(values, dtype=dt)


ARITH = ['add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'pow', 'maximum', 'minimum']
COMPARE = ['gt', 'ge', 'lt', 'le', 'eq', 'ne', 'logical_and', 'logical_or', 'logical_xor']
BITWISE = ['bitwise_and', 'bitwise_or', 'bitwise_xor']
SCALARS = [3, -2, 2.5, -0.75, True]


def binary_goldens():
    cases = []
    for an in torch_names:
        for bn in torch_names:
            a, b = operand(an, 'a'), operand(bn, 'b')
            for op in ARITH + COMPARE + BITWISE:
                case(cases, op, a, b)
            case(cases, 'div', a, b, rounding_mode='trunc')
            case(cases, 'div', a, b, rounding_mode='floor')
            case(cases, 'add', a, b, alpha=2)
            case(cases, 'sub', a, b, alpha=-3)
            if not ALL[an].is_floating_point and not ALL[bn].is_floating_point:
                amounts = torch.tensor([0, 1, 2, 3, 5, 7]).to(ALL[bn]) if bn != 'bool' else b
                case(cases, 'bitwise_left_shift', a, amounts)
                case(cases, 'bitwise_right_shift', a, amounts)
        a = operand(an, 'a')
        for s in SCALARS:
            for op in ['add', 'sub', 'mul', 'div', 'remainder', 'pow', 'gt', 'eq', 'maximum', 'bitwise_and']:
                case(cases, op, a, s)
            case(cases, 'div', a, s, rounding_mode='floor')
        case(cases, 'pow', 2, a)
        case(cases, 'pow', 0.5, a)
        for e in [2, 3, -2, 0.5, -0.5, -1, 1.5]:
            case(cases, 'pow', a, e)
        if ALL[an].is_floating_point:
            case(cases, 'add', a, operand(an, 'b'), alpha=0.1)
        case(cases, 'mul', a, torch.tensor(2.5, dtype=torch.float64))
        case(cases, 'add', a, torch.tensor(3, dtype=torch.int8))
    # broadcasting shape pairs
    g = torch.Generator().manual_seed(11)
    pairs = [((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((5,), (1,)), ((2, 1, 3), (4, 1)), ((0, 3), (1, 3)),
             ((), (3,)), ((4, 1, 2), (3, 1)), ((1,), ()), ((2, 3), (3, 2))]
    for sa, sb in pairs:
        fa = torch.randn(sa, generator=g)
        fb = torch.randn(sb, generator=g)
        ia = torch.randint(-20, 20, sa, generator=g, dtype=torch.int32)
        ib = torch.randint(1, 9, sb, generator=g, dtype=torch.int64)
        for op in ['add', 'mul', 'div', 'remainder', 'gt', 'maximum']:
            case(cases, op, fa, fb)
            case(cases, op, ia, ib)
            case(cases, op, fa, ib)
        case(cases, 'bitwise_right_shift', ia, ib)
    write('ops_binary.json', cases)


def unary_goldens():
    cases = []
    specials = [0.5, 1.5, 2.5, -0.5, -2.5, -0.0, 0.0, float('nan'), float('inf'), -float('inf'), 1e-3, 123.456, -7.25,
                0.125, 1.005, 2.675, 1e6 + 0.5, 3.3333]
    g = torch.Generator().manual_seed(12)
    for name in torch_names:
        dt = ALL[name]
        if dt.is_floating_point:
            inputs = [torch.tensor(specials, dtype=dt), (torch.randn(40, generator=g) * 5).to(dt), torch.rand(3, 4, generator=g).to(dt)]
        elif name == 'bool':
            inputs = [torch.tensor([True, False, True])]
        else:
            info = torch.iinfo(dt)
            inputs = [torch.tensor([info.min, -3, 0, 1, 9, info.max] if info.min < 0 else [0, 1, 9, 128, 255, 7], dtype=dt)]
        for t in inputs:
            for op in ['abs', 'neg', 'sign', 'sqrt', 'exp', 'log', 'log2', 'log10', 'floor', 'ceil', 'trunc', 'frac',
                       'round', 'logical_not', 'bitwise_not']:
                case(cases, op, t)
            for d in [1, 2, 3, -1, -2]:
                case(cases, 'round', t, decimals=d)
            case(cases, 'clamp', t, -1, 2)
            case(cases, 'clamp', t, -0.5, 0.75)
            case(cases, 'clamp', t, min=0)
            case(cases, 'clamp', t, max=1.5)
            case(cases, 'clip', t, 2, 1)
            case(cases, 'clamp', t, torch.zeros(t.shape[-1:], dtype=torch.int32), torch.full(t.shape[-1:], 3.5))
    # where and isclose
    cond = torch.tensor([True, False, True, False, False, True])
    for an in torch_names:
        for bn in ['float32', 'int64', 'bool', 'float16', 'uint8']:
            case(cases, 'where', cond, operand(an, 'a'), operand(bn, 'b'))
        case(cases, 'where', cond, operand(an, 'a'), 0.5)
        case(cases, 'where', cond, operand(an, 'a'), 2)
    case(cases, 'where', cond, 1, 0.5)
    case(cases, 'where', cond, 1, 0)
    case(cases, 'where', torch.tensor([[True], [False]]), torch.arange(3.5), torch.zeros(2, 1, dtype=torch.int32))
    case(cases, 'where', torch.tensor([[True, False], [False, True]]))
    case(cases, 'where', torch.tensor([1.0, 0.0]), 1, 0)
    x = torch.tensor([1.0, 1.0001, float('nan'), float('inf'), 1e-9, 100.0, -0.0, 5.0])
    y = torch.tensor([1.0, 1.0, float('nan'), float('inf'), 0.0, 100.001, 0.0, float('inf')])
    for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16]:
        for kw in [{}, {'equal_nan': True}, {'rtol': 1e-3}, {'atol': 0.01, 'rtol': 0.0}, {'rtol': 0.0, 'atol': 0.0}]:
            case(cases, 'isclose', x.to(dt), y.to(dt), **kw)
            case(cases, 'allclose', x.to(dt), y.to(dt), **kw)
    for dt in [torch.int32, torch.int64, torch.uint8, torch.bool]:
        a = torch.tensor([1, 2, 3, 100, 0]).to(dt)
        b = torch.tensor([1, 3, 3, 101, 1]).to(dt)
        for kw in [{}, {'atol': 1.5}, {'rtol': 0.015}]:
            case(cases, 'isclose', a, b, **kw)
    case(cases, 'isclose', torch.ones(2), torch.ones(2, dtype=torch.float64))
    write('ops_unary.json', cases)


def shape_goldens():
    cases = []
    g = torch.Generator().manual_seed(13)
    x = torch.randn(2, 3, 4, generator=g)
    m = torch.arange(12).reshape(3, 4)
    v = torch.arange(5.5)
    for t in [x, m, v, torch.tensor(3.5)]:
        case(cases, 'Tensor.T', t)
        case(cases, 'Tensor.t', t)
        case(cases, 'Tensor.mT', t)
        case(cases, 'Tensor.flatten', t)
        case(cases, 'Tensor.squeeze', t)
        case(cases, 'Tensor.unsqueeze', t, 0)
        case(cases, 'Tensor.unsqueeze', t, -1)
        case(cases, 'Tensor.contiguous', t)
        case(cases, 'Tensor.reshape', t, -1)
        case_on(cases, [('t',)] if t.dim() == 2 else [], 'Tensor.stride', t)
    case(cases, 'Tensor.transpose', x, 0, 2)
    case(cases, 'Tensor.transpose', x, -1, 1)
    case(cases, 'Tensor.permute', x, 2, 0, 1)
    case(cases, 'Tensor.permute', x, (1, 2, 0))
    case(cases, 'permute', x, (2, 1, 0))
    case(cases, 'Tensor.permute', x, 0, 0, 1)
    case(cases, 'Tensor.reshape', x, 4, -1)
    case(cases, 'Tensor.reshape', x, (-1, 2, 2))
    case(cases, 'Tensor.reshape', x, 5, -1)
    case(cases, 'Tensor.reshape', x, -1, -1)
    case(cases, 'Tensor.view', x, 6, 4)
    case(cases, 'Tensor.view', x, -1)
    case_on(cases, [('transpose', 0, 2)], 'Tensor.view', x, -1)
    case_on(cases, [('transpose', 1, 2)], 'Tensor.view', x, 2, 12)
    case_on(cases, [('transpose', 0, 1)], 'Tensor.view', x, 3, 2, 2, 2)
    case_on(cases, [('permute', 1, 0, 2)], 'Tensor.view', x, 3, 8)
    case_on(cases, [('permute', 1, 0, 2)], 'Tensor.view', x, 3, 2, 4)
    case_on(cases, [('transpose', 0, 2), ('view', 4, 3, 2)], 'Tensor.stride', x)
    case_on(cases, [('transpose', 0, 2)], 'Tensor.is_contiguous', x)
    case_on(cases, [('transpose', 0, 2)], 'Tensor.stride', x)
    case_on(cases, [('transpose', 0, 2)], 'Tensor.contiguous', x)
    case_on(cases, [('transpose', 0, 2), ('contiguous',)], 'Tensor.stride', x)
    case_on(cases, [('expand', 3, 2, 3, 4)], 'Tensor.stride', x)
    case_on(cases, [('select', 1, 1)], 'Tensor.stride', x)
    case_on(cases, [('unsqueeze', 1)], 'Tensor.stride', x)
    case_on(cases, [('transpose', 0, 1), ('unsqueeze', 1)], 'Tensor.stride', x)
    case_on(cases, [('select', 1, 1)], 'Tensor.is_contiguous', x)
    case_on(cases, [('select', 0, 1)], 'Tensor.is_contiguous', x)
    case_on(cases, [('narrow', 2, 1, 2)], 'Tensor.stride', x)
    case_on(cases, [('diagonal', 0, 1, 2)], 'Tensor.stride', x)
    case_on(cases, [('t',)], 'Tensor.reshape', m, -1)
    case_on(cases, [('t',)], 'Tensor.flatten', m)
    case(cases, 'Tensor.flatten', x, 1)
    case(cases, 'Tensor.flatten', x, 0, 1)
    case(cases, 'Tensor.flatten', x, -2, -1)
    case(cases, 'Tensor.flatten', x, 2, 1)
    case(cases, 'flatten', x, 1, 2)
    s = torch.randn(1, 3, 1, 2, generator=g)
    case(cases, 'Tensor.squeeze', s)
    case(cases, 'Tensor.squeeze', s, 0)
    case(cases, 'Tensor.squeeze', s, 1)
    case(cases, 'Tensor.squeeze', s, -2)
    case(cases, 'Tensor.squeeze', s, 4)
    case(cases, 'Tensor.unsqueeze', s, 4)
    case(cases, 'Tensor.unsqueeze', s, 5)
    col = torch.tensor([[1.5], [2.5], [3.5]])
    case(cases, 'Tensor.expand', col, 3, 4)
    case(cases, 'Tensor.expand', col, -1, 2)
    case(cases, 'Tensor.expand', col, 2, 3, 2)
    case(cases, 'Tensor.expand', col, (2, -1, 5))
    case(cases, 'Tensor.expand', col, 4, 4)
    case(cases, 'Tensor.expand', col, -1, -1, 2)
    case(cases, 'Tensor.expand_as', col, torch.zeros(2, 3, 5))
    case(cases, 'Tensor.repeat', m, 2, 1)
    case(cases, 'Tensor.repeat', v, 2, 1, 2)
    case(cases, 'Tensor.repeat', m, 2)
    for off in [0, 1, -1, 3, -4, 5]:
        case(cases, 'Tensor.diagonal', m, off)
    case(cases, 'Tensor.diagonal', x, 0, 1, 2)
    case(cases, 'Tensor.diagonal', x, 1, 0, 2)
    case(cases, 'diagonal', x, -1, 2, 0)
    case(cases, 'Tensor.diagonal', x, 0, 1, 1)
    for dim, index in [(0, 1), (1, -1), (2, 3), (-1, 0), (1, 3), (0, -3)]:
        case(cases, 'Tensor.select', x, dim, index)
    case(cases, 'select', m, 1, 2)
    for dim, start, length in [(0, 1, 1), (1, 0, 2), (2, -3, 2), (2, 2, 3), (1, 3, 0), (-1, 4, 0)]:
        case(cases, 'Tensor.narrow', x, dim, start, length)
    case(cases, 'narrow', m, 0, 1, 2)
    idx = torch.tensor([2, 0, 2])
    case(cases, 'Tensor.index_select', x, 1, idx)
    case(cases, 'Tensor.index_select', x, -1, torch.tensor([3, 1], dtype=torch.int32))
    case(cases, 'index_select', m, 0, torch.tensor([], dtype=torch.int64))
    case(cases, 'index_select', m, 0, torch.tensor([3]))
    case(cases, 'index_select', m, 0, torch.tensor([1.0]))
    # cat / stack / split / chunk
    a = torch.randn(2, 3, generator=g)
    b = torch.randn(4, 3, generator=g)
    c = torch.randn(2, 5, generator=g).to(torch.float64)
    case(cases, 'cat', [a, b])
    case(cases, 'cat', [a, c], 1)
    case(cases, 'cat', [a, c], dim=-1)
    case(cases, 'cat', [a, torch.tensor([]), a])
    case(cases, 'cat', [m, a])
    case(cases, 'cat', [a, b], 1)
    case(cases, 'cat', [torch.arange(3, dtype=torch.int8), torch.tensor([True, False])])
    case(cases, 'concat', [a, a], 0)
    case(cases, 'stack', [a, a, a])
    case(cases, 'stack', [a, a], 1)
    case(cases, 'stack', [a, a], -1)
    case(cases, 'stack', [a, b])
    case(cases, 'stack', [torch.tensor(1), torch.tensor(2.5)])
    w = torch.arange(10).reshape(5, 2)
    case(cases, 'split', w, 2)
    case(cases, 'split', w, [1, 4])
    case(cases, 'split', w, 1, 1)
    case(cases, 'split', w, [2, 2])
    case(cases, 'Tensor.split', w, 3)
    case(cases, 'Tensor.split', w, [3, 2], 0)
    case(cases, 'Tensor.split', w, 5, dim=0)
    case(cases, 'chunk', w, 2)
    case(cases, 'chunk', w, 3)
    case(cases, 'chunk', w, 6)
    case(cases, 'Tensor.chunk', w, 2, 1)
    case(cases, 'Tensor.chunk', torch.arange(6), 4)
    case(cases, 'transpose', m, 0, 1)
    case(cases, 't', m)
    case(cases, 'reshape', m, (2, -1))
    case(cases, 'squeeze', s, 2)
    case(cases, 'unsqueeze', m, 1)
    write('ops_shape.json', cases)


def index_goldens():
    """`t[...]` in Python next to the string our `t.at(...)` takes (same index)."""
    g = torch.Generator().manual_seed(14)
    x = torch.randn(4, 5, 6, generator=g)
    v = torch.arange(10)
    cases = []
    index_cases = [
        (x, ':, 2', (slice(None), 2)), (x, '1', (1,)), (x, '-1', (-1,)), (x, '1:3', (slice(1, 3),)),
        (x, '::2', (slice(None, None, 2),)), (x, ':, 1:4:2, -2', (slice(None), slice(1, 4, 2), -2)),
        (x, '..., 0', (Ellipsis, 0)), (x, '1, ..., 2', (1, Ellipsis, 2)), (x, 'None', (None,)),
        (x, ':, None, 2', (slice(None), None, 2)), (x, '..., None', (Ellipsis, None)), (x, '-3:-1, ::3', (slice(-3, -1), slice(None, None, 3))),
        (x, '10:', (slice(10, None),)), (x, '2:1', (slice(2, 1),)), (x, '0, 0, 0', (0, 0, 0)), (x, '-100:100', (slice(-100, 100),)),
        (x, '1:, :, 5', (slice(1, None), slice(None), 5)), (v, '::3', (slice(None, None, 3),)), (v, '7:2', (slice(7, 2),)),
        (v, '-4', (-4,)), (v, '3:9:4', (slice(3, 9, 4),)), (v, 'None, 2:5', (None, slice(2, 5))), (x, '4', (4,)),
        (x, '0, 0, 0, 0', (0, 0, 0, 0)), (v, '...', (Ellipsis,)), (x, ':, :, :, None', (slice(None), slice(None), slice(None), None)),
    ]
    for t, text, index in index_cases:
        entry = {'fn': 'Tensor.at', 'args': [enc(t), {'str': text}], 'kwargs': {}}
        try:
            r = t[index]
            entry['out'] = result(r)
            entry['stride'] = list(r.stride())
            entry['contiguous'] = r.is_contiguous()
        except Exception as e:  # noqa: BLE001
            entry['error'] = type(e).__name__
            entry['message'] = str(e).split('\n')[0]
        cases.append(entry)
    write('ops_index.json', cases)


def factory_goldens():
    cases = []
    for args in [(0, 1, 0.1), (1, 2.5, 0.5), (-5, 5, 0.01), (0, 10, 0.3), (0.5, 3.7, 0.1), (10, 0, -0.7), (0, 1, 0.3),
                 (-1, 1, 0.0625), (0.1, 100.3, 1.7), (1, 0, 0.5), (0, 1.5, 0)]:
        case(cases, 'arange', *args)
        for dt in [torch.float64, torch.float16, torch.bfloat16, torch.int32]:
            case(cases, 'arange', *args, dtype=dt)
    for args in [(5,), (2, 9), (2, 50, 3), (10, -10, -3), (0,), (-3,), (7, 7)]:
        case(cases, 'arange', *args)
        case(cases, 'arange', *args, dtype=torch.float32)
        case(cases, 'arange', *args, dtype=torch.float16)
    for start, end in [(0, 1), (-1, 1), (0.1, 0.7), (-3.3, 12.5), (1, 0), (0, 100)]:
        for steps in [0, 1, 2, 5, 7, 16, 17, 33, 64, 100, 1000]:
            for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16]:
                case(cases, 'linspace', start, end, steps, dtype=dt)
    case(cases, 'linspace', 0, 10, 5, dtype=torch.int64)
    case(cases, 'linspace', 0, 1, -1)
    for shape, fill, dt in [((2, 3), 1.5, None), ((4,), True, None), ((2,), 2.5, torch.int32), ((3,), -0.75, torch.float16),
                            ((2, 2), 7, torch.int8), ((0,), 0.5, None), ((2,), 300, torch.uint8), ((2,), 1.5, torch.bool)]:
        if dt is None:
            case(cases, 'full', shape, fill)
        else:
            case(cases, 'full', shape, fill, dtype=dt)
    for n, mm in [(3, None), (2, 4), (4, 2), (0, None), (1, 1)]:
        if mm is None:
            case(cases, 'eye', n)
            case(cases, 'eye', n, dtype=torch.int32)
        else:
            case(cases, 'eye', n, mm)
            case(cases, 'eye', n, mm, dtype=torch.bool)
    src = torch.arange(6, dtype=torch.int16).reshape(2, 3)
    for fn in ['zeros_like', 'ones_like', 'empty_like']:
        case(cases, fn, src)
        case(cases, fn, src, dtype=torch.float16)
    case(cases, 'full_like', src, 7)
    case(cases, 'full_like', src, 2.5, dtype=torch.float64)
    case(cases, 'full_like', src, 2.5)
    for dt in [None, torch.float64, torch.int32]:
        case(cases, 'zeros', 2, 3, **({} if dt is None else {'dtype': dt}))
        case(cases, 'ones', (3,), **({} if dt is None else {'dtype': dt}))
        case(cases, 'empty', 0, 2, **({} if dt is None else {'dtype': dt}))
    # rand_like/randn_like draw from the global generator like rand/randn
    for fn, dt in [('rand_like', None), ('randn_like', None), ('rand_like', torch.float64), ('randn_like', torch.bfloat16)]:
        torch.manual_seed(5)
        base = torch.zeros(4, 5)
        entry_kwargs = {} if dt is None else {'dtype': dt}
        cases.append({'fn': fn, 'seed': 5, 'args': [enc(base)], 'kwargs': {k: enc(v) for k, v in entry_kwargs.items()},
                      'out': result(getattr(torch, fn)(base, **entry_kwargs))})
    torch.manual_seed(5)
    case(cases, 'rand_like', src)
    write('ops_factory.json', cases)


def matmul_goldens():
    cases = []
    g = torch.Generator().manual_seed(15)
    shapes = [((2, 3, 4), (4, 5)), ((4,), (2, 4, 3)), ((2, 1, 3, 4), (5, 4, 2)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (4,)),
              ((1, 2, 3), (4, 3, 2)), ((3, 4), (4, 6)), ((5,), (5, 2)), ((2, 3), (4, 5)), ((2, 2, 3), (3, 3, 2)), ((3,), (3,))]
    for sa, sb in shapes:
        a = torch.randn(sa, generator=g)
        b = torch.randn(sb, generator=g)
        case(cases, 'matmul', a, b)
        case(cases, 'matmul', a.double(), b.double())
        case(cases, 'matmul', torch.randint(-5, 5, sa, generator=g), torch.randint(-5, 5, sb, generator=g))
    a = torch.randn(3, 4, generator=g)
    b = torch.randn(4, 2, generator=g)
    case(cases, 'mm', a, b)
    case(cases, 'mm', a, torch.randn(4, generator=g))
    case(cases, 'mm', a, b.double())
    ba = torch.randn(2, 3, 4, generator=g)
    bb = torch.randn(2, 4, 5, generator=g)
    case(cases, 'bmm', ba, bb)
    case(cases, 'bmm', ba, bb[:1])
    case(cases, 'bmm', ba, a)
    case(cases, 'bmm', ba, torch.randn(2, 3, 5, generator=g))
    case(cases, 'matmul', torch.tensor(2.0), a)
    write('ops_matmul.json', cases)


def main():
    torch.set_num_threads(1)
    binary_goldens()
    unary_goldens()
    shape_goldens()
    index_goldens()
    factory_goldens()
    matmul_goldens()
    print('done', file=sys.stderr)


if __name__ == '__main__':
    main()
