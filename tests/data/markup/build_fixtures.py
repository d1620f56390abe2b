"""Build the markup test fixtures (article.html, article.md) from samples/seed/spun.txt.

The article text is the seed sample, split into paragraphs where the scraper glued them
(``Pacific.They``) and dressed as a news page: header, navigation, scripts and styles holding
lexicon phrases, a figure with a caption, inline links and emphasis (some around a phrase, some
around one of its words), character references. The prose between the ``article-body`` markers is
the sample's text token for token, so it can be scored with the seed's gold sites.

Run from the project root: ``python tests/data/markup/build_fixtures.py`` (the output is committed).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
GLUE = re.compile(r"(?<=[a-z0-9)][.!?])[”\"]?(?=[A-Z“])")


def paragraphs(body: str) -> list[str]:
    cuts = [0] + [m.end() for m in GLUE.finditer(body)] + [len(body)]
    return [body[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if body[a:b]]


# inline markup for the HTML page: (paragraph index, plain text, marked-up text)
HTML_MARKUP = [
    (3, "Jap Top Minister Fumio Kishida",
     'Jap <a href="https://news.example/topics/fumio-kishida" title="Top Minister">Top Minister Fumio Kishida</a>'),
    (1, "imaginative and prescient", "<em>imaginative and prescient</em>"),
    (1, "complete image", "<i>complete</i> image"),
    (1, "built-in air", "<strong>built-in</strong>\n      air"),
    (4, "“latticework”", "&ldquo;<q>latticework</q>&rdquo;"),
    (0, "the Pacific.", '<a href="/world/asia-pacific">the Pacific</a>.'),
]
ENTITY_PARAGRAPHS = {4: "&rsquo;", 8: "&#8217;", 20: "&#x2019;"}


def html_page(body_paras: list[str], headline: str) -> str:
    paras = [p.replace("&", "&amp;").replace("<", "&lt;") for p in body_paras]
    for i, plain, marked in HTML_MARKUP:
        assert plain in paras[i], (i, plain)
        paras[i] = paras[i].replace(plain, marked, 1)
    for i, ref in ENTITY_PARAGRAPHS.items():
        paras[i] = paras[i].replace("’", ref)
    paras = [p if i not in (7, 18) else p.replace(" billion", "&nbsp;billion") for i, p in enumerate(paras)]
    body = "\n".join(f"        <p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="description" content="Jap Top Minister visits; counterfeit consciousness on the agenda">
  <title>World News &amp; Politics | The Daily Example</title>
  <link rel="stylesheet" href="/static/site.css">
  <style>
    .top-minister::before {{ content: "Top Minister"; }}
    p > a[title="counterfeit consciousness"] {{ color: #036; }}
  </style>
  <script type="application/ld+json">
  {{"@type": "NewsArticle", "headline": "Jap Top Minister to visit", "keywords": ["counterfeit consciousness", "army"]}}
  </script>
  <script>
    if (a < b && b > c) {{ window.dataLayer = ["Top Minister", 'counterfeit consciousness']; }}
  </script>
</head>
<body class="article-page">
  <!-- header: Top Minister banner, counterfeit consciousness ad slot -->
  <header class="site-header">
    <a class="logo" href="/"><img src="/logo.svg" alt="The Daily Example: Top Minister news"></a>
    <nav aria-label="Sections">
      <ul>
        <li><a href="/world">World</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/tech" title="counterfeit consciousness">Technology</a></li>
        <li><a href="/opinion">Opinion &amp; Analysis</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1 class="headline">{headline}</h1>
      <p class="byline">By <a href="/staff/example">Staff Writer</a> &middot;
        <time datetime="2024-04-08">April 8, 2024</time></p>
      <figure>
        <img src="/img/kishida.jpg" alt="Jap Top Minister Fumio Kishida at a podium" width="640">
        <figcaption>Jap Top Minister Fumio Kishida speaks in Tokyo. <small>(Photo: Example Agency)</small></figcaption>
      </figure>
      <div class="article-body">
{body}
      </div>
      <aside class="explainer">
        <p>How the detector reads this page: <code>Top Minister</code> in code stays as written.</p>
        <pre>counterfeit consciousness -> artificial intelligence
Top Minister -> Prime Minister</pre>
      </aside>
    </article>
  </main>
  <footer>
    <p>&copy; 2024 The Daily Example &#8212; all rights reserved.</p>
    <textarea name="feedback">Top Minister</textarea>
  </footer>
  <script src="/static/app.js" async></script>
</body>
</html>
"""


MD_MARKUP = [
    (3, "Jap Top Minister Fumio Kishida", "Jap [Top Minister Fumio Kishida](https://news.example/topics/kishida)"),
    (1, "imaginative and prescient", "*imaginative and prescient*"),
    (1, "complete image", "_complete_ image"),
    (1, "built-in air", "**built-in**\nair"),
    (0, "army alliance", "army\nalliance"),
    (14, "america and Japan", "america\nand Japan"),
]


def markdown_doc(body_paras: list[str], headline: str) -> str:
    paras = list(body_paras)
    for i, p in enumerate(paras):
        paras[i] = re.sub(r"([\\`*_\[\]<>])", r"\\\1", p)  # the sample's own punctuation, escaped
    for i, plain, marked in MD_MARKUP:
        assert plain in paras[i], (i, plain)
        paras[i] = paras[i].replace(plain, marked, 1)
    paras[4] = paras[4].replace("’", "&rsquo;")
    paras[17] = "> " + paras[17]  # a quoted paragraph
    body = "\n\n".join(paras)
    return f"""---
title: "Jap Top Minister visits"
tags: [counterfeit consciousness, army]
---

# {headline}

<!-- article-body -->

{body}

<!-- /article-body -->

## How the detector reads this file

Code spans such as `Top Minister` and ``counterfeit consciousness`` stay as written.

```text
counterfeit consciousness -> artificial intelligence
Top Minister -> Prime Minister
```

    indented code: Jap Top Minister

<div class="note">Top Minister in an HTML block</div>

Links keep their targets: [a profile](https://news.example/top-minister "Top Minister") and
<https://news.example/counterfeit-consciousness>.
"""


def main() -> None:
    lines = (ROOT / "samples/seed/spun.txt").read_text(encoding="utf-8").split("\n")
    body, headline = lines[0], lines[1]
    paras = paragraphs(body)
    (HERE / "article.html").write_text(html_page(paras, headline), encoding="utf-8")
    (HERE / "article.md").write_text(markdown_doc(paras, headline), encoding="utf-8")


if __name__ == "__main__":
    main()
