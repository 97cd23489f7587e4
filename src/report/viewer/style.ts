// The viewer's style sheet, inlined into every page. Static text: no data is ever interpolated.

export const VIEWER_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f8; --panel: #ffffff; --fg: #1b2026; --muted: #5d6873; --faint: #8a949e;
  --line: #d5dade; --line2: #e8ebee; --head: #eef1f4; --link: #1c5fb8;
  --on: #3a78c9; --on-text: #ffffff; --off: #9aa4ae;
  --bad: #d9480f; --bad2: #f4a27a; --bad-bg: #fff0e6;
  --viol: #c92a2a; --viol-bg: #fdecec; --viol-col: rgba(201, 42, 42, 0.13);
  --haz: #b35c00; --haz-bg: #fff4e0; --haz-col: rgba(230, 119, 0, 0.14);
  --clean: #2b8a3e; --nr: #98a2ac;
  --cur: #6741d9; --cur-col: rgba(103, 65, 217, 0.16); --cur-bg: #efeafd;
  --chg: #f08c00; --chg-bg: #fff3bf;
  --t1: #e7f0fb; --t2: #d2e3f7; --t3: #b9d3f2;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  --lw: 230px; --cw: 32px; --lh: 22px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121417; --panel: #1b1f24; --fg: #e3e6ea; --muted: #a0aab4; --faint: #76808a;
    --line: #353c44; --line2: #2a3037; --head: #232930; --link: #74a7f0;
    --on: #4c8fe6; --on-text: #0c1117; --off: #6b757f;
    --bad: #ff7a3d; --bad2: #7a3210; --bad-bg: #3a2113;
    --viol: #ff6b6b; --viol-bg: #3b1c1e; --viol-col: rgba(255, 107, 107, 0.16);
    --haz: #ffb04d; --haz-bg: #3a2c12; --haz-col: rgba(255, 176, 77, 0.15);
    --clean: #5cc17a; --nr: #6b757f;
    --cur: #a48cff; --cur-col: rgba(164, 140, 255, 0.20); --cur-bg: #2a2445;
    --chg: #ffb84d; --chg-bg: #3d3214;
    --t1: #1f2d3e; --t2: #26405c; --t3: #2f5580;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 var(--sans); }
