/* The results analysis page: its charts, drawn with the vendored Chart.js from the JSON block
   #analysis-data (no inline script: the page's CSP forbids it). Every chart is also a table on
   the page; the charts are for looking, the tables for reading. */
(function () {
  "use strict";
  var source = document.getElementById("analysis-data");
  if (!source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var S = data.strings;
  var style = getComputedStyle(document.documentElement);
  function cssColor(name, fallback) {
    return style.getPropertyValue(name).trim() || fallback;
  }
  var BRAND = cssColor("--brand", "#1f5fa8");
  var OK = cssColor("--ok", "#1e7a46");
  var BAD = cssColor("--bad", "#b3261e");
  var WARN = cssColor("--warn", "#a15c00");
  var MUTED = "#8a96a3";
  var EMPTY = "#d8dee4";

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false; // numbers, not a show: draw at once

  // every chart by canvas id, for people debugging in the console and for the browser tests
  var charts = (window.examsvcCharts = {});

  function pct(value) {
    return Math.round(value * 100) + "%";
  }

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return null;
    charts[id] = new Chart(canvas, config);
    return charts[id];
  }

  // ---------------------------------------------------------------- score histograms
  var histColors = { theory: BRAND, skill: OK, total: "#6b4fa3" };
  ["theory", "skill", "total"].forEach(function (key) {
    make("hist-" + key, {
      type: "bar",
      data: {
        labels: data.histograms.labels,
        datasets: [{ label: S[key], data: data.histograms[key], backgroundColor: histColors[key] }]
      },
      options: {
        plugins: { legend: { display: false } },
        scales: {
          x: { title: { display: true, text: S.score }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: S.contestants } }
        }
      }
    });
  });

  // ---------------------------------------------------------------- facility × discrimination
  var t = data.thresholds;
  var lowest = data.scatter.reduce(function (m, p) { return Math.min(m, p.y); }, 0);
  var yMin = Math.max(-1, Math.floor((lowest - 0.1) * 10) / 10);
  function guide(points) {
    return {
      label: S.limit, data: points, guide: true, showLine: true, pointRadius: 0, pointHitRadius: 0,
      borderColor: WARN, borderDash: [6, 4], borderWidth: 1, fill: false
    };
  }
  var scatterSets = [
    {
      label: S.fine,
      data: data.scatter.filter(function (p) { return !p.flagged; }),
      backgroundColor: BRAND, pointRadius: 5, pointHoverRadius: 7
    },
    {
      label: S.flagged,
      data: data.scatter.filter(function (p) { return p.flagged; }),
      backgroundColor: BAD, pointStyle: "rectRot", pointRadius: 7, pointHoverRadius: 9
    },
    guide([{ x: t.too_hard, y: yMin }, { x: t.too_hard, y: 1 }]),
    guide([{ x: t.too_easy, y: yMin }, { x: t.too_easy, y: 1 }]),
    guide([{ x: 0, y: t.weak_discrimination }, { x: 1, y: t.weak_discrimination }])
  ];
  function isPoint(chart, element) {
    return !chart.data.datasets[element.datasetIndex].guide;
  }
  make("scatter", {
    type: "scatter",
    data: { datasets: scatterSets },
    options: {
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: S.facility }, ticks: { callback: pct } },
        y: { min: yMin, max: 1, title: { display: true, text: S.discrimination } }
      },
      plugins: {
        legend: {
          labels: {
            filter: function (item) { return item.datasetIndex <= 2; }
          }
        },
        tooltip: {
          filter: function (item) { return !item.dataset.guide; },
          callbacks: {
            title: function (items) {
              var p = items[0].raw;
              return "#" + p.id + " " + p.label;
            },
            label: function (item) {
              var p = item.raw;
              return [S.facility + ": " + pct(p.x), S.discrimination + ": " + p.y.toFixed(2)].concat(p.flags);
            },
            footer: function () { return S.open; }
          }
        }
      },
      onClick: function (event, elements, chart) {
        var hit = elements.filter(function (e) { return isPoint(chart, e); })[0];
        if (hit) window.location.href = chart.data.datasets[hit.datasetIndex].data[hit.index].url;
      },
      onHover: function (event, elements, chart) {
        var over = elements.some(function (e) { return isPoint(chart, e); });
        chart.canvas.classList.toggle("clickable", over);
      }
    }
  });

  // ---------------------------------------------------------------- distractor bars
  function drawDistractor(canvas) {
    var d = data.distractors[Number(canvas.dataset.index)];
    if (!d || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    charts["distractor-" + d.id] = new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.options.map(function (o) { return o.key; }),
        datasets: [{
          data: d.options.map(function (o) { return o.share; }),
          backgroundColor: d.options.map(function (o) {
            return o.is_key ? OK : (o.share === 0 ? EMPTY : MUTED);
          }),
          minBarLength: 2
        }]
      },
      options: {
        indexAxis: "y",
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return pct(item.raw) + " · " + (d.options[item.dataIndex].is_key ? S.key : S.distractor);
              }
            }
          }
        },
        scales: {
          x: { min: 0, max: 1, ticks: { callback: pct }, title: { display: true, text: S.share } },
          y: { grid: { display: false } }
        }
      }
    });
  }
  var distractorCanvases = Array.prototype.slice.call(document.querySelectorAll(".distractor-chart"));
  if ("IntersectionObserver" in window) {
    // a stage has a hundred choice questions: draw each chart when it scrolls into view
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          drawDistractor(entry.target);
          observer.unobserve(entry.target);
        }
      });
    }, { rootMargin: "300px" });
    distractorCanvases.forEach(function (c) { observer.observe(c); });
  } else {
    distractorCanvases.forEach(drawDistractor);
  }

  // ---------------------------------------------------------------- answers by letter shown
  make("positions", {
    type: "bar",
    data: {
      labels: data.positions.letters,
      datasets: [
        { label: S.answers, data: data.positions.answers, backgroundColor: BRAND },
        { label: S.keys, data: data.positions.keys, backgroundColor: OK }
      ]
    },
    options: {
      scales: {
        x: { title: { display: true, text: S.letter }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { callback: pct } }
      },
      plugins: { tooltip: { callbacks: { label: function (i) { return i.dataset.label + ": " + pct(i.raw); } } } }
    }
  });

  // ---------------------------------------------------------------- graders' bias
  if (data.graders && data.graders.length) {
    make("graders", {
      type: "bar",
      data: {
        labels: data.graders.map(function (g) { return g.name; }),
        datasets: [{
          label: S.bias,
          data: data.graders.map(function (g) { return g.bias; }),
          backgroundColor: data.graders.map(function (g) { return g.bias >= 0 ? WARN : BRAND; })
        }]
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (i) { return pct(i.raw); } } } },
        scales: { x: { ticks: { callback: pct }, title: { display: true, text: S.bias } } }
      }
    });
  }
})();
