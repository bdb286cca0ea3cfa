"""Every sentence and label of the homicide story, filled from the run's numbers: the charts'
words (texts), the sentences the notebook prints (sentences) and the story page (page).
text.yml holds the words in both languages; event labels are quoted from data/events.csv."""

from __future__ import annotations

import textwrap

from ... import fmt
from ...computed import Computed
from ...sources import read_in
from ...words import ChartText, PageText, Text, credit_name
from .compute import AGENCY_ORDER, ALL, short_change


# What fits a phone-sized chart (cecot.style.NARROW and NARROW_LINES): characters per line of
# the title (14.5 pt bold) and subtitle (12 pt) across 4.48 in, and the lines allowed.
PHONE_TITLE = {"chars": 35, "lines": {"en": 2, "es": 3}}
PHONE_SUBTITLE = {"chars": 48, "lines": 3}


def fits(text: str, limits: dict, lang: str) -> bool:
    lines = limits["lines"]
    return len(textwrap.wrap(text, limits["chars"])) <= (lines[lang] if isinstance(lines, dict)
                                                         else lines)


def figure_or_range(summary: dict, which: str, lang: str, digits: int = 0) -> str:
    """The figure most sources give for the highest or latest year, or, when none does, the
    range of the published figures (cecot.stories.homicides.compute.combine)."""
    value = summary[f"{which}_value"]
    if value is not None:
        return fmt.number(value, lang, digits)
    return fmt.range_of(summary[f"{which}_low"], summary[f"{which}_high"], lang, digits)


def year(value) -> str:
    """A year as a year: 2015, never 2,015."""
    return str(int(value))


def title_digits(value: float) -> int:
    """Decimals worth showing in a title: none from 10 up, one below."""
    return 0 if value >= 10 else 1


def trend_variant(summary: dict | None) -> str:
    """The title a highest-and-latest summary makes true: "fell" when every latest figure lies
    below every figure of the highest year, "went" when they overlap; one year (the highest
    is the latest); no figure."""
    if summary is None:
        return "plain"
    if summary["peak_year"] == summary["latest_year"]:
        return "one_year"
    return "fell" if summary["latest_high"] < summary["peak_low"] else "went"


def disagreement_variant(numbers: dict) -> str:
    """The disagreement title the numbers make true: the widest gap between counts since
    figures are validated jointly (when there is one), else "sources disagree most before
    joint validation" only when every source is shown and both widest gaps lie before it."""
    since = numbers["widest_count_since"]
    if since is not None and since["spread_pct"] > 0:
        return "count_gap"
    wide_rate, wide_count = numbers["widest_rate_spread"], numbers["widest_count_spread"]
    first = numbers["jointly_validated_from"]
    if (numbers["series_selected"] == ALL and wide_rate and wide_count
            and wide_rate["year"] < first and wide_count["year"] < first):
        return "before_joint"
    return "plain"


def counted(t: Text, key: str, n: int) -> str:
    """A count in words with its noun in the right number: 1 event, 10 events."""
    form = "one" if fmt.plural(n, t.lang) == "one" else "other"
    return t(f"{key}.{form}", n=fmt.whole(n, t.lang))


def month(iso: str, lang: str) -> str:
    """A counting-rule change's month: July 2019 · julio de 2019."""
    return fmt.date(iso, lang, "month")


def day(iso: str, lang: str) -> str:
    return fmt.date(iso, lang, "day")


