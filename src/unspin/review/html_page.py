"""``--format html``: one self-contained review page (inline CSS and JS, no network, no external assets).

The page shows the text with every edit highlighted by kind and confidence; hovering or focusing an
edit shows its rule, reason and alternatives and accept/reject buttons (keys ``y``/``n``/``u`` on a
focused edit). Rules can be accepted or rejected as a whole. The accepted edits are exported as JSONL,
byte for byte the lines ``--format jsonl`` writes, so ``unspin apply`` takes the export.

Every piece of input text is HTML-escaped; the edit data travels in a JSON block with ``<``, ``>``
and ``&`` escaped, so no input can close the script element.

>>> from unspin.model import Edit, Result
>>> page = html_page("a <x-evil>", Result("A <x-evil>", (Edit(0, 1, "a", "A", rule="x:1"),)), "in.txt")
>>> "<x-evil>" in page, "&lt;x-evil&gt;" in page
(False, True)
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence

from ..model import KINDS, Edit, Result
from ..render import LineIndex, edit_record

HIGH, MEDIUM = 0.9, 0.7  # confidence bands for the underline style


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _json_for_script(value: object) -> str:
    """JSON safe inside a <script> element: no ``</script>``, ``<!--`` or entity can be formed."""
    s = json.dumps(value, ensure_ascii=False)
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _visible(s: str) -> str:
    """Whitespace-only changes would be invisible: show them as symbols."""
    if s and not s.strip():
        return "".join({" ": "␣", "\n": "⏎", "\t": "⇥"}.get(c, "·") for c in s)
    return s


def confidence_band(c: float) -> str:
    """``high``, ``medium`` or ``low``.

    >>> confidence_band(0.97), confidence_band(0.85), confidence_band(0.5)
    ('high', 'medium', 'low')
    """
    return "high" if c >= HIGH else "medium" if c >= MEDIUM else "low"


def _edit_span(i: int, e: Edit) -> str:
    parts = [f'<span class="edit k-{_esc(e.kind)} c-{confidence_band(e.confidence)}" id="e{i}" data-i="{i}" '
             f'data-rule="{_esc(e.rule)}" tabindex="0" aria-describedby="tip{i}">']
    if e.original:
        ws = ' class="ws"' if not e.original.strip() else ""
        parts.append(f"<del{ws}>{_esc(_visible(e.original))}</del>")
    if e.replacement:
        ws = ' class="ws"' if not e.replacement.strip() else ""
        parts.append(f"<ins{ws}>{_esc(_visible(e.replacement))}</ins>")
    alts = f'<span class="alts">alternatives: {_esc(", ".join(e.alternatives))}</span>' if e.alternatives else ""
    parts.append(
        f'<span class="tip" role="tooltip" id="tip{i}"><b>{_esc(e.rule or "(no rule)")}</b> '
        f'<span class="meta">{_esc(e.kind)} · confidence {e.confidence:.2f}</span>'
        f'<span class="change">{_esc(repr(e.original))} → {_esc(repr(e.replacement))}</span>'
        f'<span class="reason">{_esc(e.reason)}</span>{alts}'
        f'<span class="acts"><button type="button" class="accept" data-act="accepted">accept</button>'
        f'<button type="button" class="reject" data-act="rejected">reject</button>'
        f'<button type="button" class="undo" data-act="pending">undecided</button></span></span></span>')
    return "".join(parts)


def _text_html(text: str, edits: Sequence[Edit]) -> str:
    parts, pos = [], 0
    for i, e in enumerate(edits):
        parts.append(_esc(text[pos:e.start]))
        parts.append(_edit_span(i, e))
        pos = e.end
    parts.append(_esc(text[pos:]))
    return "".join(parts)


def _rules_html(edits: Sequence[Edit]) -> str:
    first: dict[str, Edit] = {}
    count: Counter[str] = Counter()
    for e in edits:
        first.setdefault(e.rule, e)
        count[e.rule] += 1
    rows = []
    for rule, e in first.items():
        rows.append(
            f'<tr data-rule="{_esc(rule)}"><td><code>{_esc(rule or "(no rule)")}</code></td>'
            f'<td class="n">{count[rule]}</td><td>{_esc(_visible(e.original))} → {_esc(_visible(e.replacement))}</td>'
            f'<td class="status"></td><td><button type="button" data-rule-act="accepted">accept all</button>'
            f'<button type="button" data-rule-act="rejected">reject all</button></td></tr>')
    return "".join(rows)


def html_page(text: str, result: Result, path: str | None) -> str:
    """The review page for one input."""
    edits = sorted(result.edits, key=lambda e: (e.start, e.end))
    index = LineIndex(text)
    lines = [json.dumps(edit_record(e, index, path), ensure_ascii=False) for e in edits]
    name = path or "<stdin>"
    kinds = Counter(e.kind for e in edits)
    by_kind = ", ".join(f'<span class="swatch k-{k}">{kinds[k]} {k}</span>' for k in KINDS if kinds[k])
    apply_cmd = f"unspin apply accepted.jsonl {path or 'FILE'}"
    return PAGE.format(
        title=_esc(name), css=CSS, js=JS, n=len(edits), by_kind=by_kind or "none",
        spin=f"{result.spin_score:g}", words=result.words, text=_text_html(text, edits),
        rules=_rules_html(edits), apply_cmd=_esc(apply_cmd), data=_json_for_script({"jsonl": lines}))


def format_html(text: str, result: Result, path: str | None) -> str:
    """The ``html`` entry of the CLI's format registry."""
    return html_page(text, result, path)


