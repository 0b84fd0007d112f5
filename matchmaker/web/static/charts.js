// The dashboard's charts, drawn by the vendored Apache ECharts from the data the server put in
// the page (<script type="application/json" id="dashboard-charts">). A click on a bar opens the
// list of projects behind it. Tooltips are plain text: the page's CSP allows no inline styles.
(function () {
  "use strict";

  var COLOURS = ["#3182ce", "#2f855a", "#b7791f", "#6b46c1"];

  function draw(element, option, linkOf) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = linkOf(params);
      if (url) window.location.assign(url);
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-ready", "true");
  }

  function text(lines) {
    var div = document.createElement("div");
    return lines.map(function (line) { div.textContent = line; return div.innerHTML; }).join("<br>");
  }

  function trend(element, data) {
    draw(element, {
      color: COLOURS,
      animation: false,
      grid: { left: 36, right: 12, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          return text([items[0].axisValue].concat(items.map(function (i) { return i.seriesName + "：" + i.value; })));
        }
      },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    }, function (p) { return data.series[p.seriesIndex].links[p.dataIndex]; });
  }

  function districts(element, data) {
    element.style.height = Math.max(160, 28 * data.names.length + 40) + "px";
    draw(element, {
      color: COLOURS,
      animation: false,
      grid: { left: 90, right: 48, top: 8, bottom: 24 },
      tooltip: {
        formatter: function (p) {
          var i = p.dataIndex;
          return text([data.names[i], "新增在孵 " + data.admitted[i] + " / 目标 " + data.targets[i], "完成 " + data.completion[i] + "%"]);
        }
      },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: data.names, inverse: true },
      series: [{
        type: "bar", data: data.completion, label: { show: true, position: "right", formatter: "{c}%" },
        markLine: { symbol: "none", silent: true, data: [{ xAxis: 100 }], label: { formatter: "目标" } }
      }]
    }, function (p) { return p.componentType === "series" ? data.links[p.dataIndex] : null; });
  }

  function sankey(element, data) {
    var colours = { kind: "#3182ce", carrier: "#3182ce", outcome: "#718096" };
    draw(element, {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          return p.dataType === "edge" ? text([p.data.source + " → " + p.data.target + "：" + p.data.value + " 个项目"])
            : text([p.name + "：" + p.value + " 个项目"]);
        }
      },
      series: [{
        type: "sankey", left: 8, right: element.clientWidth < 500 ? 72 : 140, top: 8, bottom: 8, nodeGap: 12,
        draggable: false,
        emphasis: { focus: "adjacency" }, lineStyle: { color: "gradient", opacity: 0.35 },
        label: { color: "#2d3748" },
        data: data.nodes.map(function (n) {
          var lost = data.losses.indexOf(n.name) >= 0;
          return { name: n.name, itemStyle: { color: lost ? "#c53030" : colours[n.category] } };
        }),
        links: data.links
      }]
    }, function () { return null; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var t = document.getElementById("trend-chart");
    if (t) trend(t, data.trend);
    var d = document.getElementById("district-chart");
    if (d && data.districts.names.length) districts(d, data.districts);
    var f = document.getElementById("flow-chart");
    if (f && data.flow) sankey(f, data.flow);
  });
})();
