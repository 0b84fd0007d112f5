// 孵化空间数字地图: the district outlines (GeoJSON from the server, cached) with two layers drawn
// by the vendored Apache ECharts: carriers (shape by kind, size by space, colour by occupancy) and
// landing sites (colour by kind, size by vacant area). The checkboxes toggle whole layers, the
// legend single kinds; a click opens the page behind a point. Tooltips are plain text.
(function () {
  "use strict";

  var CARRIER_SYMBOLS = { maker_space: "circle", incubator: "rect", accelerator: "triangle", university_park: "diamond" };
  var SITE_COLOURS = { district: "#2b6cb0", park: "#6b46c1", custom_plant: "#2c7a7b" };

  function text(lines) {
    var div = document.createElement("div");
    return lines.map(function (line) { div.textContent = line; return div.innerHTML; }).join("<br>");
  }

  function area(value) { return Math.round(value).toLocaleString("zh-CN") + " ㎡"; }

  function scale(max, least, most) {
    return function (value) { return max > 0 ? least + (most - least) * Math.sqrt(Math.max(value, 0) / max) : least; };
  }

  function carrierSeries(data) {
    var size = scale(Math.max.apply(null, data.carriers.map(function (c) { return c.total_area; }).concat([0])), 9, 34);
    return Object.keys(data.carrier_kinds).map(function (kind) {
      return {
        name: data.carrier_kinds[kind], type: "scatter", coordinateSystem: "geo", layer: "carriers",
        symbol: CARRIER_SYMBOLS[kind], z: 3,
        // The colour is the occupancy (visualMap); grey is what the legend shows for the shape.
        itemStyle: { color: "#718096", borderColor: "#fff", borderWidth: 1, opacity: 0.92 },
        data: data.carriers.filter(function (c) { return c.kind === kind; }).map(function (c) {
          return {
            name: c.name, value: [c.lon, c.lat, c.rate === null ? -1 : c.rate], symbolSize: size(c.total_area), url: c.url,
            card: [c.name, data.carrier_kinds[c.kind] + " · " + c.district,
                   "空间 " + area(c.total_area) + "，空置 " + area(c.vacant_area),
                   "入驻率 " + (c.rate === null ? "未登记空间" : Math.round(c.rate * 100) + "%"),
                   "在孵项目 " + c.projects + " 个"]
          };
        })
      };
    });
  }

  function siteSeries(data) {
    var size = scale(Math.max.apply(null, data.sites.map(function (s) { return s.vacant_area; }).concat([0])), 7, 30);
    return Object.keys(data.site_kinds).map(function (kind) {
      return {
        name: data.site_kinds[kind], type: "scatter", coordinateSystem: "geo", layer: "sites", symbol: "pin", z: 2,
        itemStyle: { color: SITE_COLOURS[kind], opacity: 0.8 },
        data: data.sites.filter(function (s) { return s.kind === kind; }).map(function (s) {
          return {
            name: s.name, value: [s.lon, s.lat], symbolSize: size(s.vacant_area), url: s.url,
            card: [s.name, data.site_kinds[s.kind] + " · " + s.district + (s.state_owned ? " · 国有" : ""),
                   "可用面积 " + area(s.vacant_area) + "（" + s.offers + " 条供给）"]
          };
        })
      };
    });
  }

  function draw(element, data, outlines) {
    echarts.registerMap("wenzhou", outlines);
    var carriers = carrierSeries(data);
    var sites = siteSeries(data);
    var series = carriers.concat(sites);
    var ocean = data.ocean_zone;
    series.push({
      name: ocean.name, type: "scatter", coordinateSystem: "geo", symbol: "circle", symbolSize: 10, silent: true,
      itemStyle: { color: "rgba(0,0,0,0)", borderColor: "#4a5568", borderType: "dashed", borderWidth: 1.5 },
      label: { show: true, position: "right", formatter: ocean.name, color: "#4a5568" },
      data: [{ name: ocean.name, value: [ocean.lon, ocean.lat] }], tooltip: { show: false }
    });
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: { top: 0, left: 0, data: series.slice(0, -1).map(function (s) { return s.name; }) },
      tooltip: { trigger: "item", formatter: function (p) { return p.data && p.data.card ? text(p.data.card) : ""; } },
      visualMap: {
        type: "continuous", seriesIndex: carriers.map(function (_, i) { return i; }), dimension: 2, min: 0, max: 1,
        text: ["入驻率 100%", "0%"], left: 0, bottom: 10, itemHeight: 100, calculable: false,
        inRange: { color: ["#fefcbf", "#f6ad55", "#c05621"] }, outOfRange: { color: "#a0aec0" }
      },
      geo: {
        map: "wenzhou", roam: true, scaleLimit: { min: 0.8, max: 12 }, top: 64, bottom: 10, left: 10, right: 10,
        label: { show: true, color: "#718096", fontSize: 11 },
        itemStyle: { areaColor: "#f4f4ee", borderColor: "#8a9bb0" },
        emphasis: { label: { color: "#2d3748" }, itemStyle: { areaColor: "#fdf6d8" } }
      },
      series: series
    });
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.assign(p.data.url); });
    window.addEventListener("resize", function () { chart.resize(); });

    var layers = { carriers: carriers, sites: sites };
    document.querySelectorAll("#map-layers input[name=layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        layers[box.value].forEach(function (s) {
          chart.dispatchAction({ type: box.checked ? "legendSelect" : "legendUnSelect", name: s.name });
        });
        var hidden = Array.prototype.filter.call(document.querySelectorAll("#map-layers input[name=layer]"),
          function (b) { return !b.checked; }).map(function (b) { return b.value; });
        element.setAttribute("data-hidden-layers", hidden.join(" "));
      });
    });
    element.setAttribute("data-ready", "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("space-map");
    var source = document.getElementById("space-map-data");
    if (!element || !source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    fetch(data.outlines, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (outlines) { draw(element, data, outlines); });
  });
})();
