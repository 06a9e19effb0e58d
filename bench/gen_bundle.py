#!/usr/bin/env python3
"""Generates a synthetic glossary bundle for the benchmarks (stdlib only).

    gen_bundle.py OUT_DIR --articles N [--seed S]   # a bundle of N article files
    gen_bundle.py OUT_DIR --folder [--seed S]       # a 2,000-article user folder

N counts ARTICLES (files): N/5 terms x 5 languages, so --articles 20000 is 4,000
terms. Every term has sv, fi, pl and ru, and a fifth language: pt-BR for 60% of
terms, zh-TW for 20% and ar for 20% (so CJK and Arabic titles exist from two
terms on). Layout and format are the bundle's: OUT_DIR/<slug>/<lang>.md with
front matter (title, description, keywords), a `# Title` line, 3-5 `## `
sections of paragraphs, about 3 KB per file, and 3-5 `[text](/slug)` links,
one of them (sometimes two) to a term that does not exist.

Terms are combinations of a business adjective, a noun and an optional domain
("soft sell", "deferred tax in banking"), translated word by word into each
language, so a slug (`deferred-tax-in-banking`) has a realistic title in every
language (`Uppskjuten skatt inom bankväsendet`, `Отложенная налог ...`; the
grammar is approximate). Titles are unique per language because each term is a
distinct combination. Body text draws words with a Zipf distribution from the
title vocabulary, a list of common words and a long tail of made-up words, so
search and suggestions see realistic word frequencies.

--folder produces a user glossary folder (for `gloss --data-dir DIR`) of 2,000
articles whose slugs and titles are combinations the bundles never use.

The output is deterministic for a given seed and size. The first term always
has a Swedish title with diacritics (the benchmarks look it up by title typed
without them).
"""
import argparse
import os
import random
import shutil

LANGS = ["en", "sv", "fi", "pl", "ru", "pt-BR", "zh-TW", "ar"]

