// Draws every <canvas data-chart> with Chart.js from the JSON block beside it. Colours are the
// GOV.UK palette; series also differ by line style or pattern, so none relies on colour alone.
(function () {
  'use strict';
  if (!window.Chart) return;
  var COLOURS = {
    blue: '#1d70b8',
    darkBlue: '#003078',
    red: '#d4351c',
    orange: '#f47738',
    green: '#00703c',
    purple: '#4c2c92',
    grey: '#505a5f',
    lightGrey: '#b1b4b6',
    pink: '#d53880',
    turquoise: '#28a197',
    lightBlue: '#5694ca',
    brown: '#b58840',
    black: '#0b0c0c',
  };
  var FONT = '"GDS Transport", arial, sans-serif';
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  // Day numbers (days since 1970-01-01) as calendar dates: "5 Jan 2026".
  function dayLabel(day) {
    var d = new Date(Number(day) * 86400000);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  // The dates to label on a narrow chart: the first and last, and those a fair share of the span apart.
  function thin(days, most) {
    if (days.length <= 2) return days;
    var first = days[0];
    var last = days[days.length - 1];
    var gap = ((last - first) / (most - 1)) * 0.9;
    var kept = [first];
    for (var i = 1; i < days.length - 1; i++) {
      if (days[i] - kept[kept.length - 1] >= gap && last - days[i] >= gap) kept.push(days[i]);
    }
    kept.push(last);
    return kept;
  }

  function colour(name) {
    return COLOURS[name] || name || COLOURS.blue;
  }

  function withAlpha(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function dataset(spec, type) {
    var c = Array.isArray(spec.colours) ? spec.colours.map(colour) : colour(spec.colour);
    var line = (spec.type || type) === 'line';
    return {
      type: spec.type,
      label: spec.label,
      data: spec.data,
      borderColor: c,
      backgroundColor: line
        ? c
        : Array.isArray(c)
          ? c.map(function (x) {
              return withAlpha(x, spec.alpha || 0.85);
            })
          : withAlpha(c, spec.alpha || 0.85),
      borderWidth: line ? spec.width || 3 : spec.outline ? 2 : 0,
      borderDash: spec.dash || [],
      pointStyle: spec.point || 'circle',
      pointRadius: line ? (spec.pointRadius !== undefined ? spec.pointRadius : 3) : undefined,
      pointHoverRadius: line ? 6 : undefined,
      spanGaps: true,
      clip: line ? 8 : undefined,
      stepped: spec.stepped || false,
      tension: 0,
      order: spec.order || 0,
      barPercentage: spec.barPercentage || 0.8,
      skipNull: spec.skipNull || undefined,
      categoryPercentage: 0.8,
    };
  }

  function axisTitle(text) {
    return text ? { display: true, text: text, color: COLOURS.black, font: { family: FONT, size: 14, weight: 'bold' } } : undefined;
  }

  function build(spec) {
    var o = spec.options || {};
    var valueAxis = o.indexAxis === 'y' ? 'x' : 'y';
    var categoryAxis = valueAxis === 'x' ? 'y' : 'x';
    var scales = {};
    scales[valueAxis] = {
      type: 'linear',
      beginAtZero: !o.dates,
      grace: o.dates ? 0 : '5%',
      stacked: !!o.stacked,
      title: axisTitle(o.valueLabel),
      grid: { color: '#e5e6e7' },
      min: o.min,
      max: o.max,
      suggestedMax: o.suggestedMax,
      ticks: {
        color: COLOURS.black,
        font: { family: FONT, size: 14 },
        maxTicksLimit: 8,
        callback: function (v) {
          return o.dates ? dayLabel(v) : o.percent ? v + '%' : v;
        },
      },
    };
    if (valueAxis === 'y' && o.percent) scales.y.max = o.max !== undefined ? o.max : 100;
    if (o.integer) scales[valueAxis].ticks.precision = 0;
    scales[categoryAxis] = o.xDates
      ? {
          // a time line: x values are day numbers, so uneven gaps between snapshots stay uneven
          type: 'linear',
          title: axisTitle(o.categoryLabel),
          grid: { display: false },
          // xTicks: the dates to label (the real points), so a short series never labels days between them
          afterBuildTicks: Array.isArray(o.xTicks)
            ? function (axis) {
                axis.ticks = thin(o.xTicks, Math.max(2, Math.floor((axis.chart.width || 600) / 110))).map(function (v) {
                  return { value: v };
                });
              }
            : undefined,
          ticks: {
            color: COLOURS.black,
            font: { family: FONT, size: 14 },
            maxTicksLimit: 7,
            maxRotation: 0,
            callback: function (v) {
              return dayLabel(v);
            },
          },
        }
      : {
          type: 'category',
          stacked: !!o.stacked,
          title: axisTitle(o.categoryLabel),
          grid: { display: false },
          ticks: { color: COLOURS.black, font: { family: FONT, size: 14 }, autoSkip: spec.labels.length > 24, maxRotation: 0 },
        };
    return {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) {
          return dataset(d, spec.type);
        }),
      },
      options: {
        indexAxis: o.indexAxis || 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: scales,
        plugins: {
          legend: {
            display: spec.datasets.length > 1 || !!o.legend,
            position: 'bottom',
            labels: {
              color: COLOURS.black,
              font: { family: FONT, size: 14 },
              usePointStyle: true,
              boxWidth: 40,
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex;
              },
              // A series coloured bar by bar (by status) shows a neutral swatch, not its first bar's colour.
              generateLabels: function (chart) {
                var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
                items.forEach(function (item) {
                  var legend = spec.datasets[item.datasetIndex] && spec.datasets[item.datasetIndex].legendColour;
                  if (legend) {
                    item.fillStyle = colour(legend);
                    item.strokeStyle = colour(legend);
                  }
                });
                return items;
              },
            },
          },
          tooltip: {
            callbacks: {
              title: function (items) {
                return o.xDates && items.length ? dayLabel(items[0].parsed.x) : items.length ? items[0].label : '';
              },
              label: function (ctx) {
                var raw = ctx.raw !== null && typeof ctx.raw === 'object' && !Array.isArray(ctx.raw) ? ctx.raw.y : ctx.raw;
                var value = Array.isArray(raw)
                  ? o.dates
                    ? dayLabel(raw[0]) + ' to ' + dayLabel(raw[1])
                    : raw[0] + ' to ' + raw[1]
                  : o.percent
                    ? raw + '%'
                    : raw;
                return ctx.dataset.label + ': ' + value;
              },
            },
          },
        },
      },
    };
  }

  Chart.defaults.font.family = FONT;
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) return;
    var chart = new Chart(canvas, build(JSON.parse(source.textContent)));
    canvas.setAttribute('data-drawn', String(chart.data.datasets.length));
  });
})();
