"""How scripts/goldens/torch_ops.py records a torch call: arguments encoded as JS reads them,
the result (or the error torch raised), one JSON file per group of cases. Kept apart from the
cases themselves so each file stays small; the encoding is described in torch_ops.py's docstring.
"""
import json
import os
import platform
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_encode import DTYPES, OUT_DIR, encode_tensor  # noqa: E402

ALL = {**DTYPES, 'bool': torch.bool}
torch_names = list(ALL)


def encode_tensor_any(t):
    if t.dtype == torch.bool:
        return {'dtype': 'bool', 'shape': list(t.shape), 'b64': encode_tensor(t.to(torch.uint8))['b64']}
    return encode_tensor(t)


def enc(v, strict=True):
    if isinstance(v, torch.Tensor):
        return {'t': encode_tensor_any(v)}
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': v}
    if isinstance(v, float):
        # a positional float that is integral would act as a Python int in JS; keyword floats
        # (rtol=0.0) go to a parameter that only takes floats, so they are fine
        assert not strict or v != int(v), f'float scalar {v} would read as an int in JS'
        return {'float': v}
    if isinstance(v, (list, tuple)):
        return {'list': [enc(x) for x in v]}
    if isinstance(v, torch.dtype):
        return {'dtype': str(v).replace('torch.', '')}
    if v is None:
        return {'none': True}
    if isinstance(v, str):
        return {'str': v}
    raise TypeError(type(v))


def result(v, contents=True):
    if isinstance(v, torch.Tensor) and not contents:
        # torch.empty*: the contents are whatever memory held; only dtype and shape are defined
        return {'empty': {'dtype': str(v.dtype).replace('torch.', ''), 'shape': list(v.shape)}}
    if isinstance(v, torch.Tensor):
        return {'tensor': encode_tensor_any(v.contiguous()), 'str': str(v)}
    if isinstance(v, (list, tuple)):
        return {'seq': [result(x) for x in v]}
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': v}
    raise TypeError(type(v))


def call(fn, args, kwargs):
    if fn.startswith('Tensor.'):
        name = fn[len('Tensor.'):]
        attr = getattr(args[0], name)
        return attr(*args[1:], **kwargs) if callable(attr) else attr
    return getattr(torch, fn)(*args, **kwargs)


def case(cases, fn, *args, **kwargs):
    entry = {'fn': fn, 'args': [enc(a) for a in args], 'kwargs': {k: enc(v, strict=False) for k, v in kwargs.items()}}
    try:
        entry['out'] = result(call(fn, args, kwargs), contents=not fn.startswith('empty'))
    except Exception as e:  # noqa: BLE001 - which calls torch refuses is part of the golden
        entry['error'] = type(e).__name__
        entry['message'] = str(e).split('\n')[0]
    cases.append(entry)


def case_on(cases, pre, fn, base, *args):
    """A call on `base` after the methods in `pre` (e.g. [('transpose', 0, 2)]): the layout
    (strides) of a view is not in the serialized tensor, so the test replays `pre` first."""
    view = base
    for name, *pargs in pre:
        view = getattr(view, name)(*pargs)
    case(cases, fn, view, *args)
    entry = cases[-1]
    entry['args'][0] = enc(base)
    entry['pre'] = [[name, *[enc(a) for a in pargs]] for name, *pargs in pre]


def write(name, cases):
    payload = {'generator': 'scripts/goldens/torch_ops.py', 'torch': torch.__version__,
               'python': platform.python_version(), 'cases': cases}
    path = os.path.join(OUT_DIR, name)
    with open(path, 'w') as f:
        json.dump(payload, f, separators=(',', ':'), sort_keys=True)
        f.write('\n')
    print(f'{name}: {len(cases)} cases, {os.path.getsize(path)} bytes')