# Parallel word lists: index i is the same word in every language.
ADJECTIVES = {
    "en": "soft hard direct indirect fixed variable net gross deferred accrued operating capital "
          "marginal average seasonal digital retail wholesale recurring annual quarterly strategic "
          "passive active".split(),
    "sv": "mjuk hård direkt indirekt fast rörlig netto brutto uppskjuten upplupen operativ kapital "
          "marginell genomsnittlig säsongsbetonad digital detaljhandels grossist återkommande årlig "
          "kvartalsvis strategisk passiv aktiv".split(),
    "fi": "pehmeä kova suora epäsuora kiinteä muuttuva netto brutto lykätty kertynyt operatiivinen "
          "pääoma marginaalinen keskimääräinen kausiluonteinen digitaalinen vähittäis tukku toistuva "
          "vuotuinen neljännesvuosittainen strateginen passiivinen aktiivinen".split(),
    "pl": "miękka twarda bezpośrednia pośrednia stała zmienna netto brutto odroczona naliczona "
          "operacyjna kapitałowa krańcowa średnia sezonowa cyfrowa detaliczna hurtowa powtarzalna "
          "roczna kwartalna strategiczna pasywna aktywna".split(),
    "ru": "мягкая жёсткая прямая косвенная фиксированная переменная чистая валовая отложенная "
          "начисленная операционная капитальная предельная средняя сезонная цифровая розничная "
          "оптовая регулярная годовая квартальная стратегическая пассивная активная".split(),
    "pt-BR": ["suave", "dura", "direta", "indireta", "fixa", "variável", "líquida", "bruta",
              "diferida", "acumulada", "operacional", "de capital", "marginal", "média", "sazonal",
              "digital", "de varejo", "de atacado", "recorrente", "anual", "trimestral",
              "estratégica", "passiva", "ativa"],
    "zh-TW": "軟性 硬性 直接 間接 固定 變動 淨 總 遞延 應計 營運 資本 邊際 平均 季節性 數位 零售 批發 "
             "經常性 年度 季度 策略性 被動 主動".split(),
    "ar": ["ناعم", "صعب", "مباشر", "غير مباشر", "ثابت", "متغير", "صافي", "إجمالي", "مؤجل", "مستحق",
           "تشغيلي", "رأسمالي", "حدي", "متوسط", "موسمي", "رقمي", "بالتجزئة", "بالجملة", "متكرر",
           "سنوي", "ربع سنوي", "استراتيجي", "سلبي", "نشط"],
}
NOUNS = {
    "en": "sell price margin revenue cost discount contract invoice budget forecast demand supply "
          "inventory brand customer market channel campaign dividend yield loan asset liability "
          "equity tax payment subscription warranty commission tariff risk audit".split(),
    "sv": ["försäljning", "pris", "marginal", "intäkt", "kostnad", "rabatt", "avtal", "faktura",
           "budget", "prognos", "efterfrågan", "utbud", "lager", "varumärke", "kund", "marknad",
           "kanal", "kampanj", "utdelning", "avkastning", "lån", "tillgång", "skuld",
           "eget kapital", "skatt", "betalning", "prenumeration", "garanti", "provision", "tull",
           "risk", "revision"],
    "fi": ["myynti", "hinta", "kate", "tulo", "kustannus", "alennus", "sopimus", "lasku",
           "budjetti", "ennuste", "kysyntä", "tarjonta", "varasto", "brändi", "asiakas", "markkina",
           "kanava", "kampanja", "osinko", "tuotto", "laina", "omaisuuserä", "velka", "oma pääoma",
           "vero", "maksu", "tilaus", "takuu", "palkkio", "tulli", "riski", "tilintarkastus"],
    "pl": ["sprzedaż", "cena", "marża", "przychód", "koszt", "zniżka", "umowa", "faktura",
           "budżet", "prognoza", "popyt", "podaż", "zapas", "marka", "klientela", "rynek", "kanał",
           "kampania", "dywidenda", "rentowność", "pożyczka", "aktywo", "zobowiązanie",
           "kapitał własny", "podatek", "płatność", "subskrypcja", "gwarancja", "prowizja",
           "taryfa", "ryzyko", "audyt"],
    "ru": ["продажа", "цена", "маржа", "выручка", "стоимость", "скидка", "сделка", "счёт-фактура",
           "бюджет", "прогноз", "спрос", "предложение", "запас", "марка", "клиентура", "рынок",
           "канал", "кампания", "дивиденд", "доходность", "ссуда", "актив", "обязательство",
           "капитал", "налог", "платёж", "подписка", "гарантия", "комиссия", "пошлина", "риск",
           "проверка"],
    "pt-BR": ["venda", "preço", "margem", "receita", "custo", "desconto", "contrato", "fatura",
              "orçamento", "previsão", "demanda", "oferta", "estoque", "marca", "clientela",
              "mercado", "canal", "campanha", "dividendo", "rendimento", "empréstimo", "ativo",
              "passivo", "patrimônio", "imposto", "pagamento", "assinatura", "garantia",
              "comissão", "tarifa", "risco", "auditoria"],
    "zh-TW": "銷售 價格 利潤率 營收 成本 折扣 合約 發票 預算 預測 需求 供給 庫存 品牌 客戶 市場 通路 "
             "活動 股利 殖利率 貸款 資產 負債 權益 稅 付款 訂閱 保固 佣金 關稅 風險 稽核".split(),
    "ar": ["بيع", "سعر", "هامش", "إيراد", "تكلفة", "خصم", "عقد", "فاتورة", "ميزانية", "توقع", "طلب",
           "عرض", "مخزون", "علامة تجارية", "عميل", "سوق", "قناة", "حملة", "توزيعات", "عائد", "قرض",
           "أصل", "التزام", "حقوق ملكية", "ضريبة", "دفع", "اشتراك", "ضمان", "عمولة", "تعريفة",
           "مخاطرة", "تدقيق"],
}
# "" (no domain) first; the rest narrow the term to a domain.
DOMAINS = {
    "en": ["", "for retailers", "in banking", "for exporters", "in insurance", "for startups",
           "in logistics", "in healthcare", "for households", "in agriculture", "in energy"],
    "sv": ["", "för återförsäljare", "inom bankväsendet", "för exportörer", "inom försäkring",
           "för startföretag", "inom logistik", "inom vården", "för hushåll", "inom jordbruket",
           "inom energisektorn"],
    "fi": ["", "jälleenmyyjille", "pankkialalla", "viejille", "vakuutusalalla",
           "startup-yrityksille", "logistiikassa", "terveydenhuollossa", "kotitalouksille",
           "maataloudessa", "energia-alalla"],
    "pl": ["", "dla sprzedawców", "w bankowości", "dla eksporterów", "w ubezpieczeniach",
           "dla start-upów", "w logistyce", "w ochronie zdrowia", "dla gospodarstw domowych",
           "w rolnictwie", "w energetyce"],
    "ru": ["", "для ритейлеров", "в банковском деле", "для экспортёров", "в страховании",
           "для стартапов", "в логистике", "в здравоохранении", "для домохозяйств",
           "в сельском хозяйстве", "в энергетике"],
    "pt-BR": ["", "para varejistas", "no setor bancário", "para exportadores", "em seguros",
              "para startups", "em logística", "na saúde", "para famílias", "na agricultura",
              "no setor de energia"],
    "zh-TW": ["", "零售商的", "銀行業的", "出口商的", "保險業的", "新創公司的", "物流業的", "醫療業的",
              "家庭的", "農業的", "能源業的"],
    "ar": ["", "للتجار", "في القطاع المصرفي", "للمصدرين", "في التأمين", "للشركات الناشئة",
           "في الخدمات اللوجستية", "في الرعاية الصحية", "للأسر", "في الزراعة", "في قطاع الطاقة"],
}
COMMON = {
    "sv": "och att det som en på är för med till av den inte har kan om företaget kunden priset "
          "marknaden ofta även när också säljaren köparen värdet räkenskapsåret försäljningen "
          "långsiktig kortsiktig ökning minskning beräknas redovisas påverkar".split(),
    "fi": "ja on että se ei kun myös tai joka yritys asiakas hinta markkinat usein arvo myyjä "
          "ostaja tilikausi kasvu lasku lasketaan kirjataan vaikuttaa pitkän lyhyen aikavälin "
          "yleensä enemmän vähemmän".split(),
    "pl": "i w że na się nie jest z do to jak przez firma klient cena rynek często wartość "
          "sprzedawca nabywca rok obrotowy wzrost spadek obliczana księgowana wpływa długoterminowa "
          "krótkoterminowa zwykle".split(),
    "ru": "и в не на что с как по это для компания клиент цена рынок часто стоимость продавец "
          "покупатель год рост снижение рассчитывается учитывается влияет долгосрочная "
          "краткосрочная обычно также".split(),
    "pt-BR": "e de que o a para com não uma em por empresa cliente preço mercado frequentemente "
             "valor vendedor comprador exercício crescimento queda calculado registrado afeta "
             "longo prazo curto geralmente também".split(),
    "zh-TW": list("的是在和了有不這公司客戶價格市場通常價值賣方買方年度成長下降計算認列影響長期短期也"),
    "ar": "و في من على أن هذا التي الشركة العميل السعر السوق غالبا القيمة البائع المشتري السنة "
          "المالية النمو الانخفاض يحسب يسجل يؤثر طويل الأجل قصير عادة أيضا".split(),
}
SYLLABLES = {
    "sv": "ka ra fö sä lj in gs tå än de ve ri mo la bo ne sk öl".split(),
    "fi": "ka la pe hm eä my yn ti uu ja ko si tä va nu sa tu ki".split(),
    "pl": "ka rze daż ry ce ku pu ją wa ło ść ta mi no go szy".split(),
    "ru": "ка ра то ва ры ст по ку па те ль но ми ле жа да".split(),
    "pt-BR": "ca ra ção ven da ma pre mer do cli en te lu cro são".split(),
    "zh-TW": list("軟銷售場價格戶商品交易潤策略牌務貨幣投"),
    "ar": "بي سو سع عم رب تج من خد عر طل قي ما".split(),
}
HEADINGS = {
    "en": ["What is {t}?", "How it works", "Examples", "Risks and limits", "Related concepts"],
    "sv": ["Vad är {t}?", "Så fungerar det", "Exempel", "Risker och begränsningar", "Närliggande begrepp"],
    "fi": ["Mitä on {t}?", "Miten se toimii", "Esimerkkejä", "Riskit ja rajoitukset", "Lähikäsitteet"],
    "pl": ["Czym jest {t}?", "Jak to działa", "Przykłady", "Ryzyka i ograniczenia", "Pojęcia pokrewne"],
    "ru": ["Что такое {t}?", "Как это работает", "Примеры", "Риски и ограничения", "Связанные понятия"],
    "pt-BR": ["O que é {t}?", "Como funciona", "Exemplos", "Riscos e limites", "Conceitos relacionados"],
    "zh-TW": ["什麼是{t}？", "運作方式", "範例", "風險與限制", "相關概念"],
    "ar": ["ما هو {t}؟", "كيف يعمل", "أمثلة", "المخاطر والقيود", "مفاهيم ذات صلة"],
}
KEYWORDS = {
    "sv": "Ekonomi,Affärsbegrepp", "fi": "Talous,Liiketoiminta", "pl": "Ekonomia,Biznes",
    "ru": "Экономика,Бизнес", "pt-BR": "Economia,Negócios", "zh-TW": "經濟,商業", "ar": "اقتصاد,أعمال",
}
FIFTH = ["pt-BR", "zh-TW", "pt-BR", "ar", "pt-BR"]  # by term number mod 5: 60% / 20% / 20%
# Past the combinations, terms repeat them with a made-up series name, the same in every
# language ("Mjuk försäljning Bravo", soft-sell-bravo), as product lines name variants.
SERIES = ["", "bravo", "delta", "kilo", "lima", "oscar", "romeo", "sierra", "tango", "zulu",
          "vega", "orion", "lyra", "nova", "quasar", "pulsar", "nebula", "comet", "meteor", "aurora"]