def joined(t: Text, names: list[str]) -> str:
    """a, b and c."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + t("and") + names[-1]


def percent_range(low: float, high: float, lang: str) -> str:
    """41–47%, or 44% when both ends round alike."""
    if fmt.number(low, lang, 0) == fmt.number(high, lang, 0):
        return fmt.percent(high, lang, 0)
    return fmt.number(low, lang, 0) + fmt.WORDS["dash"][lang] + fmt.percent(high, lang, 0)


def key_date(row, lang: str) -> str:
    return fmt.date(row.date, lang, row.date_precision, short=True)


def events_key(t: Text, rows) -> tuple[list[dict], list[str]]:
    """The events of the chart's key, numbered 1 to n in date order: number, words, whether a
    phone keeps it, and its number among the ones a phone keeps (also 1 to n)."""
    items, quoted = [], []
    kept = 0
    for number, row in enumerate(rows.itertuples(), start=1):
        label = getattr(row, f"label_{t.lang}")
        kept += bool(row.key)
        items.append({"n": str(number), "n_narrow": str(kept) if row.key else "",
                      "text": t("key_item", date=key_date(row, t.lang), label=label),
                      "key": bool(row.key)})
        quoted.append(label)
    return items, quoted


def changes_key(t: Text, rows) -> tuple[list[str], list[str]]:
    """The counting-rule changes of the key, "date: what changed", at both sizes."""
    labels, items, quoted = t.table("change_labels"), [], []
    for row in rows.itertuples():
        label = labels.get(row.change_id)
        if label is None:
            label = short_change(getattr(row, f"description_{t.lang}"))
            quoted.append(label)
        items.append(t("key_item", date=key_date(row, t.lang), label=label))
    return items, quoted


def originators(t: Text, agencies, international: bool = False,
                insight_crime: bool = False) -> list[str]:
    """The bodies whose figures a chart shows, as its source line names them first: UNODC when
    its series is drawn, InSight Crime when its series is, then each agency that counted (not
    "government": no one body), as the glossary credits them."""
    out = [credit_name("UNODC", t.lang)] if international else []
    out += [credit_name("InSight Crime", t.lang)] if insight_crime else []
    return out + [credit_name(a, t.lang) for a in agencies if a != "government"]


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    """The words of every chart the run publishes."""
    made = {"rates-by-source": rates_text, "official-counts": counts_text,
            "disagreement": disagreement_text}
    t = Text("homicides", lang)
    return {chart_id: made[chart_id](computed, t) for chart_id in computed.sources}


def _span(computed: Computed) -> dict:
    return dict(start=year(computed.params["start_year"]), end=year(computed.params["end_year"]))


def _agencies(computed: Computed) -> list[str]:
    return list(computed.tables["count_agencies"]["agency"])


def range_text(summary: dict, which: str, lang: str) -> str:
    """Every published figure of the highest or latest year as one range (one figure when they
    round alike), in the decimals a title shows: sources are not averaged, and no one
    source's figure stands for all of them."""
    low, high = summary[f"{which}_low"], summary[f"{which}_high"]
    return fmt.range_of(low, high, lang, title_digits(low))


def latest_is_named(latest_from: list[str], peak_from: list[str]) -> bool:
    """The title names whose the latest figure is when one publisher gives it and the highest
    year's figures came from others; the subtitle then does not say it again."""
    return len(latest_from) == 1 and set(latest_from) != set(peak_from)


def named_latest(t: Text, value: str, latest_from: list[str], peak_from: list[str]) -> str:
    """The latest figure with whose it is, when the title names it: an official 1.3 ·
    UNODC's 7.9."""
    if latest_is_named(latest_from, peak_from):
        return t(f"rates-by-source.latest_named.{latest_from[0]}", value=value)
    return value


def excluded(t: Text, change: dict | None) -> dict:
    """What the official count leaves out since a counting-rule change, and since when."""
    if change is None:
        return {}
    return {"since": month(change["date"], t.lang),
            "what": t(f"rates-by-source.excluded.{change['change_id']}")}