CSS = """
body{font:15px/1.55 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:.8em 1.2em;border-bottom:1px solid #d0d7de;background:#f6f8fa;position:sticky;top:0;z-index:5}
h1{font-size:1.15em;margin:0 0 .3em}h2{font-size:1em;margin:1em 0 .4em}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(18em,1.3fr);gap:1.5em;padding:1em 1.2em}
#text{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,serif;font-size:1.05em}
.edit{position:relative;border-radius:3px;padding:0 1px;border-bottom:2px solid #555;cursor:pointer}
.edit:focus{outline:2px solid #0969da}
.c-high{border-bottom-style:solid}.c-medium{border-bottom-style:dashed}.c-low{border-bottom-style:dotted}
.k-exact{background:#fff1b8}.k-fuzzy{background:#ffd8e8}.k-context{background:#d6e8ff}.k-normalize{background:#e6e6e6}
del{color:#a40e26;text-decoration:line-through}ins{color:#116329;text-decoration:none;font-weight:600}
.edit del+ins{margin-left:2px}.ws{font-family:monospace}
.edit.accepted del{display:none}.edit.accepted{box-shadow:inset 0 -3px 0 #1a7f37}
.edit.rejected ins{display:none}.edit.rejected del{color:inherit;text-decoration:none}
.edit.rejected{background:transparent;border-bottom-color:#bbb}
.tip{display:none;position:absolute;left:0;top:100%;z-index:10;width:24em;white-space:normal;background:#fff;
 border:1px solid #8c959f;border-radius:6px;padding:.5em .7em;box-shadow:0 4px 12px rgba(0,0,0,.18);
 font:13px/1.4 system-ui,sans-serif;color:#1f2328;cursor:auto}
.tip>span{display:block}.tip .meta,.tip .alts{color:#57606a}
.edit:hover .tip,.edit:focus .tip,.edit:focus-within .tip{display:block}
button{font:inherit;font-size:12px;margin:.3em .3em 0 0;padding:.15em .6em;border:1px solid #8c959f;
 border-radius:4px;background:#f6f8fa;cursor:pointer}
button.accept,button[data-rule-act=accepted],button[data-all=accepted]{border-color:#1a7f37}
button.reject,button[data-rule-act=rejected],button[data-all=rejected]{border-color:#cf222e}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eaeef2;padding:.25em;
 text-align:left;vertical-align:top}td.n{text-align:right}
textarea{width:100%;height:12em;font:12px monospace}
.swatch{padding:0 .3em;border-radius:3px}.counts b{font-variant-numeric:tabular-nums}
.legend{font-size:13px;color:#57606a;margin:.3em 0 0}
"""