# Links to terms nobody has written carry this series: never a bundle's or a folder's.
UNWRITTEN = "draft"


def combos(seed):
    """Every (adjective, noun, domain) index triple, in a fixed shuffled order.
    Term 0 is "soft sell" (Swedish "Mjuk försäljning": has diacritics)."""
    rng = random.Random(seed * 7919 + 11)
    every = [(a, n, d) for d in range(len(DOMAINS["en"]))
             for a in range(len(ADJECTIVES["en"])) for n in range(len(NOUNS["en"]))]
    first = (0, 0, 0)
    every.remove(first)
    rng.shuffle(every)
    return [first] + every


def slug_of(term):
    (a, n, d), series = term
    words = [ADJECTIVES["en"][a], NOUNS["en"][n]] + DOMAINS["en"][d].split() + [series]
    return "-".join(w.replace(" ", "-") for w in words if w).lower()


def title_of(term, lang):
    combo, series = term
    title = combo_title(combo, lang)
    return f"{title} {series.capitalize()}" if series else title


def combo_title(combo, lang):
    a, n, d = combo
    adj, noun, dom = ADJECTIVES[lang][a], NOUNS[lang][n], DOMAINS[lang][d]
    if lang == "zh-TW":
        return dom + adj + noun
    if lang in ("pt-BR", "ar"):
        words = [noun, adj, dom]
    else:
        words = [adj, noun, dom]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


