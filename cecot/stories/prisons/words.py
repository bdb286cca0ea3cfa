"""Every sentence and label of the prisons story, filled from the run's numbers (text.yml holds
the words in both languages): the charts' words (`texts`), the sentences the notebook prints
(`sentences`) and the story page (`page`)."""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...reports import drawn_kinds
from ...sources import kinds as kinds_of, read_in
from ...style import first_fitting_note, side_by_side
from ...words import ChartText, PageText, Text, credit_name
from .charts import ARREST_DODGE_DAYS, SHARE_DODGE_DAYS, straddles_regime
from .compute import BUCKETS, DEATH_GROUPS, GROUP_OF, ORGANISATIONS, mark_origins, \
    origins_in

PER = 100_000  # rates are per 100,000 inhabitants
RATE_BODIES = {"ESI25b": "idhuca"}  # whose rate an outlet reported, where it names one
FOLDS = (2, 3, 4)  # "doubled", "tripled", "quadrupled" (text.yml `folds`)


def year(iso_date: str) -> str:
    return iso_date[:4]


def precision_of(table: pd.DataFrame, date: str, **match) -> str:
    """The date precision of the first row of `table` on `date` (and matching `match`)."""
    rows = table[pd.to_datetime(table["date"]) == pd.Timestamp(date)]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    return str(rows["date_precision"].iloc[0])


def growth_variant(growth: dict, latest_kind: str) -> str:
    """How the latest prison population compares with the one before the state of exception
    (a range of ratios): about two, three or four times when both ends round to it."""
    return fold_variant(growth["ratio_low"], growth["ratio_high"], latest_kind == "lower_bound")


def fold_variant(low: float, high: float, open_above: bool = False) -> str:
    """A later figure against an earlier one as a ratio range. Two, three or four times when
    both ends round to it: "nearly_3" when the whole range is below three, "over_3" when it is
    all at or above three, "about_3" when it straddles three; "times" otherwise. A floor only
    says "at least"."""
    if open_above:
        return "at_least" if low >= 1.5 else "little_changed"
    if high < 0.9:
        return "fell"
    if low >= 0.9 and high < 1.5:
        return "little_changed"
    if round(low) == round(high) and round(low) in FOLDS:
        fold = round(low)
        where = "nearly" if high < fold else "over" if low >= fold else "about"
        return f"{where}_{fold}"
    return "times"


def by_variant(w: "Words", prefix: str, chosen: str, **values) -> str:
    """The text of a fold_variant: "nearly_3" is `{prefix}.nearly` with the verb of three
    times ("tripled", "se triplicó"); any other variant is its own key."""
    where, _, fold = chosen.rpartition("_")
    if fold.isdigit():
        return w(f"{prefix}.{where}", verb=w(f"folds.x{fold}"), **values)
    return w(f"{prefix}.{chosen}", **values)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def compared(low: float, high: float, before_low: float, before_high: float) -> str:
    """A later range against an earlier one: up, down, or overlapping."""
    if low > before_high:
        return "up"
    if high < before_low:
        return "down"
    return "overlap"


def listed(items: list[str], w: "Words") -> str:
    """Items as a list in prose: "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + w("list_and") + items[-1]


def to_month(precision: str) -> str:
    """A title's date precision: the month at most (the alt text gives the day)."""
    return "year" if precision == "year" else "month"