#app { max-width: 1680px; margin: 0 auto; padding: 18px 22px 60px; }
a { color: var(--link); }
h1 { font-size: 20px; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 16px; margin: 26px 0 10px; font-weight: 650; }
h3 { font-size: 15px; margin: 0; font-weight: 600; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 19px; vertical-align: 1px; }
.badge.ok { background: #d3f0dc; color: #1d6b31; }
.badge.warn { background: var(--haz-bg); color: var(--haz); }
.badge.violation { background: var(--viol-bg); color: var(--viol); }
.badge.hazard { background: var(--haz-bg); color: var(--haz); }
@media (prefers-color-scheme: dark) { .badge.ok { background: #183a22; color: #7fd699; } }

/* summary */
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; }
.stats { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 8px 0 0; padding: 0; list-style: none; color: var(--muted); }
.stats b { color: var(--fg); font-weight: 600; font-variant-numeric: tabular-nums; }

/* verdict table */
.verdicts-wrap { overflow-x: auto; }
table.verdicts { border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); }
table.verdicts th, table.verdicts td { border: 1px solid var(--line2); padding: 3px 8px; text-align: center; }
table.verdicts thead th { background: var(--head); font-weight: 600; font-family: var(--mono); font-size: 12.5px; cursor: help; }
table.verdicts th.rowh { text-align: left; font-weight: 500; cursor: default; }
table.verdicts th.rowh .rid { font-family: var(--mono); font-size: 12.5px; }
table.verdicts th.rowh .rt { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
td.v { font-size: 15px; min-width: 34px; }
td.v a { text-decoration: none; display: block; font-weight: 700; }
td.v a:hover, td.v a:focus { text-decoration: underline; }
td.v-clean { color: var(--clean); }
td.v-violation { background: var(--viol-bg); }
td.v-violation a { color: var(--viol); }
td.v-hazard { background: var(--haz-bg); }
td.v-hazard a { color: var(--haz); }
td.v-not-reached { color: var(--nr); }
td.v.sel { outline: 2px solid var(--cur); outline-offset: -2px; }
.legend { color: var(--muted); font-size: 12.5px; margin-top: 6px; }
.legend span { margin-right: 16px; }

/* finding index */
table.findex { border-collapse: collapse; width: 100%; }
table.findex td { padding: 2px 8px; border-bottom: 1px solid var(--line2); vertical-align: top; }
table.findex td.msg { font-family: var(--mono); font-size: 12.5px; }
table.findex tr.active td { background: var(--cur-bg); }

/* finding */
.finding { margin: 18px 0; padding: 12px 14px 14px; scroll-margin-top: 8px; }
.finding[data-active="true"] { border-color: var(--cur); box-shadow: 0 0 0 1px var(--cur); }
.fhead { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.fhead .fid { font-family: var(--mono); color: var(--muted); }
.fhead .fmsg { font-family: var(--mono); font-size: 13px; font-weight: 600; word-break: break-word; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; word-break: break-word; }
.facts details summary { cursor: pointer; color: var(--link); }
.facts details ul { margin: 4px 0; padding-left: 18px; font-family: var(--mono); font-size: 12px; }
pre.splat { margin: 8px 0 0; padding: 8px 10px; background: var(--head); border-left: 3px solid var(--viol); border-radius: 3px; overflow: auto; max-height: 260px; white-space: pre; }
.finding.hazard pre.splat { border-left-color: var(--haz); }
button { font: inherit; font-size: 13px; color: var(--fg); background: var(--head); border: 1px solid var(--line); border-radius: 4px; padding: 2px 9px; cursor: pointer; }
button:hover { border-color: var(--cur); }
button.show-trace { margin-top: 10px; }

/* trace viewer */
.trace { margin-top: 12px; }
.thead { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin-bottom: 6px; }
.thead .pos { font-family: var(--mono); font-weight: 600; }
.thead .keys { color: var(--muted); font-size: 12px; }
.thead kbd { font-family: var(--mono); font-size: 11px; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: var(--panel); }
.lanes-scroll { overflow-x: auto; overflow-y: hidden; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
.lanes { position: relative; width: max-content; min-width: 100%; padding-bottom: 4px; cursor: crosshair; user-select: none; }
.lrow { display: grid; grid-template-columns: var(--lw) repeat(var(--n), var(--cw)); height: var(--lh); position: relative; }
.lrow > * { grid-row: 1; min-width: 0; }
.lab { grid-column: 1; position: sticky; left: 0; z-index: 4; background: var(--panel); border-right: 1px solid var(--line);
  display: flex; align-items: center; gap: 6px; padding: 0 6px 0 10px; font-size: 12.5px; white-space: nowrap; overflow: hidden; cursor: default; }
.lab .ln { flex: 1 1 auto; overflow: hidden; text-overflow: ellipsis; }
.lrow .lab .lv.mis, .lane[data-changed="true"] .lab .lv.mis { color: var(--bad); font-weight: 700; }
.lab .lv { flex: 0 0 auto; font-family: var(--mono); font-size: 11.5px; color: var(--muted); max-width: 96px; overflow: hidden; text-overflow: ellipsis; }
.lane[data-changed="true"] .lab { background: var(--chg-bg); }
.lane[data-changed="true"] .lab .ln { font-weight: 700; }
.lane[data-changed="true"] .lab .lv { color: var(--fg); font-weight: 700; }
.grp { height: 18px; }
.grp .lab { font-size: 10.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--faint); font-weight: 600; align-items: flex-end; }
.grp .gline { grid-column: 2 / -1; border-bottom: 1px dashed var(--line2); }
.lane { border-bottom: 1px solid var(--line2); }
.run { position: relative; height: var(--lh); overflow: hidden; white-space: nowrap; font-family: var(--mono); font-size: 11px; line-height: var(--lh); }
.run.edge { box-shadow: inset 2px 0 0 var(--edge, var(--off)); }
/* boolean lanes: waveform — high filled bar = true, low line = false */
.b::before { content: ""; position: absolute; left: 0; right: 0; bottom: 4px; height: 2px; background: var(--off); }
.b.on::before { top: 4px; bottom: 4px; height: auto; background: var(--on); }
.b.on { --edge: var(--on); color: var(--on-text); }
.b .tx { position: relative; padding-left: 4px; font-size: 10.5px; }
.b:not(.on) .tx { color: var(--muted); position: relative; top: -3px; }
.b.mis::before { background: repeating-linear-gradient(135deg, var(--bad) 0 7px, var(--bad2) 7px 10px); }
.b.mis:not(.on)::before { height: 4px; }
.b.mis { --edge: var(--bad); color: #fff; font-weight: 700; }
.b.mis.on .tx { text-shadow: 0 0 2px var(--bad), 0 0 2px var(--bad), 0 0 3px var(--bad); }
.b.mis:not(.on) .tx { color: var(--bad); }
/* value lanes: runs of equal value */
.v { padding-left: 4px; box-shadow: inset 1px 0 0 var(--line); color: var(--fg); text-overflow: clip; }
.v.t1 { background: var(--t1); } .v.t2 { background: var(--t2); } .v.t3 { background: var(--t3); }
.v.first { box-shadow: none; }
.fn .run { font-family: var(--mono); font-size: 11px; padding-left: 4px; box-shadow: inset 1px 0 0 var(--line); color: var(--fg); text-overflow: ellipsis; }
.fn .run.alt { background: var(--head); }
.fn .run.hw { color: var(--muted); font-style: italic; }
.axis { height: 20px; border-bottom: 1px solid var(--line); }
.axis .ax { font-family: var(--mono); font-size: 10.5px; color: var(--faint); text-align: center; line-height: 20px; overflow: visible; white-space: nowrap; }
.lanes.d2 .ax:not(.m2), .lanes.d5 .ax:not(.m5), .lanes.d10 .ax:not(.m10) { visibility: hidden; }
.axis .ax.xv { color: var(--viol); font-weight: 700; visibility: visible !important; }
.flagrow { height: 22px; }
.flag { font-size: 12px; font-weight: 700; color: var(--viol); white-space: nowrap; line-height: 22px; overflow: visible; z-index: 3; position: relative; padding: 0 4px; }
.flag.end { text-align: right; }
.flag.hazard { color: var(--haz); }
.hit { display: none; pointer-events: none; z-index: 2; border: 2px solid var(--chg); border-radius: 3px; background: rgba(240, 140, 0, 0.12); }
.lane[data-changed="true"] .hit { display: block; }
.vcol, .ccol { position: absolute; top: 0; bottom: 0; left: calc(var(--lw) + var(--i) * var(--cw)); width: var(--cw); pointer-events: none; }
.vcol { background: var(--viol-col); z-index: 1; border-left: 1px solid var(--viol); border-right: 1px solid var(--viol); }
.vcol.hazard { background: var(--haz-col); border-color: var(--haz); }
.ccol { z-index: 2; box-shadow: inset 0 0 0 2px var(--cur); background: var(--cur-col); border-radius: 2px; }

.llegend { display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 5px 2px 0; font-size: 12px; color: var(--muted); }
.llegend .sw { display: inline-block; width: 22px; height: 11px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.sw-on { background: var(--on); }
.sw-off { height: 2px !important; background: var(--off); vertical-align: 3px !important; }
.sw-mis { background: repeating-linear-gradient(135deg, var(--bad) 0 5px, var(--bad2) 5px 8px); }
.sw-chg { background: var(--chg-bg); box-shadow: inset 0 0 0 2px var(--chg); }
.sw-cur { background: var(--cur-col); box-shadow: inset 0 0 0 2px var(--cur); }
.sw-viol { background: var(--viol-col); box-shadow: inset 1px 0 0 var(--viol), inset -1px 0 0 var(--viol); }
.sw-viol.hazard { background: var(--haz-col); box-shadow: inset 1px 0 0 var(--haz), inset -1px 0 0 var(--haz); }
.tbody { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 12px; margin-top: 10px; align-items: start; }
@media (max-width: 1100px) { .llegend { display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 5px 2px 0; font-size: 12px; color: var(--muted); }
.llegend .sw { display: inline-block; width: 22px; height: 11px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.sw-on { background: var(--on); }
.sw-off { height: 2px !important; background: var(--off); vertical-align: 3px !important; }
.sw-mis { background: repeating-linear-gradient(135deg, var(--bad) 0 5px, var(--bad2) 5px 8px); }
.sw-chg { background: var(--chg-bg); box-shadow: inset 0 0 0 2px var(--chg); }
.sw-cur { background: var(--cur-col); box-shadow: inset 0 0 0 2px var(--cur); }
.sw-viol { background: var(--viol-col); box-shadow: inset 1px 0 0 var(--viol), inset -1px 0 0 var(--viol); }
.sw-viol.hazard { background: var(--haz-col); box-shadow: inset 1px 0 0 var(--haz), inset -1px 0 0 var(--haz); }
.tbody { grid-template-columns: minmax(0, 1fr); } }
.steps { max-height: 470px; overflow: auto; position: relative; outline: none; }
.steps:focus-visible { box-shadow: 0 0 0 2px var(--cur); }
.srow { display: grid; grid-template-columns: 38px minmax(120px, 190px) minmax(150px, 215px) minmax(160px, 1fr) minmax(170px, 1.05fr); gap: 0 10px;
  padding: 3px 8px; border-bottom: 1px solid var(--line2); cursor: pointer; align-items: baseline; }
.srow > * { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.srow.sh { position: sticky; top: 0; z-index: 2; background: var(--head); color: var(--muted); font-size: 11.5px; font-weight: 600; cursor: default; text-transform: uppercase; letter-spacing: 0.04em; }
.srow:not(.sh):hover { background: var(--head); }
.srow .si { font-family: var(--mono); font-size: 12px; color: var(--muted); text-align: right; }
.srow .sf { font-family: var(--mono); font-size: 12.5px; }
.srow .sf .lvl { color: var(--faint); }
.srow .sf.hw { font-style: italic; color: var(--muted); font-family: var(--sans); }
.srow .sl { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.srow .sc { font-family: var(--mono); font-size: 12px; }
.srow .sa { font-size: 13px; white-space: normal; }
.srow .chips { display: inline; }
.chip { display: inline-block; font-family: var(--mono); font-size: 10.5px; line-height: 15px; padding: 0 4px; margin: 0 3px 0 0; border-radius: 3px; background: var(--head); color: var(--muted); border: 1px solid var(--line); }
.srow[data-current="true"] .chip { background: var(--chg-bg); color: var(--fg); border-color: var(--chg); }
.srow .vmsg { display: block; color: var(--viol); font-weight: 700; font-family: var(--mono); font-size: 12px; white-space: normal; }
.srow.hazard .vmsg { color: var(--haz); }
.srow[data-violation="true"] { background: var(--viol-bg); box-shadow: inset 4px 0 0 var(--viol); }
.srow.hazard[data-violation="true"] { background: var(--haz-bg); box-shadow: inset 4px 0 0 var(--haz); }
.srow[data-current="true"] { background: var(--cur-bg); box-shadow: inset 4px 0 0 var(--cur); }
.srow[data-current="true"][data-violation="true"] { box-shadow: inset 4px 0 0 var(--cur), inset 0 0 0 2px var(--viol); }
.side { position: sticky; top: 8px; }
.side h4 { margin: 0; padding: 6px 10px; font-size: 12.5px; background: var(--head); border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
.mismatch { margin: 6px 10px 0; padding: 4px 8px; border-radius: 4px; background: var(--bad-bg); color: var(--bad); font-weight: 700; font-size: 12.5px; }
table.state { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.state td { padding: 1px 10px; border-bottom: 1px solid var(--line2); vertical-align: top; }
table.state td.k { font-family: var(--mono); font-size: 12px; color: var(--muted); white-space: nowrap; }
table.state td.val { font-family: var(--mono); font-size: 12px; word-break: break-word; }
table.state td.val .was { color: var(--faint); font-weight: 400; }
table.state tr.mis td.k, table.state tr.mis td.val, table.state tr.mis td.val span { color: var(--bad); font-weight: 700; }
table.state tr[data-changed="true"] td { background: var(--chg-bg); }
table.state tr[data-changed="true"] td.k { color: var(--fg); font-weight: 700; }
table.state tr[data-changed="true"] td.val { font-weight: 700; }
.bt { color: var(--clean); } .bf { color: var(--muted); }
.leftcol { min-width: 0; }
.src { margin: 10px 0 0; padding: 6px 0; overflow-x: auto; font-size: 12px; tab-size: 8; }
.src .srcl { display: block; white-space: pre; padding: 0 10px; }
.src .srcl .no { color: var(--faint); display: inline-block; width: 4.5em; text-align: right; margin-right: 10px; user-select: none; }
.src .srcl.here { background: var(--cur-bg); box-shadow: inset 3px 0 0 var(--cur); }
.src .where { display: block; padding: 0 10px 4px; color: var(--muted); font-family: var(--sans); }
details.opaque { margin-top: 22px; color: var(--muted); }
details.opaque ul { font-family: var(--mono); font-size: 12px; }
.err { color: var(--viol); font-weight: 700; white-space: pre-wrap; }
`;
