#!/usr/bin/env python3
"""Generates a synthetic glossary like the seeds, for benchmarks.

    gen_bundle.py OUT_DIR --articles N [--seed S] [--prefix P]

N articles = N/5 terms x 5 languages (sv, fi, pl, ru and one of pt-BR, zh-TW,
ar), about 3 KB each: front matter, a `# Title` line, 3-5 `## ` sections of
paragraphs, and 3-5 links to other terms (some to terms that do not exist).
Words follow a Zipf distribution over a large per-language vocabulary, so
search and suggestions see realistic word frequencies. `--prefix` makes slugs
that differ from the bundle's (for a user folder beside it).
"""
import argparse
import os
import random

SYLLABLES = {
    "sv": "sa lj mj uk fö rs äl jn in gs kö pa re te an de ka pi ta lo ri va".split(),
    "fi": "pe hm eä my yn ti ka uu pp aa ja le ko si ta va nu ri sa tu ki".split(),
    "pl": "mię kka sp rze daż ry nek ce na ku pu ją cy wa ło zł ot ch ść".split(),
    "ru": "мя гк ая про да жа ры но к це на по ку па те ль то ва ры ст".split(),
    "pt-BR": "ven da ma ci a pre ço mer ca do cli en te ções ão lu cro".split(),
    "zh-TW": list("軟銷售市場價格客戶商品交易利潤成本策略品牌服務貨幣投資資產"),
    "ar": "بيع سوق سعر عميل ربح تجارة منتج خدمة عرض طلب قيمة مال".split(),
}
LINK_WORDS = ["market", "price", "sale", "asset", "bond", "yield", "margin", "stock", "trade", "fund"]


def vocabulary(rng, lang, size):
    syllables = SYLLABLES[lang]
    words = set()
    while len(words) < size:
        n = rng.choice([2, 2, 3, 3, 4]) if lang != "zh-TW" else rng.choice([2, 2, 3])
        words.add("".join(rng.choice(syllables) for _ in range(n)))
    return sorted(words)


class Writer:
    def __init__(self, rng, lang):
        self.rng = rng
        self.words = vocabulary(rng, lang, 20000)
        total, cumulative = 0.0, []
        for rank in range(len(self.words)):
            total += 1.0 / (rank + 1)
            cumulative.append(total)
        self.cumulative = cumulative
        self.lang = lang

    def words_(self, n):
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)

    def sentence(self, n):
        sep = "" if self.lang == "zh-TW" else " "
        end = "。" if self.lang == "zh-TW" else "."
        text = sep.join(self.words_(n))
        return text[:1].upper() + text[1:] + end


def slug_for(prefix, i):
    return f"{prefix}{LINK_WORDS[i % len(LINK_WORDS)]}-{i:05d}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    writers = {lang: Writer(rng, lang) for lang in SYLLABLES}
    terms = max(1, args.articles // 5)
    titles_seen = set()
    for i in range(terms):
        slug = slug_for(args.prefix, i)
        fifth = ["pt-BR", "zh-TW", "ar"][i % 3]
        for lang in ["sv", "fi", "pl", "ru", fifth]:
            w = writers[lang]
            sep = "" if lang == "zh-TW" else " "
            while True:
                title = sep.join(w.words_(rng.choice([2, 2, 3])))
                title = title[:1].upper() + title[1:]
                if (lang, title) not in titles_seen:
                    titles_seen.add((lang, title))
                    break
            description = w.sentence(14)
            body = [f"# {title}"]
            links = [slug_for(args.prefix, rng.randrange(terms)) for _ in range(rng.randint(2, 4))]
            links.append(f"missing-{rng.randrange(terms * 2)}")
            for section in range(rng.randint(3, 5)):
                body.append(f"\n## {w.sentence(4)[:-1]}\n")
                for _ in range(rng.randint(2, 3)):
                    paragraph = " ".join(w.sentence(rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))
                    if links:
                        target = links.pop()
                        paragraph += f" [{' '.join(w.words_(2))}](/{target})."
                    body.append(paragraph + "\n")
            directory = os.path.join(args.out, slug)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, f"{lang}.md"), "w", encoding="utf-8") as f:
                f.write("---\n")
                f.write(f"title: \"{title}\"\n")
                f.write(f"description: \"{description}\"\n")
                f.write("keywords: Business,Benchmarks\n")
                f.write("---\n\n")
                f.write("\n".join(body))


if __name__ == "__main__":
    main()