class Words:
    """The story's text in one language, with the few phrasings every chart shares."""

    def __init__(self, lang: str):
        self.lang = lang
        self.t = Text("prisons", lang)
        self.none = fmt.WORDS["none"][lang]
        self.cache: dict = {}  # phrases several texts share, made once per Words

    def __call__(self, key: str, **values) -> str:
        text = self.t(key, **values)
        if self.lang == "es":  # "de el IDHUCA" is "del IDHUCA"
            text = text.replace(" de el ", " del ").replace(" a el ", " al ")
        return text

    def when(self, date: str, precision: str) -> str:
        return fmt.date(date, self.lang, precision)

    def by(self, date: str, precision: str) -> str:
        """A date after "by" ("hasta"): Spanish puts an article before a day."""
        return self(f"by_date.{precision}", date=self.when(date, precision))

    def at(self, date: str, precision: str) -> str:
        """A date after "in" / "on" ("en" / "el"), as precisely as it was reported."""
        return self(f"at_date.{precision}", date=self.when(date, precision))

    def share(self, low, high) -> tuple[str, str]:
        """A share in per cent as the chart states it, and which form it took."""
        if high is None:
            return self("share.open", share=fmt.percent(low, self.lang)), "open"
        if fmt.number(low, self.lang, 1) == fmt.number(high, self.lang, 1):
            return self("share.point", share=fmt.percent(low, self.lang)), "point"
        return self("share.range", low=fmt.number(low, self.lang, 1),
                    low_share=fmt.percent(low, self.lang),
                    high=fmt.percent(high, self.lang)), "range"

    def kinds(self, kinds) -> dict[str, str]:
        return {kind: self(f"kinds.{kind}") for kind in kinds}

    def bodies(self, keys) -> list[str]:
        """Bodies as the source line names them: the police as every chart credits it (the
        glossary), the others as this story's `bodies` name them."""
        named = self.t.table("bodies")
        return [named.get(key) or credit_name(key.upper(), self.lang)
                for key in dict.fromkeys(keys) if key]

    def rate(self, low, high) -> str:
        """A rate per 100,000, whole: one figure, or a range when its ends differ."""
        return fmt.range_of(low, high, self.lang)

    def figure(self, kind: str, value) -> str:
        """A reported figure in the shape it was given: 487, about 480, more than 470."""
        shown = fmt.whole(value, self.lang)
        if kind == "lower_bound":
            return fmt.more_than(shown, self.lang)
        if kind in ("approx", "estimate"):
            return self(f"shape.{kind}", value=shown)
        return shown

    def org(self, organisation: str, form: str = "name") -> str:
        """A counter of deaths by its name (`name`), short name (`short`) or how a sentence
        names its figure (`counted`: "Socorro Jurídico counted", "Amnesty relayed")."""
        return self(f"organisations.{organisation}.{form}")

    def counter_name(self, organisation: str) -> str:
        """A counter of deaths as the Sources page lists it ("Tutela Legal", "Movement of
        Victims of the Regime (MOVIR)"); "" for joint reports and unnamed counters."""
        if organisation in ("coalition", "unnamed"):
            return ""
        if organisation in self.t.entry("bodies"):
            return self.bodies([organisation])[0]
        name = self.org(organisation).removeprefix("the ").removeprefix("el ")
        return name[:1].upper() + name[1:]

    def people(self, value) -> str:
        return fmt.whole(value, self.lang)


# --- deaths in custody ---------------------------------------------------------------------------

def _latest(n: dict, organisation: str, w: Words, precision: str | None = None) -> dict:
    """An organisation's latest figure, as words: its value in its shape and its date."""
    report = n["deaths_in_custody"][organisation]
    shown = report["date_precision"] if precision is None else precision
    return {"value": w.figure(report["kind"], report["value"]),
            "number": fmt.whole(report["value"], w.lang),
            "when": w.when(report["date"], shown), "kind": report["kind"]}


def deaths_values(n: dict, w: Words) -> dict:
    if "deaths" in w.cache:
        return dict(w.cache["deaths"])
    latest = n["deaths_in_custody"]
    sjh = _latest(n, "socorro_juridico", w)
    report = latest["socorro_juridico"]
    values = {"sjh": sjh["number"], "sjh_value": sjh["value"],
              "sjh_by": w.by(report["date"], report["date_precision"]),
              "sjh_when": sjh["when"], "regime": w.when(n["regime_start"], "day"),
              "regime_month": w.when(n["regime_start"], "month"), "none": w.none}
    for organisation in ORGANISATIONS:
        if organisation in latest and organisation not in BUCKETS:
            found = _latest(n, organisation, w)
            values[organisation] = found["value"]
            values[f"{organisation}_when"] = found["when"]
    cecot = n["deaths_in_cecot"]
    if cecot is not None:
        values.update(cecot=w.people(cecot["value"]),
                      cecot_when=w.when(cecot["date"], cecot["date_precision"]),
                      cecot_org=w.org(cecot["organisation"], "short"))
    w.cache["deaths"] = values
    return dict(values)


def others_sentence(n: dict, w: Words, form: str = "short") -> str:
    """The other counters' latest figures, each with its date, in one list (`form`: how each
    is named, "short" or its full "name", as at its first mention on a page)."""
    if ("others", form) in w.cache:
        return w.cache[("others", form)]
    items = []
    for organisation in ORGANISATIONS:
        if organisation in ("socorro_juridico",) or organisation in BUCKETS \
                or organisation not in n["deaths_in_custody"]:
            continue
        found = _latest(n, organisation, w)
        items.append(w("deaths-in-custody.item", name=w.org(organisation, form),
                       value=found["value"], when=found["when"]))
    w.cache[("others", form)] = "; ".join(items)
    return w.cache[("others", form)]


def cecot_deaths_sentence(n: dict, w: Words) -> str:
    """The chart's short note on deaths in CECOT itself (part of one organisation's count)."""
    cecot = n["deaths_in_cecot"]
    if cecot is None:
        return ""
    return w("deaths-in-custody.cecot", **deaths_values(n, w))


