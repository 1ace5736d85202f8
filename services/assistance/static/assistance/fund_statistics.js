/* Fund statistics charts, drawn with the vendored Apache ECharts: monthly amounts per programme
   (stacked bars) and the year's total per area. The table on the page carries the same numbers. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("assistance-chart-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var locale = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
    var charts = [];
    var months = document.querySelector('[data-assistance-chart="months"]');
    if (months) {
      var monthChart = window.echarts.init(months, null, { renderer: "svg", locale: locale });
      monthChart.setOption({
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value" },
        series: data.series.map(function (series) {
          return { name: series.name, type: "bar", stack: "total", data: series.data };
        }),
      });
      charts.push(monthChart);
    }
    var areas = document.querySelector('[data-assistance-chart="areas"]');
    if (areas) {
      var areaChart = window.echarts.init(areas, null, { renderer: "svg", locale: locale });
      areaChart.setOption({
        animation: false,
        tooltip: {},
        grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.areas, axisLabel: { interval: 0 } },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: data.area_totals, label: { show: true, position: "top" } }],
      });
      charts.push(areaChart);
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
