from rules2 import *
DIMS=['动力','价格','内饰','配置','安全性','外观','操控','油耗','空间','舒适性']
def fit(sel):
    dl={}
    for it in range(2):
        for s in DIMS:
            best=(f1(bias(0,dims=dl),sel)[1],dl.get(s,0))
            for v in (-0.1,-0.05,0,0.05,0.1,0.15,0.2,0.3):
                dd=dict(dl); dd[s]=v
                tp=f1(bias(0,dims=dd),sel)[1]
                if tp>best[0]: best=(tp,v)
            dl[s]=best[1]
    return dl
for h in (0,1):
    dl=fit(half(h)); o=half(1-h)
    print('fit on',h,{k:v for k,v in dl.items() if v}, 'fit half',f1(bias(0,dims=dl),half(h)),'base',f1(base,half(h)),' other half',f1(bias(0,dims=dl),o),'base',f1(base,o))
