"""`cecot.explore(story)`: live controls for a story in JupyterLab.

The controls are made from the story's declared parameters (cecot.params: name, type, default,
help), their checks (story.yml: minimum, maximum, one_of) and, where the checks leave a range
open, the slider hints under `explore:` in story.yml. Moving one re-runs the story's own
compute and words (the same layers the build runs: no second implementation) and redraws its
main chart. Nothing is written anywhere: the chart is drawn in memory and shown.
"""

from __future__ import annotations

import base64
import html
import importlib
from typing import Any

from .. import params, registry, style
from ..data import load_table
from ..errors import ParameterError
from ..words import Text

NOT_CONTROLS = ("lang", "output_dir")


def _choices(story: registry.Story, name: str) -> list | None:
    one_of = story.checks.get(name, {}).get("one_of")
    hint = story.controls.get(name, {}).get("options")
    for source in (hint, one_of):
        if isinstance(source, list):
            return list(source)
        if isinstance(source, str):  # "table.column" of data/
            table, _, column = source.partition(".")
            return sorted({r[column] for r in load_table(table).records})
    return None


def _bounds(story: registry.Story, param: params.Param) -> tuple[float, float, float]:
    checks, hint = story.checks.get(param.name, {}), story.controls.get(param.name, {})
    default = param.default
    low = hint.get("min", checks.get("minimum", checks.get("greater_than", 0)))
    high = hint.get("max", checks.get("maximum", max(default * 4, low + 10)))
    step = hint.get("step", 1 if param.type is int else max((high - low) / 200, 0.01))
    return low, high, step


def tooltip(story: registry.Story, param: params.Param, lang: str) -> str:
    """The parameter's help in `lang`: the notebook declares it in English; the story's
    text.yml translates it (`parameters.<name>`)."""
    if lang == "en":
        return param.help
    try:
        return Text(story.name, lang)(f"parameters.{param.name}")
    except KeyError:
        return param.help


def control(story: registry.Story, param: params.Param, lang: str = "en"):
    """One widget for one parameter: a dropdown where the values are a list, a slider for a
    number, a text box otherwise; its tooltip is the parameter's help, in `lang`."""
    import ipywidgets as widgets

    common = dict(description=param.name, description_tooltip=tooltip(story, param, lang),
                  style={"description_width": "initial"},
                  layout=widgets.Layout(width="100%", max_width="32rem"))
    choices = _choices(story, param.name)
    if choices is not None:
        return widgets.Dropdown(options=choices, value=param.default, **common)
    if param.type in (int, float):
        low, high, step = _bounds(story, param)
        value = min(max(param.default, low), high)
        slider = widgets.IntSlider if param.type is int else widgets.FloatSlider
        return slider(value=value, min=low, max=high, step=step, continuous_update=False,
                      **common)
    return widgets.Text(value=str(param.default), continuous_update=False, **common)


class Explorer:
    """The controls of one story, its headline numbers and its main chart, kept in step."""

    def __init__(self, story: str, lang: str = "en"):
        import ipywidgets as widgets

        self.story = registry.story(story)
        self.lang = lang
        name = self.story.name
        self.compute = importlib.import_module(f"cecot.stories.{name}.compute")
        self.words = importlib.import_module(f"cecot.stories.{name}.words")
        self.charts = importlib.import_module(f"cecot.stories.{name}.charts")
        self.chart_id = self.story.explore_chart or self.story.charts[0]
        self.controls = {p.name: control(self.story, p, lang)
                         for p in params.declared(name).values() if p.name not in NOT_CONTROLS}
        self.summary = widgets.HTML()
        self.chart = widgets.Output()
        self.computed = None
        self.png: bytes = b""  # the chart shown, as PNG
        for widget in self.controls.values():
            widget.observe(self.update, names="value")
        self.widget = widgets.VBox([
            widgets.HTML(f"<h3>{html.escape(self.story.title_in(lang))}</h3>"),
            *self.controls.values(), self.summary, self.chart])
        self.update()

    def values(self) -> dict[str, Any]:
        return {name: widget.value for name, widget in self.controls.items()} | \
            {"lang": self.lang}

    def update(self, *_) -> None:
        """Validate the controls' values as the build would, re-run compute and words, show
        the headline numbers and redraw the chart."""
        try:
            checked = params.validate(self.story.name, self.values(),
                                      getattr(self.compute, "parameter_problem", None))
        except ParameterError as err:
            self.summary.value = f'<p style="color:#762A83">{html.escape(str(err))}</p>'
            return
        self.computed = self.compute.run(checked)
        texts = self.words.texts(self.computed, self.lang)
        lines = []
        if hasattr(self.words, "page"):
            page = self.words.page(self.computed.numbers, self.lang)
            lines = [page.headline] + list(page.key_numbers)
        else:
            lines = [texts[self.chart_id].title]
        self.summary.value = "<ul>" + "".join(f"<li>{html.escape(line)}</li>"
                                             for line in lines) + "</ul>" + self.at_ends()
        self._draw(texts[self.chart_id])

    def at_ends(self) -> str:
        """A slider holds a typed value to its range without a word: when one sits at an end
        (other than its default), say so, and how to run a value beyond it."""
        from .. import fmt
        from .site import Words

        notes = []
        for name, widget in self.controls.items():
            low, high = getattr(widget, "min", None), getattr(widget, "max", None)
            if low is None or widget.value not in (low, high) or \
                    widget.value == params.declared(self.story.name)[name].default:
                continue
            said = Words(self.lang)(
                "explore_at_end", name=name, story=self.story.name,
                value=fmt.number(widget.value, self.lang),
                low=fmt.number(low, self.lang), high=fmt.number(high, self.lang))
            notes.append(f"<p>{html.escape(said)}</p>")
        return "".join(notes)

    def _draw(self, text) -> None:
        """Draw the main chart at phone size and show it as a PNG in the chart's output area
        (the house style draws off screen, so the figure is rendered to an image here)."""
        import io

        import matplotlib.pyplot as plt

        frame, _ = self.charts.DRAW[self.chart_id](self.computed, text, style.NARROW)
        style.finish(frame)
        buffer = io.BytesIO()
        frame.fig.savefig(buffer, format="png", dpi=style.DPI)
        plt.close(frame.fig)
        self.png = buffer.getvalue()
        self.chart.outputs = ({"output_type": "display_data",
                               "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                                        "text/plain": text.alt},
                               "metadata": {"image/png": {"width": 360}}},)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def explore(story: str, lang: str = "en") -> Explorer:
    """Live controls for `story` (any story with parameters): sliders and dropdowns made from
    its declared parameters, its headline numbers and main chart recomputed as they move."""
    return Explorer(story, lang)