JS = """
(function(){
"use strict";
var data=JSON.parse(document.getElementById("unspin-data").textContent);
var spans=Array.prototype.slice.call(document.querySelectorAll("#text .edit"));
var state=spans.map(function(){return "pending";});
function set(i,s){state[i]=s;var el=spans[i];el.classList.remove("accepted","rejected");
 if(s!=="pending"){el.classList.add(s);}el.setAttribute("data-state",s);}
function refresh(){
 var c={accepted:0,rejected:0,pending:0},lines=[];
 state.forEach(function(s,i){c[s]++;if(s==="accepted"){lines.push(data.jsonl[i]+"\\n");}});
 ["accepted","rejected","pending"].forEach(function(k){document.getElementById("n-"+k).textContent=c[k];});
 var out=lines.join("");
 document.getElementById("export").value=out;
 var a=document.getElementById("download");
 a.href="data:application/x-ndjson;charset=utf-8,"+encodeURIComponent(out);
 document.getElementById("n-export").textContent=lines.length;
 Array.prototype.forEach.call(document.querySelectorAll("#rules tr[data-rule]"),function(tr){
  var r=tr.getAttribute("data-rule"),acc=0,rej=0,n=0;
  spans.forEach(function(el,i){if(el.getAttribute("data-rule")===r){n++;
   if(state[i]==="accepted"){acc++;}else if(state[i]==="rejected"){rej++;}}});
  tr.querySelector(".status").textContent=acc+" ✓ "+rej+" ✗ of "+n;});
}
document.addEventListener("click",function(ev){
 var b=ev.target.closest("button");if(!b){return;}
 if(b.hasAttribute("data-act")){set(+b.closest(".edit").getAttribute("data-i"),b.getAttribute("data-act"));}
 else if(b.hasAttribute("data-rule-act")){var r=b.closest("tr").getAttribute("data-rule");
  spans.forEach(function(el,i){if(el.getAttribute("data-rule")===r){set(i,b.getAttribute("data-rule-act"));}});}
 else if(b.hasAttribute("data-all")){spans.forEach(function(el,i){set(i,b.getAttribute("data-all"));});}
 else{return;}
 ev.preventDefault();refresh();});
document.addEventListener("keydown",function(ev){
 var el=document.activeElement;if(!el||!el.classList||!el.classList.contains("edit")){return;}
 var s={y:"accepted",n:"rejected",u:"pending"}[ev.key];if(!s){return;}
 set(+el.getAttribute("data-i"),s);refresh();
 var next=spans[+el.getAttribute("data-i")+1];if(next&&s!=="pending"){next.focus();}ev.preventDefault();});
refresh();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unspin review: {title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>unspin review: <code>{title}</code></h1>
<div class="counts" id="summary">{n} edits ({by_kind}); spin {spin} per 1,000 words ({words} words).
 Accepted <b id="n-accepted">0</b>, rejected <b id="n-rejected">0</b>, undecided <b id="n-pending">{n}</b>.
 <button type="button" data-all="accepted">accept all</button><button type="button" data-all="rejected">reject \
all</button><button type="button" data-all="pending">reset</button></div>
<p class="legend">Background: <span class="swatch k-exact">exact</span> <span class="swatch k-fuzzy">fuzzy</span>
 <span class="swatch k-context">context</span> <span class="swatch k-normalize">normalize</span>.
 Underline: solid confidence &ge; 0.9, dashed &ge; 0.7, dotted below. Hover or focus (Tab) an edit for details;
 on a focused edit press y (accept), n (reject), u (undecided).</p>
</header>
<main>
<section id="text" aria-label="text with proposed edits">{text}</section>
<aside>
<h2>Export</h2>
<p><a id="download" download="accepted.jsonl" href="#">Download the <span id="n-export">0</span> accepted edits
 (JSONL)</a>, then run <code>{apply_cmd}</code>.</p>
<textarea id="export" readonly aria-label="accepted edits as JSONL"></textarea>
<h2>Rules</h2>
<table id="rules"><thead><tr><th>rule</th><th>edits</th><th>first change</th><th>decided</th><th></th></tr>
</thead><tbody>{rules}</tbody></table>
</aside>
</main>
<script type="application/json" id="unspin-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""