class Writer:
    """Zipf-distributed words for one language."""

    def __init__(self, rng, lang):
        self.rng, self.lang = rng, lang
        title_words = set()
        for table in (ADJECTIVES, NOUNS, DOMAINS):
            for phrase in table[lang]:
                title_words.update(phrase.split())
        words = list(COMMON[lang]) + sorted(title_words - set(COMMON[lang]))
        tail = set()
        syllables = SYLLABLES[lang]
        while len(tail) < 8000:
            tail.add("".join(rng.choice(syllables) for _ in range(rng.choice([2, 3, 3, 4]))))
        words += sorted(tail - set(words))
        self.words = words
        total, cumulative = 0.0, []
        for rank in range(len(words)):
            total += 1.0 / (rank + 1) ** 1.05
            cumulative.append(total)
        self.cumulative = cumulative

    def words_(self, n):
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)

    def sentence(self, n):
        if self.lang == "zh-TW":
            return "".join(self.words_(n)) + "。"
        text = " ".join(self.words_(n))
        return text[:1].upper() + text[1:] + "."


def article(rng, w, lang, title, links, size):
    """One article file's text: front matter, title line, sections, links."""
    description = w.sentence(rng.randint(12, 18))
    parts = [
        "---",
        f'title: "{title}"',
        f'description: "{description}"',
        f"keywords: {KEYWORDS[lang]}",
        "---",
        "",
        f"# {title}",
        "",
        w.sentence(rng.randint(10, 16)) + " " + w.sentence(rng.randint(10, 16)),
    ]
    sections = rng.randint(3, 5)
    headings = [HEADINGS[lang][0].format(t=title)] + rng.sample(HEADINGS[lang][1:], sections - 1)
    budget = size + rng.randint(-size // 5, size // 5) - len("\n".join(parts).encode())
    per_section = max(200, budget // sections)
    # Each link goes to a random section, and there after a random sentence.
    by_section = [[] for _ in headings]
    for target in links:
        by_section[rng.randrange(sections)].append(target)
    for s, heading in enumerate(headings):
        if parts[-1]:
            parts.append("")
        parts += [f"## {heading}", ""]
        sentences = []
        written = 0
        while written < per_section:
            sentence = w.sentence(rng.randint(7, 16))
            sentences.append(sentence)
            written += len(sentence.encode()) + 1
        for target in by_section[s]:
            k = rng.randrange(len(sentences))
            text = " ".join(w.words_(rng.randint(1, 3)))
            sentences[k] = sentences[k][:-1] + f" [{text}](/{target})" + sentences[k][-1]
        while sentences:
            n = rng.randint(3, 5)
            parts += [" ".join(sentences[:n]), ""]
            sentences = sentences[n:]
    return "\n".join(parts).rstrip("\n") + "\n"


def main():
    parser = argparse.ArgumentParser(
        description="Generate a synthetic gloss bundle (see the module docstring).")
    parser.add_argument("out", help="output folder (emptied first)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--articles", type=int, help="number of article files (N/5 terms)")
    mode.add_argument("--folder", action="store_true",
                      help="a 2,000-article user folder with slugs no bundle uses")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bytes", type=int, default=3000,
                        help="average article size (3000; tldr-pages-sized: 1000)")
    args = parser.parse_args()

    order = combos(1)  # the same order for every seed, so folder slugs never collide
    folder_terms = 2000 // 5
    # Bundles use all but the last folder_terms combinations, series after series; the
    # folder uses those last ones, unsuffixed: never a bundle's.
    per_series = len(order) - folder_terms
    if args.folder:
        articles = 2000
        terms = folder_terms
        mine = [(combo, "") for combo in order[per_series:]]
        seed = args.seed + 1000
    else:
        articles = args.articles
        terms = max(1, (articles + 4) // 5)
        if terms > per_series * len(SERIES):
            parser.error(f"at most {per_series * len(SERIES) * 5} articles")
        mine = [(order[i % per_series], SERIES[i // per_series]) for i in range(terms)]
        seed = args.seed
    rng = random.Random(seed)
    writers = {lang: Writer(random.Random(seed * 31 + i), lang) for i, lang in enumerate(LANGS[1:])}

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    # Links point at terms of this folder, at terms of the bundle (for the user folder),
    # and sometimes at terms nobody has written yet.
    missing_pool = [(combo, UNWRITTEN) for combo in order[:1000]]
    bundle_pool = [(combo, "") for combo in order[:4000]]
    link_pool = mine if not args.folder else mine + bundle_pool
    written = 0
    for i, term in enumerate(mine):
        slug = slug_of(term)
        langs = ["sv", "fi", "pl", "ru", FIFTH[i % len(FIFTH)]]
        for lang in langs:
            if written == articles:
                break
            count = rng.randint(3, 5)
            links = [slug_of(rng.choice(link_pool)) for _ in range(count - 1)]
            links.append(slug_of(rng.choice(missing_pool)))
            if rng.random() < 0.2:
                links[0] = slug_of(rng.choice(missing_pool))
            rng.shuffle(links)
            text = article(rng, writers[lang], lang, title_of(term, lang), links, args.bytes)
            directory = os.path.join(args.out, slug)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, f"{lang}.md"), "w", encoding="utf-8") as f:
                f.write(text)
            written += 1
    print(f"{args.out}: {written} articles, {terms} terms")


if __name__ == "__main__":
    main()
