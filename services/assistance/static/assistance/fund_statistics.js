// Fund statistics charts: monthly amounts per programme (stacked bars) and totals per area.
(function () {
  const source = document.getElementById("assistance-chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const months = document.querySelector('[data-assistance-chart="months"]');
  if (months) {
    window.echarts.init(months).setOption({
      tooltip: { trigger: "axis" },
      legend: {},
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map((series) => ({ name: series.name, type: "bar", stack: "total", data: series.data })),
    });
  }
  const areas = document.querySelector('[data-assistance-chart="areas"]');
  if (areas) {
    window.echarts.init(areas).setOption({
      tooltip: {},
      xAxis: { type: "category", data: data.areas },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: data.area_totals }],
    });
  }
})();