def rates_text(computed: Computed, t: Text) -> ChartText:
    lang, params = t.lang, computed.params
    r = computed.numbers["charts"]["rates-by-source"]
    series = params["series"]
    span = _span(computed)
    rates = r["rates"]
    variant = trend_variant(rates)
    values = {}
    kind = ("published" if series == ALL else "published_one") if r["published_rates"] \
        else "computed" if r["computed_years"] else "plain"
    subtitle = t(f"rates-by-source.subtitle.{kind}", **span,
                 series_text=t.table("series_in_text").get(series, series))
    peak_kind = "none"
    if rates is not None:
        values = dict(
            peak=range_text(rates, "peak", lang), peak_year=year(rates["peak_year"]),
            latest=named_latest(t, range_text(rates, "latest", lang), r["latest_from"],
                                r["peak_from"]),
            latest_year=year(rates["latest_year"]))
        if variant in ("fell", "went"):
            whose = joined(t, [t.table("whose")[w] for w in r["latest_from"]])
            peak_kind = r["peak_kind"]
            peak = t(f"rates-by-source.peak.{peak_kind}", **values, **span)
            # whose the latest figure is goes unsaid when the title names it, or when the
            # subtitle names the one series drawn
            named = latest_is_named(r["latest_from"], r["peak_from"]) or kind == "published_one"
            latest = "" if named else t("rates-by-source.latest." + (
                "after" if peak else "alone"), whose=whose, **values)
            tail = peak + (latest or ("." if peak else ""))
            short = t("rates-by-source.subtitle.short", **span)
            if fits(subtitle + tail, PHONE_SUBTITLE, lang):
                subtitle += tail
            elif fits(short + tail, PHONE_SUBTITLE, lang):
                subtitle = short + tail
            else:  # the highest year is then not named as such
                peak_kind = "none"
                subtitle = short + ("" if named else t("rates-by-source.latest.alone",
                                                       whose=whose, **values))
    title = t(f"rates-by-source.title.{variant}", **values)
    peaks, latest = [], []
    inline = t.table("groups_in_text")
    for name, summary in r["by_series"].items():
        if name in r["republished"] and not r["republished"][name]["own_years"]:
            continue  # the same figures as its original's, listed once
        peaks.append(t("rates-by-source.alt_peak", series=inline.get(name, name),
                       year=year(summary["peak_year"]),
                       value=fmt.range_of(summary["peak_low"], summary["peak_high"], lang, 1)))
        latest.append(t("rates-by-source.alt_latest", series=inline.get(name, name),
                        year=year(summary["latest_year"]),
                        value=fmt.range_of(summary["latest_low"], summary["latest_high"],
                                           lang, 1)))
    events, events_quoted = events_key(t, computed.tables["events"])
    changes, changes_quoted = changes_key(t, computed.tables["counting_changes"])
    legend = {name: t.table("groups").get(name, name) for name in r["by_series"]}
    for name, link in r["republished"].items():  # drawn once, as the original
        legend[link["of"]] = t("republished.original", original=legend[link["of"]],
                               republisher=legend[name])
        legend[name] = t("republished.own", republisher=legend[name])
    labels = {
        "series": legend, "computed": t("rates-by-source.computed"),
        "events_heading": t("events"), "events": events,
        "changes_heading": t("changes"), "changes": changes,
        "axis": t("rates-by-source.axis"), "no_data": t("rates-by-source.no_data"),
    }
    if r["other_population_years"]:
        labels["computed_other"] = t("rates-by-source.computed_other", years=", ".join(
            year(y) for y in r["other_population_years"]))
    # The note: what the official count behind the official rates drawn leaves out, when a
    # counting-rule change is in force by their last year and the chart's key of changes does
    # not already say it; else, for a rate computed here, the population it uses.
    rule = excluded(t, r["official_excludes"])
    if rule and r["official_excludes"]["change_id"] in set(
            computed.tables["counting_changes"]["change_id"]):
        note, note_kind = "", "in_key"
    elif rule:
        note, note_kind = t("rates-by-source.note_excluded", **rule), "excluded"
    elif r["computed_years"]:
        note, note_kind = t("rates-by-source.note"), "population"
    else:
        note, note_kind = "", "none"
    # A rate the data call an outlier, drawn in a year the title names: the note says why the
    # title's range does not reach it.
    titled = {r["rates"]["peak_year"], r["rates"]["latest_year"]} if r["rates"] else set()
    for left_out in sorted(set(r["outliers_left_out"]) & titled):
        far = [o["rate"] for o in computed.numbers["context"]["outliers"]
               if o["year"] == left_out]
        which = "peak" if left_out == r["rates"]["peak_year"] else "latest"
        low, high = r["rates"][f"{which}_low"], r["rates"][f"{which}_high"]
        shown = range_text(r["rates"], which, lang)
        form = "figure" if shown == fmt.number(low, lang, title_digits(low)) else "range"
        side = "above" if min(far) > high else "below" if max(far) < low else "apart"
        lies = t.table("rates-by-source.outlier_lies")[side]
        said = t(f"rates-by-source.note_outlier.{form}", year=year(left_out), shown=shown,
                 rate=fmt.number(far[0], lang, 1), lies=lies[0]) if len(far) == 1 else \
            t(f"rates-by-source.note_outliers.{form}", year=year(left_out), shown=shown,
              n=fmt.whole(len(far), lang), lie=lies[1])
        note = " ".join(filter(None, [note, said]))
    drawn = [name for name in r["by_series"]
             if name not in r["republished"] or r["republished"][name]["own_years"]]
    named = {"unodc", "world_bank"} & set(drawn)
    return ChartText(
        chart_id="rates-by-source", lang=lang, title=title, subtitle=subtitle,
        alt=t("rates-by-source.alt", title=title, peaks="; ".join(peaks) or t("none"),
              latest="; ".join(latest) or t("none"),
              events=counted(t, "rates-by-source.alt_events", r["events"]),
              changes=counted(t, "rates-by-source.alt_changes", r["counting_changes"]),
              **span),
        source_ids=computed.sources["rates-by-source"],
        as_of=computed.as_of["rates-by-source"], note=note, labels=labels,
        variants={"title": variant, "subtitle": kind, "peak": peak_kind, "note": note_kind},
        verbatim=events_quoted + changes_quoted,
        originators=originators(t, _agencies(computed) if r["computed_years"] else [],
                                international=bool(named),
                                insight_crime="insight_crime" in drawn))


