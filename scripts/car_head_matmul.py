#!/usr/bin/python3
"""Rewrite an exported category-car model.onnx output head (models trained before
training/train_car.py exported a MatMul there): Unsqueeze(-1) -> Mul([1,10,1024,4]) -> ReduceSum(axis 2)
materialises a [B,10,1024,4] tensor per batch; the same contraction as one batched MatMul:
Unsqueeze(axis 2) -> MatMul([10,1024,4]) -> Squeeze(axis 2). Usage: /usr/bin/python3 scripts/car_head_matmul.py IN OUT (IN and OUT may be the same file)"""
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper

src, dst = sys.argv[1], sys.argv[2]
m = onnx.load(src)
g = m.graph
by_out = {n.output[0]: n for n in g.node}
unsq, mul, red = by_out['/net/Unsqueeze_2_output_0'], by_out['/net/Mul_1_output_0'], by_out['/net/ReduceSum_output_0']
w_name = mul.input[1]
init = {i.name: i for i in g.initializer}
w = numpy_helper.to_array(init[w_name])          # [1, 10, 1024, 4]
assert w.shape[0] == 1 and w.ndim == 4, w.shape
w2 = numpy_helper.from_array(np.ascontiguousarray(w[0]), name=w_name + '_matmul')  # [10, 1024, 4]
g.initializer.append(w2)
ax2 = numpy_helper.from_array(np.array([2], dtype=np.int64), name='head_axis2')
g.initializer.append(ax2)
new = [
    helper.make_node('Unsqueeze', [unsq.input[0], 'head_axis2'], ['/net/head/Unsqueeze_output_0'], name='/net/head/Unsqueeze'),
    helper.make_node('MatMul', ['/net/head/Unsqueeze_output_0', w2.name], ['/net/head/MatMul_output_0'], name='/net/head/MatMul'),
    helper.make_node('Squeeze', ['/net/head/MatMul_output_0', 'head_axis2'], [red.output[0]], name='/net/head/Squeeze'),
]
nodes = []
for n in g.node:
    if n is unsq:
        nodes.extend(new)
    elif n is mul or n is red:
        continue
    else:
        nodes.append(n)
del g.node[:]
g.node.extend(nodes)
# drop the old weight if nothing else uses it
if not any(w_name in n.input for n in g.node):
    g.initializer.remove(init[w_name])
onnx.checker.check_model(m)
onnx.save(m, dst)
print('wrote', dst)