def deaths_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["deaths-in-custody"]
    reports = n["deaths_in_custody_reports"]
    sjh = n["deaths_in_custody"]["socorro_juridico"]
    values = deaths_values(n, w)
    values["others"] = others_sentence(n, w)
    caveats = "".join(
        w(f"deaths-in-custody.caveats.{flag}.{fmt.plural(count, w.lang)}",
          n=fmt.whole(count, w.lang))
        for flag, count in reports["flags"].items() if flag != "subset")
    values["caveats"] = caveats
    values["unnamed"] = w.none if reports["unnamed_highest"] is None else \
        fmt.whole(reports["unnamed_highest"], w.lang)
    note = cecot_deaths_sentence(n, w)
    if "government" in n["deaths_in_custody"]:
        gov = _latest(n, "government", w, "month")
        note = " ".join(filter(None, [note, w("deaths-in-custody.government",
                                               value=gov["value"], when=gov["when"])]))
    groups = [g for g in DEATH_GROUPS if any(GROUP_OF[o] == g for o in table["organisation"])]
    flags = table["flag"].dropna()
    labels = {
        "groups": {g: w(f"deaths-in-custody.groups.{g}") for g in groups},
        # Direct labels at the latest figure of the two counters drawn as lines.
        "ends": {o: w("deaths-in-custody.end", name=w.org(o, "short"),
                      value=fmt.whole(n["deaths_in_custody"][o]["value"], w.lang))
                 for o in ("socorro_juridico", "cristosal") if o in n["deaths_in_custody"]},
        "kinds": w.kinds(k for k in drawn_kinds(table, ("approx", "lower_bound"))),
        "flags": {f: w(f"deaths-in-custody.flags.{f}") for f in ("date_inferred",
                                                                 "inconsistent")
                  if (flags == f).any()},
        "axis": w("deaths-in-custody.axis"),
    }
    return ChartText(
        chart_id="deaths-in-custody", lang=w.lang,
        title=w(f"deaths-in-custody.title.{sjh['kind']}", **values),
        subtitle=w("deaths-in-custody.subtitle", **values),
        alt=w("deaths-in-custody.alt", **values), note=note,
        source_ids=computed.sources["deaths-in-custody"],
        as_of=computed.as_of["deaths-in-custody"], labels=labels,
        originators=w.bodies(o for o in ("socorro_juridico", "cristosal")
                             if o in n["deaths_in_custody"]),
        read_in=read_in(table, "organisation", w.counter_name),
        variants={"title": sjh["kind"]})


# --- arrests -------------------------------------------------------------------------------------

def arrests_values(n: dict, w: Words) -> dict:
    latest, pace = n["latest_arrests"], n["arrests_pace"]
    precision = latest["date_precision"]
    values = {"latest": w.figure(latest["kind"], latest["value"]),
              "latest_number": fmt.whole(latest["value"], w.lang),
              "by": w.by(latest["date"], to_month(precision)),
              "when": w.when(latest["date"], "day"),
              "regime": w.when(n["regime_start"], "day")}
    if pace is not None:
        first, since = pace["first"], pace["latest"]
        values.update(
            first=fmt.range_of(first["value"], first["high"], w.lang),
            first_by=w.by(first["date"], to_month(first["date_precision"])),
            first_when=w.when(first["date"], to_month(first["date_precision"])),
            since=fmt.whole(since["value"], w.lang),
            since_by=w.by(since["date"], to_month(since["date_precision"])),
            early=fmt.range_of(pace["per_day"]["first_year_low"],
                               pace["per_day"]["first_year_high"], w.lang),
            later=w.none if pace["per_day"]["since_low"] is None else fmt.range_of(
                pace["per_day"]["since_low"], pace["per_day"]["since_high"], w.lang))
    return values


def pace_variant(n: dict) -> str:
    pace = n["arrests_pace"]
    return "none" if pace is None else pace["finding"]


def arrests_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["arrests"]
    reports = n["arrests_reports"]
    latest = n["latest_arrests"]
    values = arrests_values(n, w)
    bounds = reports["lower_bounds"]
    values.update(
        first_reported=fmt.whole(reports["first_value"], w.lang),
        first_reported_when=w.when(reports["first_date"], reports["first_date_precision"]),
        bounds=w(f"arrests.bounds.{fmt.plural(bounds, w.lang)}", n=fmt.whole(bounds, w.lang),
                 rows=fmt.whole(reports["rows"], w.lang)))
    pace = pace_variant(n)
    labels = {"kinds": w.kinds(drawn_kinds(table)), "axis": w("arrests.axis"),
              "marked": {"latest": capitalised(values["latest"])}}
    if pace in ("slowed", "quickened", "unclear"):
        labels["marked"]["first"] = values["first"]
        labels["first_year"] = w("arrests.first_year")
    return ChartText(
        chart_id="arrests", lang=w.lang,
        title=w(f"arrests.title.{latest['kind']}", **values),
        subtitle=w(f"arrests.subtitle.{pace}", **values),
        alt=w(f"arrests.alt.{pace}", **values),
        note=first_fitting_note([
            w("arrests.note") + " " + side_by_side(computed.tables["arrest-reports"],
                                                   max(ARREST_DODGE_DAYS.values()), w.lang),
            w("arrests.note")]),
        source_ids=computed.sources["arrests"], as_of=computed.as_of["arrests"],
        labels=labels, originators=w.bodies(["mjsp", "pnc"]),
        # the official totals, as the press reported them at each extension
        read_in={name: read_in(table.assign(body=name), "body", str)[name]
                 for name in w.bodies(["mjsp", "pnc"])} if len(table) else {},
        variants={"title": latest["kind"], "subtitle": pace})


