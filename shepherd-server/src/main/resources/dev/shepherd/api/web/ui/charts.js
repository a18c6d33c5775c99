// Shepherd dashboard, part 2 of 7: charts. Time series are uPlot charts (from the uPlot WebJar) in a <figure>
// whose caption names the metric and its unit; each figure carries data-points (non-empty values drawn) and
// data-series so tests and people can tell an empty chart from a drawn one. Small categorical charts (drift
// distributions, class mix) are SVG or plain elements. uPlot sets styles through the CSSOM only, which the page's
// CSP allows.
(function () {
  'use strict';

  var S = window.Shepherd;
  var charts = S.charts = {};

  /** Colours by role; a second version in the same role takes the second shade. */
  var ROLE_COLOURS = {
    primary: ['#1f5fbf', '#6b9be0', '#0d3a7a'],
    candidate: ['#d9730d', '#f2a65a', '#8f4a05'],
    shadow: ['#7b3fb5', '#b08ad8', '#4e2277']
  };
  /** Colours for categories (features, classes, events). */
  charts.PALETTE = ['#1f5fbf', '#d9730d', '#2a9d8f', '#b3261e', '#7b3fb5', '#8a6d1d', '#3d7a3d', '#c2185b',
    '#56606e', '#0097a7'];

  var AXIS = {stroke: '#56606e', grid: {stroke: '#e4e8ee', width: 1}, ticks: {stroke: '#d5dae1', width: 1}};

  /** A colour per series key "version/role", stable within one chart set (call with every key, in order). */
  charts.roleColours = function (keys) {
    var used = {};
    var out = {};
    keys.forEach(function (k) {
      var role = k.role || 'none';
      var shades = ROLE_COLOURS[role] || ['#56606e', '#8a939f', '#2f3742'];
      var n = used[role] || 0;
      used[role] = n + 1;
      out[k.id] = shades[n % shades.length];
    });
    return out;
  };

  function countPoints(data) {
    var n = 0;
    for (var s = 1; s < data.length; s++) {
      for (var i = 0; i < data[s].length; i++) {
        if (data[s][i] !== null && data[s][i] !== undefined && isFinite(data[s][i])) {
          n++;
        }
      }
    }
    return n;
  }

  function lastValue(values) {
    for (var i = values.length - 1; i >= 0; i--) {
      if (values[i] !== null && values[i] !== undefined) {
        return values[i];
      }
    }
    return null;
  }

  /**
   * A time-series chart in a new <figure> appended to {@code parent}. {@code spec}: id, title, unit (shown in
   * the caption and, unless {@code axis} gives a shorter label, on the y axis), format (value → text), min0 (the
   * y axis starts at 0), empty (text when there is nothing to draw). Returns {update(xs, series), resize(), destroy(), figure}; {@code series} is a list of
   * {label, colour, dash?, width?, values} aligned with {@code xs} (epoch seconds).
   */
  charts.time = function (parent, spec) {
    var figure = S.node('figure', 'chart');
    figure.setAttribute('data-chart', spec.id);
    figure.setAttribute('data-points', '0');
    figure.setAttribute('data-series', '0');
    var caption = S.node('figcaption', null, spec.title + ' (' + spec.unit + ')');
    caption.id = 'chart-' + spec.id + '-title';
    figure.appendChild(caption);
    var plot = S.node('div', 'plot');
    plot.setAttribute('role', 'img');
    figure.appendChild(plot);
    var empty = S.node('p', 'nodata', spec.empty || 'No data in this window.');
    figure.appendChild(empty);
    parent.appendChild(figure);

    var format = spec.format || S.fmt.number;
    var u = null;
    var shape = '';

    function options(series) {
      return {
        width: Math.max(200, plot.clientWidth || 360),
        height: spec.height || 170,
        cursor: {drag: {x: false, y: false}, points: {size: 6}},
        legend: {show: true, live: true},
        scales: {
          x: {time: true},
          y: {
            range: function (self, min, max) {
              if (min === null || max === null) {
                return [0, 1];
              }
              var lo = spec.min0 === false ? min : Math.min(0, min);
              var hi = max > lo ? max + (max - lo) * 0.1 : lo + 1;
              return [lo, hi];
            }
          }
        },
        axes: [
          Object.assign({label: 'time', labelSize: 18, size: 34}, AXIS),
          Object.assign({label: spec.axis || spec.unit, labelSize: 18, size: 56, values: function (self, ticks) {
            return ticks.map(function (t) {
              return format(t);
            });
          }}, AXIS)
        ],
        series: [{label: 'time'}].concat(series.map(function (s) {
          return {
            label: s.label,
            stroke: s.colour,
            width: s.width || 1.75,
            dash: s.dash,
            spanGaps: false,
            points: {size: 5},
            value: function (self, v) {
              return v === null || v === undefined ? '–' : format(v) + (spec.suffix || '');
            }
          };
        }))
      };
    }

    function describe(series, points) {
      if (!points) {
        return spec.title + ': ' + (spec.empty || 'no data in this window.');
      }
      return spec.title + ' in ' + spec.unit + '. Latest: ' + series.map(function (s) {
        var v = lastValue(s.values);
        return s.label + ' ' + (v === null ? 'no data' : format(v));
      }).join('; ') + '.';
    }

    function update(xs, series) {
      var data = [xs].concat(series.map(function (s) {
        return s.values;
      }));
      var points = countPoints(data);
      var nextShape = series.map(function (s) {
        return s.label + '|' + s.colour + '|' + (s.dash ? s.dash.join(',') : '');
      }).join(';');
      if (!u || nextShape !== shape) {
        if (u) {
          u.destroy();
        }
        shape = nextShape;
        u = new window.uPlot(options(series), data, plot);
      } else {
        u.setData(data);
      }
      figure.setAttribute('data-points', String(points));
      figure.setAttribute('data-series', String(series.length));
      figure.classList.toggle('empty', points === 0);
      plot.setAttribute('aria-label', describe(series, points));
    }

    return {
      figure: figure,
      update: update,
      resize: function () {
        if (u && plot.clientWidth) {
          u.setSize({width: Math.max(200, plot.clientWidth), height: spec.height || 170});
        }
      },
      destroy: function () {
        if (u) {
          u.destroy();
          u = null;
        }
        figure.remove();
      }
    };
  };

  /**
   * A sparkline in {@code parent} (no axes, no legend); returns {update(xs, values, label)}. The parent gets
   * data-points and an aria-label with {@code label}.
   */
  charts.spark = function (parent, colour) {
    var u = null;
    parent.setAttribute('role', 'img');
    return {
      update: function (xs, values, label) {
        var data = [xs, values];
        if (!u) {
          u = new window.uPlot({
            width: 180, height: 36,
            cursor: {show: false}, legend: {show: false}, select: {show: false},
            scales: {x: {time: true}, y: {range: function (self, min, max) {
              return [0, max > 0 ? max * 1.15 : 1];
            }}},
            axes: [{show: false}, {show: false}],
            series: [{}, {stroke: colour, width: 1.5, fill: 'rgba(31, 95, 191, 0.12)', points: {show: false}}]
          }, data, parent);
        } else {
          u.setData(data);
        }
        parent.setAttribute('data-points', String(countPoints(data)));
        parent.setAttribute('aria-label', label);
      }
    };
  };

  // ---- aligning the API's points on a time axis ----------------------------------------------

  var UNITS = {ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000};

  /** Milliseconds of a duration written like the API writes them ("30s", "5m", "1h", "7d"); NaN otherwise. */
  charts.millis = function (text) {
    var m = /^(\d+)(ms|s|m|h|d)$/.exec(String(text || ''));
    return m ? Number(m[1]) * UNITS[m[2]] : NaN;
  };

  /**
   * The steps of a time-series answer ({from, to, step} plus points with an ISO-8601 {@code t}) as an axis:
   * {xs (epoch seconds, one per step from {@code from}), index(t) → position or -1}.
   */
  charts.axis = function (resp) {
    var from = Date.parse(resp.from);
    var to = Date.parse(resp.to);
    var step = charts.millis(resp.step);
    var n = isNaN(from) || isNaN(to) || !(step > 0) ? 0 : Math.max(1, Math.ceil((to - from) / step));
    var xs = [];
    for (var i = 0; i < n; i++) {
      xs.push((from + i * step) / 1000);
    }
    return {
      xs: xs,
      index: function (t) {
        var at = Math.round((Date.parse(t) - from) / step);
        return at >= 0 && at < n ? at : -1;
      }
    };
  };

  /**
   * A metrics time series ({@code GET …/metrics}) aligned on its axis: {xs, series: [{id, version, role, label,
   * values(key, fill)}]}; {@code values} gives one number per step for the vocabulary key, {@code fill} where the
   * series saw nothing in a step (0 for counts and rates, null for ratios and latencies).
   */
  charts.align = function (resp) {
    var axis = charts.axis(resp);
    var series = (resp.series || []).map(function (s) {
      var byStep = new Array(axis.xs.length);
      (s.points || []).forEach(function (p) {
        var i = axis.index(p.t);
        if (i >= 0) {
          byStep[i] = p.values || {};
        }
      });
      var label = s.version === null || s.version === undefined
          ? 'deployment feedback' : s.version + ' · ' + (s.role || 'primary');
      return {
        id: String(s.version) + '/' + String(s.role),
        version: s.version,
        role: s.version === null || s.version === undefined ? null : (s.role || 'primary'),
        label: label,
        keys: function () {
          var keys = {};
          byStep.forEach(function (v) {
            Object.keys(v || {}).forEach(function (k) {
              keys[k] = true;
            });
          });
          return Object.keys(keys);
        },
        values: function (key, fill, scale) {
          fill = fill === undefined ? null : fill;
          var out = new Array(axis.xs.length);
          for (var i = 0; i < out.length; i++) {
            var v = byStep[i] ? byStep[i][key] : undefined;
            out[i] = v === undefined || v === null ? fill : v * (scale || 1);
          }
          return out;
        }
      };
    });
    return {xs: axis.xs, series: series};
  };

  // ---- small categorical charts --------------------------------------------------------------

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      n.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) {
      n.textContent = text;
    }
    return n;
  }

  function binLabels(d) {
    if (d.kind === 'category') {
      return (d.categories || []).map(String);
    }
    var e = d.edges || [];
    var out = [];
    for (var i = 0; i + 1 < e.length; i++) {
      out.push(S.fmt.number(e[i]) + ' to ' + S.fmt.number(e[i + 1]));
    }
    return out;
  }

  /**
   * The reference and current distributions of one feature side by side: an SVG of grouped bars (reference
   * grey, current blue), one group per bin or category, each bar with a tooltip; null when {@code d} has no
   * usable shares. {@code d}: {kind: "numeric", edges, reference, current} or {kind: "category", categories,
   * reference, current}, shares in 0..1.
   */
  charts.distribution = function (feature, d) {
    if (!d || !Array.isArray(d.reference) || !Array.isArray(d.current) || !d.reference.length) {
      return null;
    }
    var labels = binLabels(d);
    var k = Math.min(d.reference.length, d.current.length);
    var w = 240, h = 70, base = 56, top = 4;
    var max = 0;
    for (var i = 0; i < k; i++) {
      max = Math.max(max, d.reference[i] || 0, d.current[i] || 0);
    }
    if (!(max > 0)) {
      return null;
    }
    var group = w / k;
    var bar = Math.max(1, Math.min(14, group * 0.4));
    var root = svg('svg', {viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, 'class': 'dist', role: 'img'});
    root.setAttribute('aria-label', feature + ': reference and current distribution over ' + k
        + (d.kind === 'category' ? ' categories' : ' bins'));
    root.appendChild(svg('title', {}, feature + ': reference (grey) and current (blue) share per '
        + (d.kind === 'category' ? 'category' : 'bin')));
    root.appendChild(svg('line', {x1: 0, x2: w, y1: base + 0.5, y2: base + 0.5, 'class': 'axis'}));
    for (var j = 0; j < k; j++) {
      var x = j * group + group / 2;
      [['reference', d.reference[j], x - bar], ['current', d.current[j], x]].forEach(function (b) {
        var v = b[1] || 0;
        var bh = (base - top) * v / max;
        var rect = svg('rect', {x: b[2].toFixed(2), y: (base - bh).toFixed(2), width: bar.toFixed(2),
          height: Math.max(0, bh).toFixed(2), 'class': b[0]});
        rect.appendChild(svg('title', {}, (labels[j] || '') + ' — ' + b[0] + ' ' + S.fmt.percent(v)));
        root.appendChild(rect);
      });
    }
    if (d.kind === 'category' && k <= 6) {
      for (var c = 0; c < k; c++) {
        var name = labels[c].length > 9 ? labels[c].slice(0, 8) + '…' : labels[c];
        root.appendChild(svg('text', {x: (c * group + group / 2).toFixed(1), y: h - 2, 'class': 'tick'}, name));
      }
    } else if (d.edges && d.edges.length > 1) {
      root.appendChild(svg('text', {x: 1, y: h - 2, 'class': 'tick start'}, S.fmt.number(d.edges[0])));
      root.appendChild(svg('text', {x: w - 1, y: h - 2, 'class': 'tick end'},
          S.fmt.number(d.edges[d.edges.length - 1])));
    }
    return root;
  };

  /**
   * Class mix: one 100 % stacked bar per row {label, classes: {name: count}} in {@code plot}, with a legend.
   * Returns the number of predictions drawn.
   */
  charts.mix = function (plot, rows) {
    var names = [];
    rows.forEach(function (r) {
      Object.keys(r.classes || {}).forEach(function (c) {
        if (names.indexOf(c) < 0) {
          names.push(c);
        }
      });
    });
    var total = 0;
    var list = S.node('div', 'mix-bars');
    rows.forEach(function (r) {
      var sum = 0;
      names.forEach(function (c) {
        sum += (r.classes || {})[c] || 0;
      });
      if (!sum) {
        return;
      }
      total += sum;
      var row = S.node('div', 'mix-row');
      row.appendChild(S.node('span', 'mix-label', r.label));
      var bar = S.node('div', 'mix-bar');
      bar.setAttribute('role', 'img');
      var parts = [];
      names.forEach(function (c, i) {
        var n = (r.classes || {})[c] || 0;
        if (!n) {
          return;
        }
        var seg = S.node('span', 'mix-seg');
        seg.style.width = (100 * n / sum) + '%';
        seg.style.background = charts.PALETTE[i % charts.PALETTE.length];
        seg.title = c + ': ' + S.fmt.percent(n / sum) + ' (' + S.fmt.integer(n) + ')';
        if (n / sum >= 0.12) {
          seg.textContent = c + ' ' + S.fmt.percent(n / sum);
        }
        bar.appendChild(seg);
        parts.push(c + ' ' + S.fmt.percent(n / sum));
      });
      bar.setAttribute('aria-label', r.label + ': ' + parts.join(', ') + ' of ' + S.fmt.integer(sum)
          + ' predictions');
      row.appendChild(bar);
      list.appendChild(row);
    });
    S.fill(plot, [total ? list : S.node('p', 'nodata-inline', 'No class predictions in this window.')]);
    if (total) {
      var legend = S.node('ul', 'mix-legend');
      names.forEach(function (c, i) {
        var li = S.node('li');
        var sw = S.node('span', 'swatch');
        sw.style.background = charts.PALETTE[i % charts.PALETTE.length];
        li.appendChild(sw);
        li.appendChild(document.createTextNode(c));
        legend.appendChild(li);
      });
      plot.appendChild(legend);
    }
    return total;
  };
})();