JOINT_CHANGE = "C01"  # police, prosecutors and forensic institute start reconciling counts


def counts_text(computed: Computed, t: Text) -> ChartText:
    lang = t.lang
    c = computed.numbers["charts"]["official-counts"]
    whole, wide = c["counts"], c["widest_spread"]
    variant = trend_variant(whole)
    span = _span(computed)
    if c["first_year"] is not None:
        span["start"] = year(max(c["first_year"], computed.params["start_year"]))
    dash = fmt.number(None, lang)
    alt = dict(span, peak=dash, peak_year=t("none"), latest=dash, latest_year=t("none"),
               wide_year=t("none"), wide_low=dash, wide_high=dash)
    values = {}
    first = []  # the years labelled first: the highest, the widest gap, the latest
    if whole is not None:
        for which in ("peak", "latest"):
            about = c[f"{which}_about"]
            values[which] = t("official-counts.about", n=fmt.whole(about, lang)) \
                if about is not None else figure_or_range(whole, which, lang)
            values[f"{which}_year"] = year(whole[f"{which}_year"])
            alt.update({which: fmt.range_of(whole[f"{which}_low"], whole[f"{which}_high"],
                                            lang, 0),
                        f"{which}_year": year(whole[f"{which}_year"])})
        first = [year(whole["peak_year"])]
    if wide is not None:
        alt.update(wide_year=year(wide["year"]), wide_low=fmt.whole(wide["low"], lang),
                   wide_high=fmt.whole(wide["high"], lang))
        first.append(year(wide["year"]))
    if whole is not None:
        first.append(year(whole["latest_year"]))
    title = t(f"official-counts.title.{variant}", **values)
    if variant in ("fell", "went") and not fits(title, PHONE_TITLE, lang):
        title = t(f"official-counts.title.{variant}_short", **values)
    excluded_since = c["excluded_since"]
    kind = "both" if {"C02", "C05"} <= set(excluded_since) else \
        "c02" if "C02" in excluded_since else "plain"
    subtitle = t(f"official-counts.subtitle.{kind}", **span,
                 **{k.lower(): month(v, lang) for k, v in excluded_since.items()})
    labelled = {y: fmt.range_of(v["low"], v["high"], lang, 0) for y, v in c["labelled"].items()}
    notes = []
    joint = computed.numbers["context"]["joint_last_year"]
    # The counts before joint validation, said once: by the key when it lists the change that
    # began it (C01), else by the note.
    keyed = JOINT_CHANGE in set(computed.tables["counting_changes"]["change_id"])
    if computed.params["start_year"] <= joint and c["first_year"] is not None \
            and c["first_year"] <= joint and not keyed:
        notes.append(t("official-counts.note.joint", year=year(joint))
                     if computed.params["end_year"] > joint else
                     t("official-counts.note.joint_all"))
    if wide is not None and wide["year"] >= joint + 1 and wide["spread_pct"] > 0 \
            and wide["high_from"] == "official/government" and not notes:
        notes.append(t("official-counts.note.gap", year=year(wide["year"]),
                       low=fmt.whole(wide["low"], lang), high=fmt.whole(wide["high"], lang)))
    changes, changes_quoted = changes_key(t, computed.tables["counting_changes"])
    return ChartText(
        chart_id="official-counts", lang=lang, title=title, subtitle=subtitle,
        alt=t("official-counts.alt", title=title,
              changes=counted(t, "rates-by-source.alt_changes",
                              len(computed.tables["counting_changes"])), **alt),
        source_ids=computed.sources["official-counts"],
        as_of=computed.as_of["official-counts"], note=" ".join(notes),
        labels={
            "figure": t("official-counts.figure"), "range": t("official-counts.range"),
            **({"dash": t("official-counts.dash")}
               if computed.numbers["charts"]["official-counts"]["dash_ranges"] else {}),
            "partial": t("official-counts.partial"),
            "changes_heading": t("changes"), "changes": changes,
            "axis": t("official-counts.axis"), "no_data": t("official-counts.no_data", **span),
            "values": dict(sorted(labelled.items())),
            "first_labels": list(dict.fromkeys(first)),
        },
        variants={"title": variant, "subtitle": kind}, verbatim=changes_quoted,
        originators=originators(t, _agencies(computed)),
        read_in=read_in(computed.tables["official-counts"], "agency",
                        lambda a: "" if a == "government" else credit_name(a, lang)))


