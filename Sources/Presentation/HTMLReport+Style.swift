extension HTMLReport {
    /// The report's only style sheet: light and dark schemes through custom properties, a print layout,
    /// and the classes the SVG charts use (so the charts follow the colour scheme too).
    ///
    /// Kept free of `<` and `&` so the document stays well-formed XML.
    static let styleSheet = """
    :root {
      color-scheme: light dark;
      --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --grid: #e3e8ee; --panel: #f6f8fa;
      --bar: #0969da; --baseline: #8250df; --whisker: #1f2328; --good: #1a7f37; --bad: #cf222e; --warn-bg: #fff8c5; --warn-border: #d4a72c;
      --s0: #0072b2; --s1: #e69f00; --s2: #009e73; --s3: #cc79a7; --s4: #56b4e9; --s5: #d55e00; --s6: #999933; --s7: #882255;
      --p0: #8c6bb1; --p1: #6baed6; --p2: #fd8d3c; --p3: #e6550d; --p4: #bdbdbd; --p5: #31a354;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --grid: #262c36; --panel: #151b23;
        --bar: #4493f8; --baseline: #ab7df8; --whisker: #e6edf3; --good: #3fb950; --bad: #f85149; --warn-bg: #2e2a1a; --warn-border: #9e6a03;
        --s0: #4da3e0; --s7: #d36ba0; --s6: #c4c45a; --p4: #6e7681;
      }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
    header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
    header { padding-top: 20px; }
    h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
    h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
    h3 { font-size: 15px; margin: 22px 0 6px; }
    .meta, .note, figcaption { color: var(--muted); font-size: 12.5px; }
    code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
    .verdict { background: var(--panel); border: 1px solid var(--border); border-left: 4px solid var(--bar);
      border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
    .verdict p { margin: 4px 0 0; }
    .warnings { background: var(--warn-bg); border: 1px solid var(--warn-border); border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
    .warnings ul { margin: 4px 0; padding-left: 20px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
    .card { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 14px; }
    .card h3 { margin: 4px 0 6px; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid var(--border); padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: var(--panel); font-weight: 600; white-space: nowrap; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    td.backend { white-space: nowrap; }
    td.label { overflow-wrap: break-word; min-width: 220px; }
    td .sub { display: block; color: var(--muted); font-size: 11.5px; }
    .faster { color: var(--good); font-weight: 600; }
    svg.chart text .faster, svg.chart tspan.faster { fill: var(--good); }
    svg.chart tspan.slower { fill: var(--bad); }
    .slower { color: var(--bad); font-weight: 600; }
    .unavailable td { color: var(--muted); }
    figure { margin: 8px 0 16px; }
    svg.chart { width: 100%; height: auto; display: block; font-variant-numeric: tabular-nums; }
    svg.chart text { fill: var(--fg); font-size: 12px; font-family: inherit; }
    svg.chart text.muted, svg.chart .tick text { fill: var(--muted); }
    svg.chart text.axis-label { fill: var(--muted); font-size: 12px; }
    svg.chart .axis line, svg.chart .axis path { stroke: var(--muted); stroke-width: 1; }
    svg.chart line.gridline { stroke: var(--grid); stroke-width: 1; }
    svg.chart rect.bar { fill: var(--bar); }
    svg.chart rect.bar.baseline { fill: var(--baseline); }
    svg.chart .whisker { stroke: var(--whisker); stroke-width: 1.5; }
    svg.chart .curve { fill: none; stroke-width: 2; }
    svg.chart .s0 { stroke: var(--s0); fill: var(--s0); } svg.chart .s1 { stroke: var(--s1); fill: var(--s1); }
    svg.chart .s2 { stroke: var(--s2); fill: var(--s2); } svg.chart .s3 { stroke: var(--s3); fill: var(--s3); }
    svg.chart .s4 { stroke: var(--s4); fill: var(--s4); } svg.chart .s5 { stroke: var(--s5); fill: var(--s5); }
    svg.chart .s6 { stroke: var(--s6); fill: var(--s6); } svg.chart .s7 { stroke: var(--s7); fill: var(--s7); }
    svg.chart polyline.curve { fill: none; }
    svg.chart .phase-runtime-load { fill: var(--p0); } svg.chart .phase-model-load { fill: var(--p1); }
    svg.chart .phase-compile { fill: var(--p2); } svg.chart .phase-first-run { fill: var(--p3); }
    svg.chart .phase-warmup { fill: var(--p4); } svg.chart .phase-steady-state { fill: var(--p5); }
    ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 4px 0; font-size: 12.5px; }
    ul.legend li { display: flex; align-items: center; gap: 6px; }
    .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; flex: none; }
    .swatch.s0 { background: var(--s0); } .swatch.s1 { background: var(--s1); } .swatch.s2 { background: var(--s2); }
    .swatch.s3 { background: var(--s3); } .swatch.s4 { background: var(--s4); } .swatch.s5 { background: var(--s5); }
    .swatch.s6 { background: var(--s6); } .swatch.s7 { background: var(--s7); }
    .swatch.phase-runtime-load { background: var(--p0); } .swatch.phase-model-load { background: var(--p1); }
    .swatch.phase-compile { background: var(--p2); } .swatch.phase-first-run { background: var(--p3); }
    .swatch.phase-warmup { background: var(--p4); } .swatch.phase-steady-state { background: var(--p5); }
    .swatch.bar { background: var(--bar); } .swatch.baseline { background: var(--baseline); }
    nav.runs ol { margin: 4px 0; }
    footer { margin: 32px auto 24px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--border); padding-top: 8px; }
    @media print {
      :root { color-scheme: light;
        --bg: #ffffff; --fg: #000000; --muted: #444444; --border: #bbbbbb; --grid: #e5e5e5; --panel: #ffffff;
        --bar: #0969da; --baseline: #8250df; --whisker: #000000; --warn-bg: #ffffff; --warn-border: #999999;
        --s0: #0072b2; --s6: #999933; --s7: #882255; --p4: #bdbdbd; }
      body { font-size: 11px; }
      header, main, footer { max-width: none; padding: 0; }
      section.run + section.run { break-before: page; }
      figure, table, .card, .verdict, .warnings { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      .table-wrap { overflow: visible; }
      nav.runs { display: none; }
    }
    """
}
