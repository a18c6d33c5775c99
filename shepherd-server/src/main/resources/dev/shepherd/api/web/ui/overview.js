// Shepherd dashboard, part 3 of 7: the overview (#/). One row per deployment (GET /api/v1/deployments) with its
// serving version, its latest rollout and progress (GET …/rollouts), its automation level and review backlog
// (GET …/automation), its alerts (GET /api/v1/alerts with the rules' severities from …/alerts/rules) and a
// sparkline of its request rate over the last 15 minutes (GET …/metrics?window=15m&step=30s). Rows are kept
// between refreshes, so keyboard focus on a link survives the live refresh.
(function () {
  'use strict';

  var S = window.Shepherd;
  var rows = {};   // deployment name -> {tr, cells, spark}

  var view = S.overview = {};

  view.show = function () {
    S.$('overview').hidden = false;
    document.title = 'Deployments · Shepherd';
  };

  view.hide = function () {
    S.$('overview').hidden = true;
  };

  /** Loads everything once; resolves when the table is up to date. */
  view.refresh = function () {
    var alerts = S.get('/api/v1/alerts').then(function (a) {
      S.clear('overview:alerts');
      return a;
    }, function (e) {
      if (e.status !== 503) {
        S.report('overview:alerts', e);
      }
      return null;
    });
    var rules = S.alertRules();
    return S.get('/api/v1/deployments').then(function (body) {
      S.clear('overview');
      var deployments = body.deployments || [];
      syncRows(deployments);
      S.$('overview-empty').hidden = deployments.length > 0;
      return Promise.all([Promise.all([alerts, rules]).then(function (ar) {
        renderAlerts(deployments, ar[0], ar[1]);
      })].concat(deployments.map(refreshRow)));
    }, function (e) {
      S.report('overview', e);
    });
  };

  function syncRows(deployments) {
    var tbody = S.$('deployments').tBodies[0];
    var wanted = {};
    deployments.forEach(function (d, i) {
      wanted[d.name] = true;
      var row = rows[d.name] || newRow(d.name);
      if (tbody.rows[i] !== row.tr) {
        tbody.insertBefore(row.tr, tbody.rows[i] || null);
      }
      renderServing(row, d);
    });
    Object.keys(rows).forEach(function (name) {
      if (!wanted[name]) {
        rows[name].tr.remove();
        delete rows[name];
      }
    });
  }

  function newRow(name) {
    var tr = S.node('tr');
    tr.setAttribute('data-deployment', name);
    var th = S.node('th');
    th.scope = 'row';
    th.appendChild(S.deploymentLink(name));
    var sub = S.node('span', 'sub-line');
    th.appendChild(sub);
    tr.appendChild(th);
    var cells = {name: sub};
    ['serving', 'rollout', 'automation', 'alerts', 'traffic'].forEach(function (k) {
      cells[k] = S.node('td', 'cell-' + k);
      tr.appendChild(cells[k]);
    });
    var box = S.node('div', 'traffic-box');
    var sparkBox = S.node('div', 'spark');
    var rate = S.node('span', 'rate');
    box.appendChild(sparkBox);
    box.appendChild(rate);
    cells.traffic.appendChild(box);
    var row = {tr: tr, cells: cells, spark: S.charts.spark(sparkBox, '#1f5fbf'), rate: rate};
    rows[name] = row;
    return row;
  }

  function renderServing(row, d) {
    row.cells.name.textContent = 'model ' + d.model;
    var parts = [S.node('strong', null, d.serving)];
    if (!d.ready) {
      var bad = S.node('span', 'badge bad', 'not ready');
      bad.title = d.error || 'not ready';
      parts.push(' ', bad);
    }
    if (d.candidate) {
      parts.push(S.node('span', 'sub-line', 'candidate ' + d.candidate.version));
    }
    S.fill(row.cells.serving, parts);
  }

  function refreshRow(d) {
    var row = rows[d.name];
    var base = '/api/v1/deployments/' + S.seg(d.name);
    var source = 'overview:' + d.name;
    var failed = null;
    function soft(e) {
      if (e.status !== 503) {
        failed = e;
      }
      return {unavailable: e};
    }
    return Promise.all([
      S.get(base + '/rollouts?limit=1').catch(soft),
      S.get(base + '/automation').catch(soft),
      S.get(base + '/metrics?window=15m&step=30s').catch(soft)
    ]).then(function (r) {
      renderRollout(row, r[0]);
      renderAutomation(row, r[1]);
      renderTraffic(row, d.name, r[2]);
      if (failed) {
        S.report(source, failed);
      } else {
        S.clear(source);
      }
    });
  }

  /** A badge for a rollout status (running, paused, awaiting-approval, succeeded, failed, …). */
  S.statusBadge = function (status) {
    var kind = {running: 'info', paused: 'warn', 'awaiting-approval': 'warn', succeeded: 'good', completed: 'good',
      failed: 'bad', aborted: 'bad', 'rolled-back': 'bad'}[status] || 'info';
    var b = S.node('span', 'badge ' + kind, status);
    b.setAttribute('data-status', status);
    return b;
  };

  function renderRollout(row, r) {
    var cell = row.cells.rollout;
    if (!r || r.unavailable) {
      S.fill(cell, [S.node('span', 'none', r && r.unavailable ? 'not available' : '–')]);
      return;
    }
    var latest = (r.rollouts || [])[0];
    if (!latest) {
      S.fill(cell, [S.node('span', 'none', 'none yet')]);
      return;
    }
    var active = ['running', 'paused', 'awaiting-approval'].indexOf(latest.status) >= 0;
    var parts = [S.statusBadge(latest.status), ' ',
      S.node('span', null, latest.strategy + ' of ' + latest.candidate)];
    if (active) {
      var line = S.node('div', 'progress-line');
      var progress = S.node('progress');
      progress.max = 100;
      progress.value = latest.weight || 0;
      progress.setAttribute('aria-label', 'traffic on ' + latest.candidate);
      line.appendChild(progress);
      line.appendChild(S.node('span', null, ' ' + S.fmt.number(latest.weight) + ' % · step ' + latest.step
          + ' of ' + latest.steps + (latest.phase === 'shadow' ? ' (shadow)' : '')));
      parts.push(line);
    } else {
      parts.push(S.node('span', 'sub-line', S.fmt.time(latest.updated_at)));
    }
    S.fill(cell, parts);
  }

  function renderAutomation(row, a) {
    var cell = row.cells.automation;
    if (!a || a.unavailable) {
      S.fill(cell, [S.node('span', 'none', '–')]);
      return;
    }
    var level = a.setting && a.setting.level ? a.setting.level : '–';
    var backlog = a.backlog || {};
    var parts = [S.node('span', 'level', level)];
    if (backlog.open || backlog.claimed) {
      parts.push(S.node('span', 'sub-line', (backlog.open || 0) + ' open, oldest '
          + S.fmt.age(backlog.oldest_age_seconds)));
    }
    S.fill(cell, parts);
  }

  function renderTraffic(row, name, m) {
    if (!m || m.unavailable) {
      row.rate.textContent = 'no data';
      row.spark.update([], [], name + ': no traffic data');
      return;
    }
    var aligned = S.charts.align(m);
    var total = aligned.xs.map(function () {
      return 0;
    });
    var requests = 0;
    aligned.series.forEach(function (s) {
      if (s.role === 'primary' || s.role === 'candidate') {   // shadow copies are not client traffic
        s.values('request_rate', 0).forEach(function (v, i) {
          total[i] += v || 0;
        });
        s.values('requests', 0).forEach(function (v) {
          requests += v || 0;
        });
      }
    });
    var mean = requests / 900;
    row.rate.textContent = S.fmt.number(mean) + ' req/s';
    row.spark.update(aligned.xs, total, name + ': request rate over the last 15 minutes, mean '
        + S.fmt.number(mean) + ' requests per second');
  }

  function renderAlerts(deployments, alerts, rules) {
    var firingBox = S.$('firing');
    var list = S.$('firing-list');
    var byDeployment = {};
    var firing = [];
    var active = alerts ? alerts.alerts || [] : [];
    active.forEach(function (a) {
      var c = byDeployment[a.deployment] = byDeployment[a.deployment] || {firing: 0, pending: 0};
      if (a.state === 'firing') {
        c.firing++;
        firing.push(a);
      } else if (a.state === 'pending') {
        c.pending++;
      }
    });
    deployments.forEach(function (d) {
      var row = rows[d.name];
      if (!row) {
        return;
      }
      var c = byDeployment[d.name];
      if (!alerts) {
        S.fill(row.cells.alerts, [S.node('span', 'none', 'not evaluated')]);
      } else if (!c || (!c.firing && !c.pending)) {
        S.fill(row.cells.alerts, [S.node('span', 'none', 'none')]);
      } else {
        S.fill(row.cells.alerts, [c.firing ? S.node('span', 'badge bad', c.firing + ' firing') : null,
          c.pending ? S.node('span', 'badge warn', c.pending + ' pending') : null]);
      }
    });
    S.fill(list, firing.map(function (a) {
      var li = S.node('li');
      var rule = rules[a.deployment + '/' + a.rule] || {};
      li.appendChild(S.node('span', 'badge ' + (rule.severity === 'page' ? 'bad' : 'warn'), rule.severity || 'alert'));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(S.node('strong', null, a.rule));
      li.appendChild(document.createTextNode(' on '));
      li.appendChild(S.deploymentLink(a.deployment));
      li.appendChild(document.createTextNode(' since ' + S.fmt.time(a.fired_at || a.active_since)
          + (S.missing(a.value) ? '' : ', value ' + S.fmt.number(a.value))
          + (rule.summary ? ' — ' + rule.summary : '')));
      return li;
    }));
    firingBox.hidden = firing.length === 0;
  }

  /** Every deployment's alert rules by "deployment/rule": {severity, expr, summary}; {} when not available. */
  S.alertRules = function () {
    return S.get('/api/v1/alerts/rules').then(function (r) {
      var out = {};
      (r.rules || []).forEach(function (rule) {
        out[rule.deployment + '/' + rule.name] = {severity: rule.severity, expr: rule.expr,
          summary: rule.annotations ? rule.annotations.summary : null};
      });
      return out;
    }, function () {
      return {};
    });
  };
})();