# --- prison population ---------------------------------------------------------------------------

def population_values(n: dict, w: Words) -> dict:
    latest, pre = n["latest_prison_population"], n["pre_regime_prison_population"]
    growth = n["growth_since_pre_regime"]
    variant = growth_variant(growth, latest["kind"])
    ratio = fmt.number(growth["ratio_low"], w.lang, 1) if variant == "at_least" else \
        fmt.range_of(growth["ratio_low"], growth["ratio_high"], w.lang, 1)
    at_when = w.at(latest["date"], latest["date_precision"])
    by = w(f"authors.{latest['body']}") if latest.get("body") else ""
    shown = fmt.whole(latest["value"], w.lang)
    return {"variant": variant, "ratio": ratio, "author": by,
            "latest": w(f"prison-population.latest.{latest['kind']}."
                        f"{'authored' if by else 'anonymous'}", value=shown, at_when=at_when,
                        author=by),
            "latest_number": shown, "at_when": at_when,
            "when": w.when(latest["date"], latest["date_precision"]),
            "pre": fmt.range_of(pre["low"], pre["high"], w.lang),
            "pre_rows": fmt.whole(pre["rows"], w.lang),
            "at_pre_when": w.at(pre["date"], "month"),
            "regime_month": w.when(n["regime_start"], "month")}


def originators(table: pd.DataFrame, first: str = "") -> list[str]:
    """The bodies whose figures a chart shows through the press (a body whose own document is
    a source is credited by the source line itself), the title's first, then official,
    international, NGO."""
    order = {o: i for i, o in enumerate(("official", "international", "ngo", "press"))}
    relayed = table[[bool(kinds_of(s) & {"press", "opinion"}) for s in table["source_id"]]]
    bodies = relayed.sort_values("origin", key=lambda s: s.map(order), kind="stable")["body"]
    present = set(table["body"])
    return [b for b in dict.fromkeys([first, *bodies]) if b and b in present]


def set_aside_sentence(n: dict, w: Words) -> str:
    """The later figures drawn in grey, and why none of them is the story's latest."""
    items = [w(f"prison-population.set_aside.{r['because']}",
               value=fmt.whole(r["value"], w.lang),
               when=w.when(r["date"], to_month(r["date_precision"])))
             for r in n["prison_population_set_aside"]]
    if not items:
        return ""
    return w(f"prison-population.set_aside_intro.{fmt.plural(len(items), w.lang)}",
             items="; ".join(items))


def not_drawn_sentence(n: dict, w: Words) -> str:
    """The prison figures kept in the data but never drawn, and why."""
    items = []
    for r in n.get("prison_population_not_drawn", []):
        author = w(f"authors.{r['body']}") if r["body"] else ""
        form = "authored" if author else "anonymous"
        items.append(w(f"sentences.not_drawn.{r['verification']}.{form}",
                       value=w.figure(r["kind"] if r["kind"] != "estimate" else "count",
                                      r["value"]),
                       when=w.when(r["date"], r["date_precision"]), author=author))
    return w("sentences.not_drawn.intro", items="; ".join(items)) if items else ""


