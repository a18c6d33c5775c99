// Shepherd dashboard, part 6 of 7: the page of one deployment (#/d/{name}). A window picker (15 min, 1 h, 24 h,
// 7 d at steps of 30 s, 1 min, 15 min, 1 h) drives the charts of GET …/metrics (one line per version and role:
// primary, candidate and shadow overlaid), the class mix of GET …/metrics/summary, the server load of GET
// /api/v1/system and the drift panel; the rollout, alerts, review and registry panels come from rollout.js and
// panels.js.
(function () {
  'use strict';

  var S = window.Shepherd;
  var page = S.deployment = {};

  var STEPS = {'15m': '30s', '1h': '1m', '24h': '15m', '7d': '1h'};
  var WINDOW_KEY = 'shepherd.ui.window';
  var SLOW_EVERY = 6;   // drift and the registry refresh on every 6th live refresh (once a minute)

  var name = null;
  var charts = {};
  var refreshes = 0;
  var current = null;   // the deployment view

  /** The charts, in page order: id, title, unit, and how to build their lines from the aligned metrics. */
  var SPECS = [
    {id: 'throughput', title: 'Throughput', unit: 'req/s', lines: perSeries('request_rate', 0, 1)},
    {id: 'latency', title: 'Latency p50 (solid) and p99 (dashed)', unit: 'ms', lines: latency},
    {id: 'error_rate', title: 'Error rate', unit: '% of requests', lines: perSeries('error_rate', null, 100)},
    {id: 'null_output', title: 'Null outputs', unit: '% of predictions',
      lines: perSeries('null_output_fraction', null, 100)},
    {id: 'missing_input', title: 'Missing inputs, all features', unit: '% of values',
      lines: perSeries('missing_input_fraction', null, 100)},
    {id: 'missing_by_feature', title: 'Missing inputs by feature', unit: '% of values', lines: byFeature,
      empty: 'No missing-input data in this window.'},
    {id: 'confidence', title: 'Confidence, mean', unit: '% top-class probability', axis: '%',
      lines: perSeries('confidence_mean', null, 100)},
    {id: 'accuracy', title: 'Accuracy where labels arrived', unit: '% correct', lines: perSeries('accuracy', null, 100),
      empty: 'No labels in this window.'},
    {id: 'feedback', title: 'Feedback events', unit: 'events per step', axis: 'events', lines: feedback,
      empty: 'No feedback events in this window.'},
    {id: 'cpu', title: 'Server CPU and load', unit: '% of all CPUs', system: cpu,
      empty: 'No data: the server reports no load history.'},
    {id: 'memory', title: 'Server heap', unit: 'MiB', system: heap, empty: 'No data: the server reports no heap history.'}
  ];

  function served(aligned) {
    return aligned.series.filter(function (s) {
      return s.version !== null && s.version !== undefined;
    });
  }

  function perSeries(key, fill, scale) {
    return function (aligned) {
      var list = served(aligned);
      var colours = S.charts.roleColours(list);
      return list.map(function (s) {
        return {label: s.label, colour: colours[s.id], values: s.values(key, fill, scale)};
      });
    };
  }

  function latency(aligned) {
    var list = served(aligned);
    var colours = S.charts.roleColours(list);
    var out = [];
    list.forEach(function (s) {
      out.push({label: s.label + ' p50', colour: colours[s.id], values: s.values('latency_p50_ms', null)});
      out.push({label: s.label + ' p99', colour: colours[s.id], dash: [6, 4], values: s.values('latency_p99_ms', null)});
    });
    return out;
  }

  /** The series whose features are charted: the serving version's primary, else the first with inputs. */
  function featureSeries(aligned) {
    var list = served(aligned);
    var serving = current ? current.serving : null;
    return list.filter(function (s) {
      return s.version === serving && s.role === 'primary';
    })[0] || list[0] || null;
  }

  function byFeature(aligned, figure) {
    var s = featureSeries(aligned);
    figure.querySelector('figcaption').textContent = 'Missing inputs by feature' + (s ? ', ' + s.label : '')
        + ' (% of values)';
    if (!s) {
      return [];
    }
    var features = [];
    s.keys().forEach(function (k) {
      var m = /^missing_input_fraction\{feature="(.*)"\}$/.exec(k);
      if (m) {
        features.push({key: k, name: m[1].replace(/\\(["\\])/g, '$1')});
      }
    });
    return features.map(function (f, i) {
      return {label: f.name, colour: S.charts.PALETTE[i % S.charts.PALETTE.length], width: 1.5,
        values: s.values(f.key, null, 100)};
    });
  }

  function feedback(aligned) {
    var events = [];
    var out = [];
    aligned.series.forEach(function (s) {
      s.keys().forEach(function (k) {
        var m = /^feedback_events\{event="(.*)"\}$/.exec(k);
        if (!m) {
          return;
        }
        var e = m[1];
        if (events.indexOf(e) < 0) {
          events.push(e);
        }
        out.push({label: e + ' · ' + s.label, colour: S.charts.PALETTE[events.indexOf(e) % S.charts.PALETTE.length],
          dash: s.role === 'primary' || s.role === null ? undefined : [5, 3], values: s.values(k, 0)});
      });
    });
    return out;
  }

  function cpu(sys) {
    return [
      {label: 'process CPU', colour: '#1f5fbf', values: sys.values('process_cpu', 100)},
      {label: 'system CPU', colour: '#2a9d8f', values: sys.values('system_cpu', 100)},
      {label: 'load average per CPU', colour: '#d9730d', dash: [6, 4], values: sys.values('load_per_cpu', 100)}
    ];
  }

  function heap(sys) {
    var mib = 1 / (1024 * 1024);
    return [
      {label: 'heap used', colour: '#7b3fb5', values: sys.values('heap_used_bytes', mib)},
      {label: 'heap max', colour: '#56606e', dash: [6, 4], values: sys.values('heap_max_bytes', mib)}
    ];
  }

  /** The system answer aligned on its axis: {xs, values(field, scale)}; empty when there is none. */
  function alignSystem(sys) {
    if (!sys || sys.unavailable || !Array.isArray(sys.points)) {
      return {xs: [], values: function () {
        return [];
      }};
    }
    var axis = S.charts.axis(sys);
    var byStep = new Array(axis.xs.length);
    sys.points.forEach(function (p) {
      var i = axis.index(p.t);
      if (i >= 0) {
        byStep[i] = p;
      }
    });
    return {xs: axis.xs, values: function (field, scale) {
      var out = [];
      for (var i = 0; i < axis.xs.length; i++) {
        var v = byStep[i] ? byStep[i][field] : null;
        out.push(v === null || v === undefined ? null : v * scale);
      }
      return out;
    }};
  }

  // ---- page lifecycle ------------------------------------------------------------------------

  page.windowValue = function () {
    return S.$('window').value;
  };

  page.bind = function () {
    var select = S.$('window');
    var stored = S.stored(WINDOW_KEY);
    if (STEPS[stored]) {
      select.value = stored;
    }
    select.addEventListener('change', function () {
      S.store(WINDOW_KEY, select.value);
      S.say('Window: ' + select.options[select.selectedIndex].text + '.');
      S.refresh(true);
    });
    var pendingResize = 0;
    window.addEventListener('resize', function () {
      window.clearTimeout(pendingResize);
      pendingResize = window.setTimeout(function () {
        Object.keys(charts).forEach(function (k) {
          charts[k].resize();
        });
      }, 150);
    });
    S.rollout.bind(function () {
      S.refresh(false);
    });
  };

  page.show = function (deployment) {
    if (name !== deployment) {
      reset();
      name = deployment;
    }
    S.$('deployment').hidden = false;
    S.$('d-title').textContent = deployment;
    document.title = deployment + ' · Shepherd';
    if (!Object.keys(charts).length) {
      SPECS.forEach(function (spec) {
        charts[spec.id] = S.charts.time(S.$('charts'), spec);
      });
    }
  };

  page.hide = function () {
    S.$('deployment').hidden = true;
    S.$('not-found').hidden = true;
  };

  function reset() {
    Object.keys(charts).forEach(function (k) {
      charts[k].destroy();
    });
    charts = {};
    current = null;
    refreshes = 0;
    S.rollout.reset();
    S.fill(S.$('d-facts'), []);
    ['drift-body', 'alerts-body', 'review-body', 'registry-body'].forEach(function (id) {
      S.fill(S.$(id), [S.node('p', 'hint', 'Loading…')]);
    });
    S.fill(S.$('class-mix').querySelector('.plot'), []);
  }

  /** Keeps a failure of {@code source} for the alert region, unless the server simply lacks the feature (503). */
  function soft(source, quiet) {
    return function (e) {
      if (e.status === 503 || (quiet && quiet(e))) {
        S.clear(source);
        return {unavailable: e};
      }
      S.report(source, e);
      return {unavailable: e, failed: true};
    };
  }

  function ok(source) {
    return function (body) {
      S.clear(source);
      return body;
    };
  }

  /** Reloads the page's data; {@code full} also reloads drift and the registry (window change, first load). */
  page.refresh = function (full) {
    var deployment = name;
    if (!deployment) {
      return Promise.resolve();
    }
    var slow = full || refreshes % SLOW_EVERY === 0;
    refreshes++;
    var base = '/api/v1/deployments/' + S.seg(deployment);
    var w = page.windowValue();
    var step = STEPS[w];
    var still = function () {
      return name === deployment;
    };
    return S.get(base).then(ok('deployment'), function (e) {
      if (e.status === 404 && still()) {
        S.$('deployment').hidden = true;
        var missing = S.$('not-found');
        S.fill(missing, [e.message + '. ', S.node('a', null, 'Back to every deployment')]);
        missing.querySelector('a').href = '#/';
        missing.hidden = false;
        return null;
      }
      throw e;
    }).then(function (d) {
      if (!still() || !d) {
        return null;
      }
      S.$('not-found').hidden = true;
      S.$('deployment').hidden = false;
      current = d;
      renderFacts(d);
      var jobs = [
        S.get(base + '/rollouts?limit=20').then(ok('rollout'), soft('rollout')).then(function (h) {
          var has = h && !h.unavailable && (h.rollouts || []).length;
          return (has ? S.get(base + '/rollout').then(ok('rollout'), soft('rollout')) : Promise.resolve(null))
              .then(function (status) {
                if (still()) {
                  S.rollout.render(deployment, h, status && !status.unavailable ? status : null);
                }
              });
        }),
        Promise.all([
          S.get(base + '/metrics?window=' + w + '&step=' + step).then(ok('metrics'), soft('metrics')),
          // the server-load history; "no data" until the server offers it (404) or without it (503)
          S.get('/api/v1/system?window=' + w + '&step=' + step).then(ok('system'), soft('system', function (e) {
            return e.status === 404 || e.status === 405;
          }))
        ]).then(function (r) {
          if (still()) {
            renderCharts(r[0], r[1]);
          }
        }),
        S.get(base + '/metrics/summary?window=' + w).then(ok('summary'), soft('summary')).then(function (s) {
          if (still()) {
            renderMix(s);
          }
        }),
        Promise.all([
          S.get('/api/v1/alerts').then(ok('alerts'), soft('alerts')),
          S.alertRules()
        ]).then(function (r) {
          if (still()) {
            S.panels.alerts(deployment, r[0], r[1]);
          }
        }),
        S.get(base + '/automation').then(ok('automation'), soft('automation')).then(function (a) {
          if (still()) {
            S.panels.review(a);
          }
        })
      ];
      if (slow) {
        jobs.push(S.get(base + '/drift?window=' + w).then(ok('drift'), function (e) {
          if (e.status === 404 && e.field === 'reference') {
            S.clear('drift');
            return {missing: e};
          }
          return soft('drift')(e);
        }).then(function (r) {
          if (still()) {
            S.panels.drift(r);
          }
        }));
        jobs.push(S.get('/api/v1/models/' + S.seg(d.model)).then(ok('registry'), soft('registry')).then(function (m) {
          if (still()) {
            S.panels.registry(m, d);
          }
        }));
      }
      return Promise.all(jobs);
    }).catch(function (e) {
      S.report('deployment', e);
    });
  };

  function renderFacts(d) {
    var ready = S.node('span', 'badge ' + (d.ready ? 'good' : 'bad'), d.ready ? 'ready' : 'not ready');
    if (!d.ready && d.error) {
      ready.title = d.error;
    }
    var candidate = d.candidate ? d.candidate.version + ' (' + S.fmt.number(d.candidate.weight) + ' % of traffic'
        + (d.candidate.shadow_share ? ', shadow ' + S.fmt.percent(d.candidate.shadow_share) : '') + ')' : null;
    S.fill(S.$('d-facts'), [
      S.fact('Model', d.model),
      S.fact('Serving', d.serving),
      S.fact('Candidate', candidate),
      S.fact('State', ready),
      S.fact('Updated', S.fmt.time(d.updated_at))
    ]);
  }

  function renderCharts(metrics, system) {
    var aligned = metrics && !metrics.unavailable ? S.charts.align(metrics) : {xs: [], series: []};
    S.$('charts').setAttribute('data-window', metrics && metrics.window ? metrics.window : '');
    S.$('charts').setAttribute('data-step', metrics && metrics.step ? metrics.step : '');
    var sys = alignSystem(system);
    SPECS.forEach(function (spec) {
      var chart = charts[spec.id];
      if (spec.system) {
        chart.update(sys.xs, spec.system(sys));
      } else {
        chart.update(aligned.xs, spec.lines(aligned, chart.figure));
      }
    });
  }

  function renderMix(summary) {
    var figure = S.$('class-mix');
    var plot = figure.querySelector('.plot');
    if (!summary || summary.unavailable) {
      S.fill(plot, [S.node('p', 'nodata-inline', 'No data.')]);
      figure.setAttribute('data-points', '0');
      return;
    }
    var rows = (summary.series || []).filter(function (s) {
      return s.version !== null && s.version !== undefined;
    }).map(function (s) {
      return {label: s.version + ' · ' + (s.role || 'primary'), classes: s.outputs ? s.outputs.classes : {}};
    });
    figure.setAttribute('data-points', String(S.charts.mix(plot, rows)));
  }
})();
