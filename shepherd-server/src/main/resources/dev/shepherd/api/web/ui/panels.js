// Shepherd dashboard, part 5 of 7: the smaller panels of a deployment page: drift against the reference (GET
// …/drift?window=, with each feature's reference and current distribution when the API gives one), the
// deployment's alerts (GET /api/v1/alerts plus the rules' severities), the review queue (GET …/automation: level
// and backlog, with a link to /review) and the model registry with provenance (GET /api/v1/models/{model}).
(function () {
  'use strict';

  var S = window.Shepherd;
  var panels = S.panels = {};

  function hint(text) {
    return S.node('p', 'hint', text);
  }

  /** {@code d}: the drift answer, or {unavailable: ApiError} / {missing: ApiError} (no reference). */
  panels.drift = function (d) {
    var body = S.$('drift-body');
    if (d.unavailable) {
      S.fill(body, [hint('This server computes no drift.')]);
      return;
    }
    if (d.missing) {
      S.fill(body, [hint(d.missing.message)]);
      return;
    }
    var head = S.node('p', 'headline');
    var summary = [
      d.traffic ? S.node('span', 'badge ' + (d.dataset_drift ? 'bad' : 'good'),
          d.dataset_drift ? 'dataset drift' : 'no dataset drift') : S.node('span', 'badge info', 'no traffic'),
      ' ' + (d.traffic ? S.fmt.integer(d.drifted) + ' of ' + S.fmt.integer(d.evaluated) + ' features drifted ('
          + S.fmt.percent(d.share) + '; dataset drift from ' + S.fmt.percent(d.share_threshold) + '), ' : '')
      + 'version ' + d.version + ', window ' + d.window + ', computed ' + S.fmt.time(d.computed_at)
      + (d.traffic ? ', ' + S.fmt.integer(d.reference_rows) + ' reference rows against '
          + S.fmt.integer(d.current_rows) + ' current' : '')
    ];
    S.fill(head, summary);
    if (!d.traffic) {
      S.fill(body, [head, hint('No traffic in this window to compare with the reference.')]);
      return;
    }
    var anyDistribution = false;
    var rows = (d.features || []).map(function (f) {
      var chart = S.charts.distribution(f.feature, f.distribution);
      anyDistribution = anyDistribution || !!chart;
      var drifted = S.node('span', 'badge ' + (f.drifted ? 'bad' : 'good'), f.drifted ? 'drifted' : 'no');
      var cells = [f.feature, f.type, f.method, S.fmt.number(f.score), S.fmt.number(f.threshold), drifted,
        chart || S.node('span', 'none', f.note || '–')];
      cells.rowClass = f.drifted ? 'drifted' : '';
      return cells;
    });
    var table = S.table('Drift per feature', [['Feature'], ['Type'], ['Method'], ['Score', 'num'],
      ['Threshold', 'num'], ['Drifted'], ['Reference vs current']], rows, 'drift');
    var parts = [head, table];
    if (anyDistribution) {
      parts.push(S.node('p', 'hint dist-legend', ''));
      var legend = parts[parts.length - 1];
      legend.appendChild(S.node('span', 'swatch reference'));
      legend.appendChild(document.createTextNode(' reference  '));
      legend.appendChild(S.node('span', 'swatch current'));
      legend.appendChild(document.createTextNode(' current window (share of values per bin or category)'));
    }
    S.fill(body, parts);
  };

  /** {@code alerts}: GET /api/v1/alerts (or {unavailable}); {@code rules}: S.alertRules(). */
  panels.alerts = function (name, alerts, rules) {
    var body = S.$('alerts-body');
    if (!alerts || alerts.unavailable) {
      S.fill(body, [hint('This server evaluates no alerts.')]);
      return;
    }
    var mine = (alerts.alerts || []).filter(function (a) {
      return a.deployment === name;
    });
    var watching = Object.keys(rules).filter(function (k) {
      return k.indexOf(name + '/') === 0;
    }).length;
    var note = hint(watching ? watching + ' rules watch this deployment.' : '');
    if (!mine.length) {
      S.fill(body, [S.node('p', 'calm', 'No pending or firing alerts.'), note]);
      return;
    }
    var rows = mine.map(function (a) {
      var rule = rules[name + '/' + a.rule] || {};
      var title = S.node('span');
      title.appendChild(S.node('strong', null, a.rule));
      if (rule.summary || rule.expr) {
        title.appendChild(S.node('span', 'sub-line', rule.summary || rule.expr));
      }
      var state = S.node('span', 'badge ' + (a.state === 'firing' ? 'bad' : 'warn'), a.state);
      var cells = [title, state, rule.severity || '–', S.fmt.time(a.fired_at || a.active_since),
        S.fmt.number(a.value), a.silenced_until ? 'until ' + S.fmt.time(a.silenced_until) : '–',
        a.acknowledged_by || '–'];
      cells.rowClass = 'alert-' + a.state;
      return cells;
    });
    S.fill(body, [S.table('Alerts of ' + name, [['Rule'], ['State'], ['Severity'], ['Since'], ['Value', 'num'],
      ['Silenced'], ['Acknowledged']], rows, 'compact'), note]);
  };

  /** {@code a}: GET …/automation (or {unavailable}). */
  panels.review = function (a) {
    var body = S.$('review-body');
    var link = S.node('a', 'button-link', 'Open the review queue');
    link.href = '/review';
    if (!a || a.unavailable) {
      S.fill(body, [hint('Automation is not enabled on this server: every request goes to the model.')]);
      return;
    }
    var setting = a.setting || {};
    var backlog = a.backlog || {};
    var evidence = a.evidence || {};
    var dl = S.node('dl', 'facts');
    S.fill(dl, [
      S.fact('Automation level', setting.level),
      S.fact('Confidence threshold', S.missing(setting.threshold) ? null : S.fmt.percent(setting.threshold)),
      S.fact('Open items', S.fmt.integer(backlog.open || 0)),
      S.fact('Claimed', S.fmt.integer(backlog.claimed || 0)),
      S.fact('Oldest waiting', backlog.open ? S.fmt.age(backlog.oldest_age_seconds) : '–'),
      S.fact('Decisions (' + (evidence.window || '1h') + ')', S.fmt.integer(evidence.decided || 0)
          + (evidence.decisions_per_minute ? ', ' + S.fmt.number(evidence.decisions_per_minute) + '/min' : '')),
      S.fact('People agree with the model', S.fmt.percent(evidence.agreement))
    ]);
    dl.id = 'review-facts';
    S.fill(body, [dl, link]);
  };

  /** {@code m}: GET /api/v1/models/{model} (or {unavailable}); {@code d}: the deployment view. */
  panels.registry = function (m, d) {
    var body = S.$('registry-body');
    if (!m || m.unavailable) {
      S.fill(body, [hint(m && m.unavailable ? m.unavailable.message : 'Loading…')]);
      return;
    }
    var candidate = d && d.candidate ? d.candidate.version : null;
    var versions = (m.versions || []).slice().sort(function (x, y) {
      return (Date.parse(y.created_at) || 0) - (Date.parse(x.created_at) || 0)
          || String(y.version).localeCompare(String(x.version), 'en', {numeric: true});
    });
    var rows = versions.map(function (v) {
      var role = v.version === (d && d.serving) ? S.node('span', 'badge good', 'serving')
          : v.version === candidate ? S.node('span', 'badge info', 'candidate') : S.node('span', 'none', '–');
      var prov = S.node('div', 'provenance');
      var p = v.provenance || {};
      prov.appendChild(S.node('span', null, p.source || 'unknown source'));
      var details = p.details || {};
      var keys = Object.keys(details);
      if (keys.length) {
        var dl = S.node('dl', 'details');
        keys.slice(0, 8).forEach(function (k) {
          dl.appendChild(S.fact(k, details[k]));
        });
        prov.appendChild(dl);
      }
      var sha = S.node('code', null, v.sha256 ? v.sha256.slice(0, 12) + '…' : '–');
      if (v.sha256) {
        sha.title = v.sha256;
      }
      var cells = [v.version, role, v.runtime, S.fmt.time(v.created_at), sha, prov];
      cells.rowClass = v.version === (d && d.serving) ? 'serving' : '';
      return cells;
    });
    S.fill(body, [S.node('p', 'hint', 'Model ' + m.name + ', ' + versions.length + ' versions, newest first.'),
      S.table('Versions of model ' + m.name, [['Version'], ['Role'], ['Runtime'], ['Registered'], ['SHA-256'],
        ['Provenance']], rows, 'compact registry')]);
  };
})();
