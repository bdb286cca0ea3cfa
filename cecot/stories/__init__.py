"""The stories of the collection, one package each. Every story has the same parts:

- `story.yml`: its notebook, titles, charts in reading order and the checks on its parameters;
- `compute.py`: pure. Data in; tables and the story's numbers (numbers.json) out;
- `words.py` and `text.yml`: every sentence of its charts, in English and Spanish, filled from
  the numbers;
- `charts.py`: draws the charts from the computed tables and the words. No arithmetic.

No story imports another; shared concepts (ranges, formatting, sources, the house style) live
in the modules of the cecot package.
"""
