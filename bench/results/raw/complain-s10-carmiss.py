import json,sys,collections
S={"power":"动力","price":"价格","price_transparency":"价格","interior":"内饰","features":"配置","safety":"安全性","exterior":"外观","handling":"操控","fuel_consumption":"油耗","space":"空间","comfort":"舒适性"}
gold=json.load(open('/tmp/complain/car_gold.json'))
c=collections.Counter(); ex=collections.defaultdict(list)
for l in open(sys.argv[1]):
    r=json.loads(l); g={(s,p) for s,p in gold[r['id']]}
    ind={S[x['id']]:x['polarity'] for x in r.get('indicators',[]) if x['id'] in S}
    ms=collections.defaultdict(list)
    for m in r['aspects']:
        k=m.get('kg')
        if k and k['ids'].get('industry')=='automotive' and k['ids']['indicator'] in S:
            ms[S[k['ids']['indicator']]].append(f"{m['term']}/{m.get('opinion','')}/{m['polarity'][:3]}/{m['source']}")
    text=next(json.loads(x)['text'] for x in [json.dumps({'text':''})])
    for s,p in g:
        if p=='neutral': continue
        c['polar gold']+=1
        got=ind.get(s)
        if got==p: c['indicator right']+=1; continue
        mp=[x for x in ms.get(s,[]) if not x.endswith('/category')]
        mpol=[x.split('/')[2] for x in mp]
        if got is None: k='indicator absent'
        elif got=='neutral': k='indicator neutral'
        else: k='indicator opposite'
        if any(x==p[:3] for x in mpol): k+=', a mention has the gold polarity'
        elif mp and all(x=='neu' for x in mpol): k+=', mentions neutral only'
        elif mp: k+=', mentions opposite'
        else: k+=', no term mention'
        c[k]+=1; ex[k].append(f"{r['id']} | {s} {p[:3]} | {mp}")
for k,v in c.most_common(): print(f"- {k}: {v}")
for k in ex:
    print(f"\n### {k}\n"); [print('- '+x) for x in ex[k][:60]]
