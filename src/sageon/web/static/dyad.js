/* Dyad page: cooperation vs conflict per period in both directions; click a point for its events. */
"use strict";
/* Continuous axis: months/years (and days, up to ~2 years) with no events still get a slot. */
function fill(periods, by) {
  if (periods.length < 2) return periods;
  var out = [], first = periods[0], last = periods[periods.length - 1], guard = 0;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  if (by === "month") {
    var y = +first.slice(0, 4), m = +first.slice(5, 7);
    while (guard++ < 1200) { var p = y + "-" + pad(m); out.push(p); if (p >= last) break; m++; if (m > 12) { m = 1; y++; } }
    return out;
  }
  if (by === "year") {
    for (var yy = +first; yy <= +last && guard++ < 500; yy++) out.push(String(yy));
    return out;
  }
  if (by === "day") {
    var d = new Date(first + "T00:00:00Z"), end = new Date(last + "T00:00:00Z");
    if ((end - d) / 86400000 > 800) return periods;
    while (d <= end) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
    return out;
  }
  return periods;
}
document.addEventListener("DOMContentLoaded", function () {
  var D = sageon.json("page-data"), t = sageon.t;
  if (!D || !D.dyad || typeof echarts === "undefined") return;
  var A = D.a, B = D.b, rows = D.dyad.rows;
  var periods = fill(Array.from(new Set(rows.map(function (r) { return r.period; }))).sort(), D.by);
  var byKey = {};
  rows.forEach(function (r) { byKey[r.direction + "|" + r.period] = r; });
  function series(dir, field, name, color, dashed) {
    return { name: name, type: "line", smooth: false, symbolSize: 9, connectNulls: false,
      lineStyle: { type: dashed ? "dashed" : "solid", color: color }, itemStyle: { color: color },
      data: periods.map(function (p) { var r = byKey[dir + "|" + p]; return r ? r[field] : 0; }),
      dir: dir };
  }
  var ab = A + "→" + B, ba = B + "→" + A;
  var S = [
    series("A>B", "coop", ab + " " + t("dyad.coop"), "#2e8b57", false),
    series("A>B", "conflict", ab + " " + t("dyad.conflict"), "#c0392b", false),
    series("B>A", "coop", ba + " " + t("dyad.coop"), "#66c28f", true),
    series("B>A", "conflict", ba + " " + t("dyad.conflict"), "#e67e73", true),
  ];
  var chart = echarts.init(document.getElementById("dyad-chart"));
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" }, legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: periods }, yAxis: { type: "value", minInterval: 1 },
    series: S.map(function (s) { return { name: s.name, type: s.type, symbolSize: s.symbolSize, lineStyle: s.lineStyle, itemStyle: s.itemStyle, data: s.data }; }),
  });
  window.__dyadChart = chart;
  var tbody = document.querySelector("#dyad-events tbody"), title = document.getElementById("dyad-events-title");
  function showEvents(dir, period) {
    var r = byKey[dir + "|" + period] || {};
    var src = dir === "A>B" ? A : B, tgt = dir === "A>B" ? B : A;
    title.textContent = t("dyad.events_for") + ": " + src + "→" + tgt + " · " + period;
    var q = sageon.qs({ source: src, target: tgt, since: r.since, until: r.until, limit: 100, order: "date_asc" });
    return sageon.getJSON("/api/events?" + q).then(function (res) { sageon.fillEvents(tbody, res.rows || []); document.getElementById("dyad-events-box").hidden = false; document.getElementById("dyad-events-box").setAttribute("data-loaded", src + ">" + tgt + "|" + period); });
  }
  window.__dyadShow = showEvents;
  chart.on("click", function (p) {
    if (p.componentType !== "series") return;
    showEvents(S[p.seriesIndex].dir, periods[p.dataIndex]);
  });
  // Tilt: net cooperation of one country with each of two partners.
  var T = D.tilt;
  if (T && document.getElementById("tilt-chart")) {
    var tp = fill(Array.from(new Set(T.rows.map(function (r) { return r.period; }))).sort(), D.by);
    var partners = T.between;
    var tc = echarts.init(document.getElementById("tilt-chart"));
    tc.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: tp }, yAxis: { type: "value" },
      series: partners.map(function (pa, i) {
        return { name: T.country + "–" + pa + " " + t("net"), type: "bar", itemStyle: { color: i ? "#8e44ad" : "#2456a6" },
          data: tp.map(function (p) { var r = T.rows.find(function (x) { return x.period === p && x.partner === pa; }); return r ? r.net : 0; }) };
      }),
    });
    tc.on("click", function (p) {
      var pa = partners[p.seriesIndex], period = tp[p.dataIndex];
      var r = T.rows.find(function (x) { return x.period === period && x.partner === pa; }) || {};
      title.textContent = t("dyad.events_for") + ": " + T.country + "⇄" + pa + " · " + period;
      Promise.all([
        sageon.getJSON("/api/events?" + sageon.qs({ source: T.country, target: pa, since: r.since, until: r.until, limit: 100 })),
        sageon.getJSON("/api/events?" + sageon.qs({ source: pa, target: T.country, since: r.since, until: r.until, limit: 100 })),
      ]).then(function (res) { sageon.fillEvents(tbody, (res[0].rows || []).concat(res[1].rows || [])); document.getElementById("dyad-events-box").hidden = false; });
    });
  }
  window.addEventListener("resize", function () { chart.resize(); });
});
