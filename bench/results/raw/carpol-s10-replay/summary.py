from lr import *
from grid import gen
from rules2 import bias
from alo import f1alo
def row(name, dec):
    a=f1(dec); b=f1(dec,half(0)); c=f1(dec,half(1))
    print(f"| {name} | {a[0]:.4f} ({a[1]}) | {b[0]:.4f} ({b[1]}) | {c[0]:.4f} ({c[1]}) |")
print("| variant | car val F1 (tp) | half 0 | half 1 |\n|---|---|---|---|")
row('shipped (replay)', base)
row('neutral for every present subject', lambda d,m,ms,R:'neutral')
row('margin 0.3, mention vote (all sources)', rule(0.3))
row('margin 0.2, mention vote (model+kg only)', rule(0.2,{'model+kg'}))
row('margin 0.3, model+kg vote, chosen on half 0', gen({'model+kg'},0,0.3,False,0))
row('margin 0.3, model+kg vote agreeing with the polarity model (best on full val and half 1)', gen({'model+kg'},0,0.3,True,0))
row('polar bias +0.1 on neg/pos (no evidence)', bias(0.1))
row('CategoryWeight 0.6 (shipped 0.75)', bias(0,0.6))
row('record sentiment >= 0.9 and margin 0.3', srule(0.9,0.3))
row('reverse: weak polar without same-direction mention -> neutral (0.05)', __import__('rev').rev(0.05))
