import csv,collections,json,zlib,random,sys
import torch, numpy as np
torch.set_num_threads(1)
POL={'-1':0,'0':1,'1':2}
DIMS=["动力","价格","内饰","配置","安全性","外观","操控","油耗","空间","舒适性"]
split={}
for l in open('/work/wt/auto16/bench/testdata/car_split_ids.tsv'):
    a=l.rstrip('\n').split('\t')
    if len(a)==2: split[a[0]]=a[1]
posts=collections.OrderedDict()
for row in csv.DictReader(open('/work/shared/datasets/aspect/ccf2018_car_train85.csv',encoding='utf-8-sig')):
    sp=split.get(row['content_id'],'train')
    if sp=='test': continue
    p=posts.setdefault(row['content_id'],{'text':row['content'],'gold':{},'split':sp})
    p['gold'][row['subject']]=POL[row['sentiment_value']]
NB=1<<18
def feats(text,subj):
    t=text.lower(); f=[]
    si=DIMS.index(subj)
    for n in (1,2,3):
        for i in range(len(t)-n+1):
            g=t[i:i+n]
            h=zlib.crc32(g.encode())
            f.append(h%NB); f.append(zlib.crc32((g+'|'+subj).encode())%NB)
    f.append(zlib.crc32(('BIAS|'+subj).encode())%NB)
    return f
def rows(sp):
    X=[];Y=[];K=[]
    for cid,p in posts.items():
        if p['split']!=sp: continue
        for s,y in p['gold'].items():
            X.append(feats(p['text'],s)); Y.append(y); K.append((cid,s))
    return X,Y,K
Xtr,Ytr,_=rows('train'); Xva,Yva,Kva=rows('val')
emb=torch.nn.EmbeddingBag(NB,3,mode='sum'); torch.nn.init.zeros_(emb.weight)
opt=torch.optim.Adagrad(emb.parameters(),lr=float(sys.argv[1]) if len(sys.argv)>1 else 0.1)
l2=float(sys.argv[2]) if len(sys.argv)>2 else 1e-6
def batch(X,idx):
    flat=[];off=[]
    for i in idx: off.append(len(flat)); flat+=X[i]
    return torch.tensor(flat),torch.tensor(off)
def predict(X):
    with torch.no_grad():
        out=[]
        for s in range(0,len(X),512):
            f,o=batch(X,range(s,min(s+512,len(X)))); out.append(torch.softmax(emb(f,o),-1))
        return torch.cat(out).numpy()
rng=random.Random(1)
for ep in range(int(sys.argv[3]) if len(sys.argv)>3 else 6):
    idx=list(range(len(Xtr))); rng.shuffle(idx)
    for s in range(0,len(idx),32):
        b=idx[s:s+32]; f,o=batch(Xtr,b)
        loss=torch.nn.functional.cross_entropy(emb(f,o),torch.tensor([Ytr[i] for i in b]))
        opt.zero_grad(); loss.backward(); opt.step()
    P=predict(Xva); acc=(P.argmax(1)==np.array(Yva)).mean()
    print('ep',ep,'val acc (gold subjects)',round(acc,4), 'neutral share pred',(P.argmax(1)==1).mean().round(3))
json.dump({f'{k[0]}|{k[1]}':P[i].tolist() for i,k in enumerate(Kva)},open('/tmp/auto16/ngram_val.json','w'))
