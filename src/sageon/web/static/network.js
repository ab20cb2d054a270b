/* Network page: countries as nodes, typed directed weighted edges; click an edge for its events. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var D = sageon.json("page-data"), t = sageon.t;
  if (!D || typeof echarts === "undefined") return;
  var maxW = Math.max.apply(null, [1].concat(D.nodes.map(function (n) { return n.weight || 1; })));
  var maxE = Math.max.apply(null, [1].concat(D.edges.map(function (e) { return e.weight || 1; })));
  var seen = {};
  var links = D.edges.map(function (e) {
    var k = [e.source, e.target].sort().join("|"); seen[k] = (seen[k] || 0) + 1;
    var coop = (e.intensity || 0) >= 0;
    return { source: String(e.source), target: String(e.target), value: e.weight, type: e.type,
      lineStyle: { width: 1 + 6 * (e.weight / maxE), color: coop ? "#2e8b57" : "#c0392b", curveness: 0.12 * seen[k], opacity: 0.75 },
      label: { show: false } };
  });
  var chart = echarts.init(document.getElementById("network-chart"));
  chart.setOption({
    animation: false,
    tooltip: { formatter: function (p) {
      // ECharts sets tooltips with innerHTML: encode the data first.
      var enc = echarts.format.encodeHTML;
      if (p.dataType === "edge") return enc(p.data.source + " → " + p.data.target + " · " + t("type." + p.data.type) + " · " + p.data.value);
      return enc(p.data.name + " " + p.data.full + " · " + (p.data.value || 0));
    } },
    series: [{ type: "graph", layout: "force", roam: true, draggable: true,
      force: { repulsion: 900, edgeLength: [160, 320], gravity: 0.08 },
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 9,
      label: { show: true, position: "right" },
      data: D.nodes.map(function (n) { return { id: String(n.id), name: String(n.id), full: String(n.label || n.id), value: n.weight, symbolSize: 18 + 34 * Math.sqrt((n.weight || 1) / maxW) }; }),
      links: links }],
  });
  window.__networkChart = chart;
  var tbody = document.querySelector("#edge-events tbody"), title = document.getElementById("edge-events-title");
  function showEdge(e) {
    var f = D.filters || {};
    title.textContent = t("events") + ": " + e.source + "→" + e.target + " · " + t("type." + e.type);
    return sageon.getJSON("/api/events?" + sageon.qs({ source: e.source, target: e.target, type: e.type, since: f.since, until: f.until, limit: 100 }))
      .then(function (res) {
        sageon.fillEvents(tbody, res.rows || []);
        var box = document.getElementById("edge-events-box");
        box.hidden = false; box.setAttribute("data-loaded", e.source + ">" + e.target + "|" + e.type);
      });
  }
  window.__networkShowEdge = function (i) { return showEdge(links[i]); };
  chart.on("click", function (p) {
    if (p.dataType === "node") { location.href = "/actors/" + encodeURIComponent(p.data.id); return; }
    if (p.dataType === "edge") showEdge(p.data);
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