def population_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["prison-shown"]
    shown = n["prison_population_shown"]
    values = population_values(n, w)
    values.update(first=year(shown["first_date"]), last=year(shown["last_date"]))
    later = [r for r in n["prison_population_set_aside"]
             if r["date"] >= shown["first_date"]]
    grey = ~table["headline_worthy"] & (table["not_headline_because"] != "year")
    origins = [o for o in ("official", "international", "ngo", "press")
               if (table.loc[~grey, "origin"] == o).any()]
    labels = {"origins": {o: w(f"origins.{o}") for o in origins},
              "kinds": w.kinds(drawn_kinds(table[~table["yearly_series"]],
                                           ("estimate", "lower_bound"))),
              "axis": w("prison-population.axis"),
              "clusters": {c["date"]: w("prison-population.cluster",
                                        range=fmt.range_of(c["low"], c["high"], w.lang),
                                        n=fmt.whole(c["rows"], w.lang))
                           for c in shown["clusters"]}}
    if grey.any():  # why they are grey, as the data give it: "Opinion column or no source given"
        reasons = dict.fromkeys(table.loc[grey, "not_headline_because"])
        labels["origins"]["not_established"] = capitalised(w("not_established_by.join").join(
            w(f"not_established_by.{r}") for r in reasons))
    if shown["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    note = ""
    if later:
        note = set_aside_sentence({**n, "prison_population_set_aside": later}, w)
    shows_pre = shown["first_date"] < n["regime_start"]
    subtitle = "with_pre" if shows_pre else "from_start"
    return ChartText(
        chart_id="prison-population", lang=w.lang,
        title=by_variant(w, "prison-population.title", values["variant"], **values),
        subtitle=w(f"prison-population.subtitle.{subtitle}", **values),
        alt=w("prison-population.alt", **values), note=note,
        source_ids=computed.sources["prison-population"],
        as_of=computed.as_of["prison-population"], labels=labels,
        originators=w.bodies(originators(table, n["latest_prison_population"]["body"])),
        read_in=read_in(table, "body", lambda b: w.bodies([b])[0]),
        variants={"title": values["variant"], "subtitle": subtitle})


# --- incarceration rate --------------------------------------------------------------------------

def rate_values(n: dict, w: Words) -> dict:
    shown = n["incarceration_rate_shown"]
    comp, pre = shown["computed"], n["computed_incarceration_rate_pre_regime"]
    dated = shown["latest_dated"]
    values = {"per": fmt.whole(PER, w.lang), "first": str(shown["first_year"]),
              "last": str(shown["last_year"]), "none": w.none}
    if comp is not None:
        values.update(latest=w.rate(comp["low"], comp["high"]),
                      when=w.when(comp["date"], comp["date_precision"]))
    if pre is not None:
        values.update(pre=w.rate(pre["low"], pre["high"]), pre_when=w.when(pre["date"],
                                                                            "month"))
    if dated is not None:
        values.update(dated=fmt.whole(dated["value"], w.lang),
                      dated_when=w.when(dated["date"], dated["date_precision"]),
                      dated_by=w(f"rate_authors.{dated['source_id']}")
                      if f"{dated['source_id']}" in w.t.entry("rate_authors")
                      else w(f"incarceration-rate.series.{dated['series']}"))
    return values


def rate_title_variant(n: dict) -> str:
    shown = n["incarceration_rate_shown"]
    comp, pre = shown["computed"], n["computed_incarceration_rate_pre_regime"]
    if comp is None:
        return "reported_only"
    if pre is None or pre["date"] >= n["regime_start"] or comp["date"] < n["regime_start"]:
        return "no_comparison"
    if comp["kind"] == "lower_bound":
        return fold_variant(comp["low"] / pre["high"], 0, open_above=True)
    return fold_variant(comp["low"] / pre["high"], comp["high"] / pre["low"])


def rate_originators(rates: pd.DataFrame) -> list[str]:
    """The bodies whose rates the press reported (World Prison Brief, IDHUCA): the source line
    names them before the outlets (a body whose own file is a source is credited by it)."""
    relayed = rates[[bool(kinds_of(s) & {"press", "opinion"}) for s in rates["source_id"]]]
    found = ["world_prison_brief" if s == "world_prison_brief" else
             RATE_BODIES.get(source_id, "") for s, source_id in
             zip(relayed["series"], relayed["source_id"])]
    return [b for b in dict.fromkeys(found) if b]


def rate_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    shown = n["incarceration_rate_shown"]
    rates = computed.tables["rates-shown"]
    ranges = computed.tables["computed-rate-ranges-shown"]
    values = rate_values(n, w)
    variant = rate_title_variant(n)
    dated = shown["latest_dated"]
    if variant == "reported_only":
        subtitle = "reported_only" if dated is not None else "reported_undated"
    elif variant == "no_comparison":
        subtitle = "computed_only"
    elif variant.rpartition("_")[0] in ("nearly", "about", "over"):
        subtitle = "before"  # the title states the latest rate
    else:
        subtitle = "computed"
    comp = shown["computed"]
    if subtitle != "reported_only" and dated is not None and comp is not None \
            and dated["date"] > comp["date"]:
        subtitle += "_and_dated"
    if variant == "reported_only" and dated is None:
        title = "reported_undated"
        latest = shown["latest"]
        values.update(latest_reported=fmt.whole(latest["value"], w.lang),
                      latest_reported_by=w(f"incarceration-rate.series.{latest['series']}"))
    else:
        title = variant
    series = list(dict.fromkeys(rates["series"]))
    labels = {"series": {}, "axis": w("incarceration-rate.axis", per=values["per"])}
    for s in ("unodc", "world_prison_brief", "oas"):
        if s in series:
            labels["series"][s] = w(f"incarceration-rate.series.{s}")
    for origin in ("press", "ngo"):
        if ((rates["series"] == "other") & (rates["origin"] == origin)).any():
            labels["series"][f"other_{origin}"] = w(f"incarceration-rate.series.other_{origin}")
    # The rates computed here, in the legend: rings and bars in the colour of whose head count
    # they divide, named in the order the swatch shows those colours.
    spans = computed.tables["computed-rate-spans-shown"]
    across = [straddles_regime(r, n["regime_start"]) for _, r in spans.iterrows()]
    drawn = mark_origins(spans[~pd.Series(across, index=spans.index, dtype=bool)])  # the
    # ones across a year are "Year only"

    def whose(origins: list[str]) -> str:
        return ", ".join(w(f"incarceration-rate.computed_from.whose.{o}") for o in origins)

    if drawn["ring"]:
        labels["computed"] = w("incarceration-rate.computed_from.label",
                               whose=whose(drawn["ring"]))
    if drawn["bar"]:
        labels["computed_range"] = w("incarceration-rate.computed_from.range") \
            if drawn["bar"] == [o for o in drawn["ring"] if o in drawn["bar"]] else \
            w("incarceration-rate.computed_from.range_whose", whose=whose(drawn["bar"]))
    if any(across) or drawn["ring"] or drawn["bar"]:  # the heading of the computed rates
        labels["computed_head"] = w("incarceration-rate.computed_from.heading")
    both = pd.concat([rates[["date", "date_precision"]].assign(kind="rate"),
                      ranges[["date", "date_precision", "kind"]]], ignore_index=True)
    labels["kinds"] = w.kinds(k for k in drawn_kinds(both, ("lower_bound",)))
    # Every yearly figure sits mid-year, labelled, except a computed rate known only to the
    # year the state of exception began: drawn across that year (charts.straddles_regime).
    if not any(across):
        labels["kinds"].pop("year_only", None)
    else:  # drawn in the colours of whose head counts they divide, as the rings are
        labels["kinds"]["year_only"] = w(
            "incarceration-rate.computed_from.year_only",
            whose=whose(origins_in(spans[pd.Series(across, index=spans.index, dtype=bool)])))
    if shown["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    labels["marked"] = {}
    if comp is not None:
        labels["marked"]["latest"] = values["latest"]
    if variant not in ("reported_only", "no_comparison"):
        labels["marked"]["pre"] = values["pre"]
    note = ""
    return ChartText(
        chart_id="incarceration-rate", lang=w.lang,
        title=by_variant(w, "incarceration-rate.title", title, **values),
        subtitle=w(f"incarceration-rate.subtitle.{subtitle}", **values),
        alt=w(f"incarceration-rate.alt.{'computed' if comp else 'reported'}", **values,
              series=", ".join(w(f"incarceration-rate.series_in_text.{s}")
                               for s in labels["series"])),
        note=note, source_ids=computed.sources["incarceration-rate"],
        as_of=computed.as_of["incarceration-rate"], labels=labels,
        originators=w.bodies(rate_originators(rates)),
        variants={"title": title, "subtitle": subtitle})


# --- CECOT's share -------------------------------------------------------------------------------

def share_values(n: dict, w: Words) -> dict:
    latest, series = n["cecot_share"], n["cecot_share_series"]
    text, form = w.share(latest["low"], latest["high"])
    return {"latest": text, "form": form,
            "at_when": w.at(latest["date"], to_month(latest["date_precision"])),
            "At_when": capitalised(w.at(latest["date"], to_month(latest["date_precision"]))),
            "when": w.when(latest["date"], latest["date_precision"]),
            "national": fmt.whole(latest["national_low"], w.lang) if
            latest["national_low"] == latest["national_high"] else
            fmt.range_of(latest["national_low"], latest["national_high"], w.lang),
            "national_when": w.when(latest["national_date"], "month"),
            "gap": fmt.whole(series["max_gap_days"], w.lang),
            "far_days": fmt.whole(series["far_days"], w.lang),
            "first": year(series["first_date"]), "last": year(series["last_date"])}


def share_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    series = n["cecot_share_series"]
    shares = computed.tables["cecot-share"]
    values = share_values(n, w)
    far, far_short = {}, {}
    for report in series["far"]:
        share = fmt.percent(report["low"], w.lang) if report["high"] is None or \
            fmt.percent(report["low"], w.lang) == fmt.percent(report["high"], w.lang) else \
            f"{fmt.number(report['low'], w.lang, 1)}–{fmt.percent(report['high'], w.lang)}"
        key = "older" if report["gap_days"] > 0 else "newer"
        days = fmt.whole(abs(report["gap_days"]), w.lang)
        far[report["report_id"]] = w(f"cecot-share.far.{key}", share=share, days=days)
        far_short[report["report_id"]] = w(f"cecot-share.far_short.{key}", days=days)
    # A grey report is labelled with why (as the data give it; a reason text.yml does not
    # name is drawn grey without a label), and with its gap when its national figure is far.
    known = w.t.entry("cecot-share.labels")
    set_aside, set_aside_short = {}, {}
    for r in series["not_headline"]:
        reason = w(f"cecot-share.labels.{r['because']}") if r["because"] in known else ""
        for into, gaps, joint in ((set_aside, far, "set_aside_far"),
                                  (set_aside_short, far_short, "set_aside_far_short")):
            gap = gaps.pop(r["report_id"], "")
            shown = w(f"cecot-share.{joint}", label=reason, far=gap) if reason and gap \
                else reason or gap
            if shown:
                into[r["report_id"]] = shown
    worthy = shares[shares["headline_worthy"]]
    labels = {"kinds": w.kinds(drawn_kinds(worthy)), "axis": w("cecot-share.axis"),
              "set_aside": set_aside, "far": far,
              # On a phone: the gap alone ("104 days before"); the axis gives the share.
              "set_aside_short": set_aside_short, "far_short": far_short,
              # The headline's figure with its day: side by side with figures of close
              # dates, its mark may be drawn weeks from its date.
              "marked": {n["cecot_share"]["report_id"]: w(
                  "cecot-share.marked", share=fmt.percent(n["cecot_share"]["low"], w.lang),
                  date=fmt.day_month(n["cecot_share"]["date"], w.lang, short=True)
                  if n["cecot_share"]["date_precision"] == "day"
                  else w.when(n["cecot_share"]["date"], n["cecot_share"]["date_precision"]))}}
    alt_known = w.t.entry("cecot-share.alt_set_aside")
    alt_set_aside = [w(f"cecot-share.alt_set_aside."
                       f"{r['because'] if r['because'] in alt_known else 'other'}",
                       share=w.share(r["low"], r["high"])[0]) for r in series["not_headline"]]
    side = side_by_side(computed.tables["cecot-share"], max(SHARE_DODGE_DAYS.values()), w.lang)
    notes = [""]
    if series["far"]:
        spacing = series.get("national_min_spacing_days")
        notes = [w(f"cecot-share.note.{form}", far_days=values["far_days"])
                 for form in (("spaced", "nearest") if spacing and spacing >= 60
                              else ("nearest",))]
    note = first_fitting_note([f"{n} {side}" for n in notes] + notes[:1])
    return ChartText(
        chart_id="cecot-share", lang=w.lang,
        title=w(f"cecot-share.title.{values['form']}", **values),
        subtitle=w("cecot-share.subtitle", **values),
        alt=w("cecot-share.alt", **values, set_aside=" ".join(alt_set_aside)), note=note,
        source_ids=computed.sources["cecot-share"], as_of=computed.as_of["cecot-share"],
        labels=labels,
        originators=w.bodies(b for cell in shares["national_bodies"] for b in cell.split(";")),
        variants={"latest_share": values["form"]})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    w = Words(lang)
    return {"deaths-in-custody": deaths_text(computed, w),
            "arrests": arrests_text(computed, w),
            "prison-population": population_text(computed, w),
            "incarceration-rate": rate_text(computed, w),
            "cecot-share": share_text(computed, w)}


# --- what the notebook prints, and the story page ------------------------------------------------

def key_sentences(n: dict, w: Words) -> dict[str, str]:
    """The story's findings as sentences, from numbers.json alone (the notebook and the page
    say the same thing)."""
    deaths = deaths_values(n, w)
    out = {"deaths": w("sentences.deaths", **deaths),
           "others": w("sentences.others", others=others_sentence(n, w)),
           "relayed": w("sentences.relayed", **deaths) if "amnesty" in deaths else "",
           "cecot_deaths": w("sentences.cecot_deaths", **deaths) if "cecot" in deaths
           else ""}
    if "government" in n["deaths_in_custody"]:
        gov = _latest(n, "government", w, "month")
        out["government"] = w("sentences.government", value=gov["value"], when=gov["when"])
    arrests = arrests_values(n, w)
    out["arrests"] = w(f"sentences.arrests.{pace_variant(n)}", **arrests)
    pop = population_values(n, w)
    out["prison"] = by_variant(w, "sentences.prison", pop["variant"], **pop)
    out["prison_set_aside"] = set_aside_sentence(n, w)
    out["prison_not_drawn"] = not_drawn_sentence(n, w)
    count = n["latest_official_count"]
    out["official_count"] = w("sentences.official_count",
                              value=fmt.whole(count["value"], w.lang),
                              when=w.when(count["date"], count["date_precision"]))
    comp, pre = n["computed_incarceration_rate"], n["computed_incarceration_rate_pre_regime"]
    dated = n["latest_dated_incarceration_rate"]
    if comp is not None and pre is not None:
        out["rate"] = w("sentences.rate", latest=w.rate(comp["low"], comp["high"]),
                        when=w.when(comp["date"], comp["date_precision"]),
                        pre=w.rate(pre["low"], pre["high"]),
                        pre_when=w.when(pre["date"], "month"), per=fmt.whole(PER, w.lang))
    if dated is not None:
        by = w(f"rate_authors.{dated['source_id']}") if dated["source_id"] in \
            w.t.entry("rate_authors") else w(f"incarceration-rate.series.{dated['series']}")
        out["rate_dated"] = w("sentences.rate_dated", value=fmt.whole(dated["value"], w.lang),
                              when=w.when(dated["date"], dated["date_precision"]), by=by,
                              per=fmt.whole(PER, w.lang))
    share = share_values(n, w)
    out["share"] = w("sentences.share", **share)
    return {k: v for k, v in out.items() if v}


def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """Every sentence the notebook prints that states something, made from the run's numbers
    (the notebook prints them: `said = words.sentences(story, lang)`, `print(said[key])`)."""
    w = Words(lang)
    n = computed.numbers
    out = key_sentences(n, w)
    flags = n["deaths_in_custody_reports"]["flags"]
    out["flags"] = w("sentences.flags", **{f: fmt.whole(flags.get(f, 0), w.lang)
                                           for f in ("date_inferred", "inconsistent",
                                                     "subset")})
    out["arrests_checks"] = w(f"sentences.arrests_checks.{fmt.plural(n['arrests_contradictions'], lang)}",
                              below=fmt.whole(n["arrests_below_earlier_reports"], lang),
                              n=fmt.whole(n["arrests_contradictions"], lang))
    missing = n["years_without_population"]
    out["no_population"] = w(f"sentences.no_population.{fmt.plural(len(missing), lang)}",
                             years=listed(
        [str(y) for y in missing], w)) if missing else ""
    shown = n["incarceration_rate_shown"]
    population = n["prison_population_shown"]

    def counted(part: str, count: int, **values) -> str:  # "no …", "1 …" or "{n} …"
        form = "zero" if count == 0 else fmt.plural(count, lang)
        return w(f"sentences.shown.{part}.{form}", n=fmt.whole(count, lang), **values)

    out["shown"] = w("sentences.shown.intro", start=str(n["start_year"]),
                     population=counted("population", population["rows"],
                                        first=year(population["first_date"])
                                        if population["rows"] else ""),
                     rates=counted("rates", shown["rows"]),
                     computed=counted("computed", shown["computed_rows"]))
    return {k: v for k, v in out.items() if v}


def page(numbers: dict, lang: str) -> PageText:
    """The story page: its own headline and standfirst, a paragraph of context, the findings as
    sentences, the caveats for readers and the methodology, from numbers.json alone."""
    w = Words(lang)
    n = numbers
    deaths = deaths_values(n, w)
    arrests = arrests_values(n, w)
    pop = population_values(n, w)
    share = share_values(n, w)
    sjh_kind = n["deaths_in_custody"]["socorro_juridico"]["kind"]
    said = key_sentences(n, w)
    values = {**deaths, **{f"arrests_{k}": v for k, v in arrests.items()},
              **{f"prison_{k}": v for k, v in pop.items()},
              **{f"share_{k}": v for k, v in share.items()},
              "first_transfer": w.when(n["cecot_first_transfer"]["date"], "month"),
              "official_year": year(n["latest_official_count"]["date"]),
              "unodc_release": w.when(n["incarceration_rate_releases"]["unodc"][-1], "day")
              if "unodc" in n["incarceration_rate_releases"] else w.none}
    # The standfirst gives Socorro Jurídico's count, the latest arrests and prison figures:
    # the key numbers add the other counters, and what came before.
    said["arrests_detail"] = w(f"sentences.arrests_detail.{pace_variant(n)}", **arrests)
    said["prison_before"] = w("sentences.prison_before", **pop)
    key = [said[k] for k in ("others", "cecot_deaths", "arrests_detail", "prison_before",
                             "rate", "share") if said.get(k)]
    # The arrests chart says "arrests, not people" itself: a caveat is given once.
    caveats = [w(f"page.caveats.{c}", **values) for c in ("deaths", "prison", "share")]
    methodology = [w(f"page.methodology.{p}", **values, others=others_sentence(n, w, "name"))
                   for p in ("sources", "deaths", "arrests", "prison", "rates", "share",
                             "limits")]
    return PageText(
        story="prisons", lang=lang,
        headline=w(f"page.headline.{sjh_kind}", **values),
        standfirst=by_variant(w, "page.standfirst", pop["variant"], **values),
        context=w("page.context", **values),
        key_numbers=key, caveats=caveats, methodology=methodology,
        variants={"headline": sjh_kind, "standfirst": pop["variant"]})