def disagreement_text(computed: Computed, t: Text) -> ChartText:
    lang, n = t.lang, computed.numbers
    d = n["charts"]["disagreement"]
    numbers = dict(d, series_selected=computed.params["series"])
    variant = disagreement_variant(numbers)
    span = _span(computed)
    series = computed.params["series"]
    rates_of = t.table("disagreement.rates_of").get(series, series)
    values = {}
    since = d["widest_count_since"]
    form = variant
    if variant == "count_gap":
        values = {"from": year(max(d["jointly_validated_from"], computed.params["start_year"])),
                  "end": span["end"], "year": year(since["year"]),
                  "low": fmt.whole(since["low"], lang), "high": fmt.whole(since["high"], lang),
                  "low_who": counters(t, since["low_from"]),
                  "high_who": counters(t, since["high_from"])}
        official = all(part.startswith("official/") for part in
                       (since["low_from"] + ";" + since["high_from"]).split(";"))
        # "Since 2005" only when an earlier year of the window has counts further apart.
        wider_before = d["widest_count_spread"]["year"] != since["year"]
        forms = [("count_gap_since" if wider_before else
                  "count_gap_official" if official else "count_gap")]
        forms += ["count_gap_short", "count_gap_plain"]
        form = next((f for f in forms if fits(t(f"disagreement.title.{f}", **values),
                                              PHONE_TITLE, lang)), forms[-1])
    elif variant == "before_joint":
        values = {"last": year(d["jointly_validated_from"] - 1)}
    title = t(f"disagreement.title.{form}", **values)
    has_counts = d["widest_count_spread"] is not None
    kind = "both" if d["rates_compared"] and has_counts else \
        "rates" if d["rates_compared"] else "counts" if has_counts else "none"
    counts_text = t("disagreement.counts_text." + ("press" if d["press_counts_compared"]
                                                   else "official"))
    alt = dict(span)
    widest_years = {}
    for prefix, widest_, digits in (("rate", d["widest_rate_spread"], 1),
                                    ("count", since if variant == "count_gap"
                                     else d["widest_count_spread"], 0)):
        if widest_:
            widest_years[prefix] = {"year": year(widest_["year"]), "text": t(
                "key_item", date=year(widest_["year"]),
                label=fmt.range_of(widest_["low"], widest_["high"], lang, digits))}
            alt.update({f"{prefix}_year": year(widest_["year"]),
                        f"{prefix}_low": fmt.number(widest_["low"], lang, digits),
                        f"{prefix}_high": fmt.number(widest_["high"], lang, digits),
                        f"{prefix}_pct": fmt.percent(widest_["spread_pct"], lang, 0)})
        else:
            dash = fmt.number(None, lang)
            alt.update({f"{prefix}_year": t("disagreement.none"), f"{prefix}_low": dash,
                        f"{prefix}_high": dash, f"{prefix}_pct": dash})
    subtitle = t(f"disagreement.subtitle.{kind}", rates_of=rates_of,
                 counts_text=counts_text, **span)
    if not fits(subtitle, PHONE_SUBTITLE, lang):
        subtitle = t(f"disagreement.subtitle_short.{kind}", **span)
    return ChartText(
        chart_id="disagreement", lang=lang, title=title, subtitle=subtitle,
        alt=t("disagreement.alt", title=title, **alt),
        source_ids=computed.sources["disagreement"], as_of=computed.as_of["disagreement"],
        note=t("disagreement.note"),
        labels={
            "rates": t("disagreement.rates"), "counts": t("disagreement.counts"),
            "bar": t("disagreement.bar"), "axis": t("disagreement.axis"),
            "agree": t("disagreement.agree"), "single": t("disagreement.single"),
            "values": {measure: {y: fmt.range_of(v["low"], v["high"], lang, digits)
                                 for y, v in d["labelled"][measure].items()}
                       for measure, digits in (("rate", 1), ("count", 0))},
            # The widest gap of each measure (the title's, for counts): the one label a
            # phone-sized chart keeps.
            "widest": widest_years,
        },
        variants={"title": variant, "title_form": form, "subtitle": kind},
        originators=originators(t, _agencies(computed), international=bool(
            {"unodc", "world_bank"} & set(n["series"])),
            insight_crime="insight_crime" in n["series"]))


