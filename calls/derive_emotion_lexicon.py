#!/usr/bin/env python3
"""Derive emotion_lexicon.tsv (embedded by emotion.go) from the DUTIR emotion ontology
(大连理工大学情感词汇本体, academic use only):
  python3 calls/derive_emotion_lexicon.py \
      ../shared/datasets/lexicon/dutir/dutir_emotion_ontology.derived.tsv > calls/emotion_lexicon.tsv
Keeps the primary emotion class of words of 2-8 characters (single characters only for
anger/annoyance/anxiety at intensity >= 5), drops 歇后语 (with －), ASCII entries and praise/criticism words below intensity 5, and maps DUTIR's 21
sub-classes onto the emotions call QA uses."""
import sys

CLASS = {
    'NA': 'anger',        # 愤怒
    'ND': 'disgust',      # 憎恶 (不满)
    'NE': 'annoyance',    # 烦闷
    'NI': 'anxiety', 'NC': 'anxiety',          # 慌, 恐惧
    'NB': 'sadness', 'NJ': 'disappointment',   # 悲伤, 失望
    'NN': 'criticism',    # 贬责
    'NL': 'doubt',        # 怀疑
    'PA': 'joy', 'PE': 'relief',               # 快乐, 安心
    'PB': 'satisfaction', 'PH': 'praise', 'PD': 'respect', 'PG': 'trust', 'PK': 'wish',
    'PC': 'surprise',
}
SINGLE_OK = {'anger', 'annoyance', 'anxiety'}

def main(path):
    seen = {}
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            c = line.rstrip('\n').split('\t')
            if len(c) < 7:
                continue
            w, cls, inten = c[0].strip(), c[4].strip(), c[5].strip()
            emo = CLASS.get(cls)
            if not emo or not w or '－' in w or '-' in w or ' ' in w:
                continue
            try:
                inten = int(float(inten))
            except ValueError:
                continue
            n = len(w)
            if w.isascii() or (emo in ('praise', 'criticism') and inten < 5):
                continue
            if n > 8 or (n == 1 and (emo not in SINGLE_OK or inten < 5)):
                continue
            if w not in seen or inten > seen[w][1]:
                seen[w] = (emo, inten)
    print('# derived from DUTIR emotion ontology (大连理工大学情感词汇本体), academic use only; see derive_emotion_lexicon.py')
    print('# word\temotion\tintensity(1-9)')
    for w in sorted(seen):
        print(f'{w}\t{seen[w][0]}\t{seen[w][1]}')

main(sys.argv[1])
