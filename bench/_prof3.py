import time
from bench.search import prepare
prepare(7_500_000, 1, False)
from bench.match import matcher_needs
from udyamsetu.matching import matcher
from udyamsetu.matching.matcher import match
needs = matcher_needs(100, 1)
for n in needs: match(n, limit=20)
orig = {name: getattr(matcher, name) for name in ("candidates", "_meaning_candidates", "_word_candidates", "facet_candidates", "_score", "hits", "documents_where")}
acc = {}
def wrap(name, f):
    def g(*a, **k):
        t=time.perf_counter(); r=f(*a, **k); acc[name]=acc.get(name,0)+(time.perf_counter()-t)*1000; return r
    return g
for name, f in orig.items(): setattr(matcher, name, wrap(name, f))
res=[]
for n in needs:
    acc.clear()
    t=time.perf_counter(); matcher.match(n, limit=20); dt=(time.perf_counter()-t)*1000
    res.append((dt, dict(acc), n.text[:30], n.near is not None))
res.sort(key=lambda r: -r[0])
for r in res[:10]: print(round(r[0]), {k: round(v) for k,v in r[1].items()}, r[2], r[3])