def counters(t: Text, ends: str) -> str:
    """Who published the figures at one end of a gap ("official/FGR;official/PNC"), as a
    reader names them: police and prosecutors; an outlet by its name."""
    names = t.table("counters")
    agencies = [part.partition("/")[2] for part in ends.split(";")]
    agencies.sort(key=lambda a: AGENCY_ORDER.index(a) if a in AGENCY_ORDER else len(AGENCY_ORDER))
    return joined(t, list(dict.fromkeys(names.get(a, a) for a in agencies)))


# --- what the notebook prints ----------------------------------------------------------------

def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """The finished sentences the notebook prints, each true of this run's numbers."""
    t = Text("homicides", lang)
    n, params = computed.numbers, computed.params
    out = {}
    series = params["series"]
    if "official-counts" not in computed.sources:
        out["official"] = t("said.official.out", series=series)
    fall = n["fall_2019_2020"]
    years = dict(from_year=year(fall["from_year"]), to_year=year(fall["to_year"]))
    if fall["largest_fall_pct"] is None:
        out["fall"] = t("said.fall.none", **years)
    else:
        out["fall"] = t("said.fall.both", largest=fmt.percent(-fall["largest_fall_pct"], lang, 2),
                        smallest=fmt.percent(-fall["smallest_fall_pct"], lang, 2), **years)
    half = n["context"]["half_year_fall_pct"]
    if half is not None:
        out["article"] = t("said.article", pct=fmt.percent(half, lang, 1), **years)
    rate, count = n["widest_rate_spread"], n["widest_count_spread"]
    kind = "both" if rate and count else "rates" if rate else "counts" if count else "none"
    values = _span(computed)
    for prefix, widest_, digits in (("rate", rate, 1), ("count", count, 0)):
        if widest_:
            values.update({f"{prefix}_year": year(widest_["year"]),
                           f"{prefix}_low": fmt.number(widest_["low"], lang, digits),
                           f"{prefix}_high": fmt.number(widest_["high"], lang, digits)})
    out["widest"] = t(f"said.widest.{kind}", **values)
    missing = n["recomputed_rates"]["missing_population_years"]
    out["population"] = t("said.population.missing", years=", ".join(year(y) for y in missing)) \
        if missing else t("said.population.none")
    return out


# --- the story page --------------------------------------------------------------------------

