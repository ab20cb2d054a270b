/* Actor page: its events (as source, as target) and quotes per month. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var D = sageon.json("page-data"), t = sageon.t;
  if (!D || typeof echarts === "undefined") return;
  var s = D.series || [], periods = s.map(function (r) { return r.period; });
  var chart = echarts.init(document.getElementById("actor-chart"));
  chart.setOption({
    animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 },
    grid: { left: 40, right: 20, top: 35, bottom: 30 },
    xAxis: { type: "category", data: periods }, yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("actor.as_source"), type: "bar", stack: "ev", data: s.map(function (r) { return r.as_source; }), itemStyle: { color: "#2456a6" } },
      { name: t("actor.as_target"), type: "bar", stack: "ev", data: s.map(function (r) { return r.as_target; }), itemStyle: { color: "#8e44ad" } },
      { name: t("quotes"), type: "line", data: s.map(function (r) { return r.quotes; }), itemStyle: { color: "#b7791f" } },
      { name: t("mentions"), type: "line", data: s.map(function (r) { return r.mentions; }), itemStyle: { color: "#888" }, lineStyle: { type: "dashed" } },
    ],
  });
});
