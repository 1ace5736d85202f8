/* Charts of the population statistics page, drawn with the vendored Apache ECharts.
   The numbers come from the json_script block "population-chart-data"; the tables on the page
   carry the same numbers for screen readers and print, so the charts are decoration only. */
(function () {
  "use strict";

  function barOption(series, horizontal) {
    // Horizontal bars list the groups top-down, in the order of the table's columns.
    var categoryAxis = { type: "category", data: series.labels, axisLabel: { interval: 0 }, inverse: horizontal };
    var valueAxis = { type: "value", minInterval: 1 };
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        {
          type: "bar",
          name: series.title,
          data: series.values,
          label: { show: true, position: horizontal ? "right" : "top" },
        },
      ],
    };
  }

  function pieOption(series) {
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          name: series.title,
          radius: ["35%", "65%"],
          label: { formatter: "{b}\n{c}" },
          data: series.labels.map(function (label, index) {
            return { name: label, value: series.values[index] };
          }),
        },
      ],
    };
  }

  function draw() {
    var source = document.getElementById("population-chart-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var locale = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
    var charts = [];
    document.querySelectorAll("[data-population-chart]").forEach(function (element) {
      var key = element.getAttribute("data-population-chart");
      var series = data[key];
      if (!series) {
        return;
      }
      var chart = window.echarts.init(element, null, { renderer: "svg", locale: locale });
      var option;
      if (key === "gender") {
        option = pieOption(series);
      } else {
        option = barOption(series, key === "special");
      }
      chart.setOption(option);
      charts.push(chart);
    });
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