def rates_sentence(t: Text, rates: dict, latest_from: list[str],
                   outliers: list[dict] = ()) -> str:
    """The page's sentence on the rates: every published rate of the highest year (a range,
    never one source's figure for all; a rate the data call an outlier that year is said
    apart, as the chart draws it), then the latest year's, said to be official when only the
    authorities give it (what their count leaves out is said once, in the page's context)."""
    lang = t.lang

    def part(which: str) -> dict:
        low, high = rates[f"{which}_low"], rates[f"{which}_high"]
        digits = title_digits(low)
        one = fmt.number(low, lang, digits) == fmt.number(high, lang, digits)
        return {"form": "one" if one else "range", "low": fmt.number(low, lang, digits),
                "high": fmt.number(high, lang, digits),
                "year": year(rates[f"{which}_year"])}

    peak, latest = part("peak"), part("latest")
    text = t(f"page.key.rates_peak.{peak['form']}", **peak)
    for outlier in outliers:
        if outlier["year"] == rates["peak_year"]:
            text += t("page.key.rates_peak.outlier",
                      rate=fmt.number(outlier["rate"], lang, 1))  # as the data give it
    if latest_from == ["authorities"]:
        value = fmt.range_of(rates["latest_low"], rates["latest_high"], lang,
                             title_digits(rates["latest_low"]))
        text += t("page.key.rates_latest.official", year=latest["year"], value=value)
    else:
        text += t(f"page.key.rates_latest.{latest['form']}", **latest)
    return text


def page(numbers: dict, lang: str) -> PageText:
    """The story page from numbers.json: its headline (the official count's fall, as the rules
    changed), standfirst, context, key numbers as sentences, caveats and methodology."""
    t = Text("homicides", lang)
    context = numbers["context"]
    changes = context["changes"]
    counts = numbers["charts"].get("official-counts")
    whole = counts["counts"] if counts else None
    variant = "plain"
    if trend_variant(whole) == "fell":
        variant = "fell_rules" if counts["changes_between"] else "fell"
    values = {}
    if variant != "plain":
        for which in ("peak", "latest"):
            about = counts[f"{which}_about"]
            values[which] = t("official-counts.about", n=fmt.whole(about, lang)) \
                if about is not None else figure_or_range(whole, which, lang)
            values[f"{which}_year"] = year(whole[f"{which}_year"])
    headline = t(f"page.headline.{variant}", **values)
    key = []
    wide = numbers["charts"]["disagreement"]["widest_count_since"]
    if wide is not None and wide["spread_pct"] > 0 and wide["high_from"] == "official/government":
        key.append(t("page.key.counts", year=year(wide["year"]),
                     low=fmt.whole(wide["low"], lang), high=fmt.whole(wide["high"], lang),
                     low_who=counters(t, wide["low_from"]),
                     high_who=counters(t, wide["high_from"])))
    r = numbers["charts"]["rates-by-source"]
    rates = r["rates"]
    if rates is not None and rates["peak_year"] != rates["latest_year"]:
        key.append(rates_sentence(t, rates, r["latest_from"], context["outliers"]))
    fall = numbers["fall_2019_2020"]
    if fall["largest_fall_pct"] is not None and context["half_year_fall_pct"] is not None:
        key.append(t("page.key.fall", from_year=year(fall["from_year"]),
                     to_year=year(fall["to_year"]),
                     fall=percent_range(-fall["smallest_fall_pct"],
                                        -fall["largest_fall_pct"], lang),
                     pct=fmt.percent(context["half_year_fall_pct"], lang, 1)))
    # Each caveat once: what the charts already say (the rule changes and what each left out,
    # the years before joint validation, the World Bank republishing UNODC) is not repeated.
    caveats = [t("page.caveats.comparable")]
    release, newest = context["unodc_release"], context.get("wdi_newest_release")
    if release and context["unodc_last_year"]:
        caveats.append(t("page.caveats.unodc_newer" if newest and newest > release
                         else "page.caveats.unodc", release=day(release, lang),
                         newest=day(newest, lang) if newest else "",
                         unodc_last_year=year(context["unodc_last_year"])))
    outliers = joined(t, [t("page.outlier", year=year(o["year"]),
                            rate=fmt.number(o["rate"], lang, 1))
                          for o in context["outliers"]])
    partial = ", ".join(year(y) for y in context["partial_years"])
    methodology = [entry[lang].format(outliers=outliers, partial=partial)
                   for entry in t.entry("page.methodology")]
    return PageText(
        story="homicides", lang=lang, headline=headline, standfirst=t("page.standfirst"),
        context=t("page.context", exception=day(context["exception_from"], lang),
                  opened=day(context["cecot_opened"], lang), c05=month(changes["C05"], lang)),
        key_numbers=key, caveats=caveats, methodology=methodology,
        variants={"headline": variant})
