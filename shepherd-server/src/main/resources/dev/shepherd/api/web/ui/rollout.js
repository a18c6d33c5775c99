// Shepherd dashboard, part 4 of 7: the rollout panel of a deployment page. Shows the latest rollout (GET
// …/rollouts, newest first, with its audit trail) and, for it, the gate verdicts, the shadow comparison and the
// shadow copies (GET …/rollout); its buttons send POST …/rollout/{action} with {"reason": "…"} after a
// confirmation dialog (a native modal <dialog>: focus moves into it, Escape cancels, focus comes back).
(function () {
  'use strict';

  var S = window.Shepherd;
  var panel = S.rollout = {};

  var deployment = null;   // the deployment the panel shows
  var latest = null;       // its latest rollout (the view of GET …/rollout or of the history), or null
  var pending = null;      // {action, button} while the dialog is open
  var busy = false;
  var onChange = function () {
  };

  var ACTIVE = ['running', 'paused', 'awaiting-approval'];

  /** What each action does, for the dialog. */
  function explain(action, r) {
    var cand = r ? r.candidate : 'the candidate';
    var base = r ? r.baseline : 'the primary';
    switch (action) {
      case 'promote':
        return ['Promote ' + cand + '?', cand + ' becomes the primary of ' + deployment
            + ' now and answers all traffic; the remaining steps are skipped.', 'Promote'];
      case 'approve':
        return ['Approve this step?', 'The rollout of ' + cand + ' moves on to its next step.', 'Approve'];
      case 'pause':
        return ['Pause the rollout?', 'Traffic stays as it is and the bake time stops; failing gates still roll '
            + cand + ' back.', 'Pause'];
      case 'resume':
        return ['Resume the rollout?', 'The bake time runs again and ' + cand + ' advances as its gates pass.',
          'Resume'];
      case 'abort':
        return ['Abort the rollout?', 'All traffic goes back to ' + base + '; the rollout of ' + cand
            + ' ends as aborted.', 'Abort'];
      default:
        return ['Roll back ' + deployment + '?', r && r.status === 'succeeded'
            ? 'Traffic switches back to ' + base + ', the version ' + cand + ' replaced.'
            : 'All traffic goes back to ' + base + ' at once; the rollout of ' + cand + ' ends as rolled back.',
          'Roll back'];
    }
  }

  /** The text of a value of metric {@code key}: percentages for ratios, milliseconds for latencies. */
  S.metricText = function (key, v) {
    if (S.missing(v)) {
      return '–';
    }
    var name = String(key).replace(/\{.*$/, '');
    if (/_ms$/.test(name)) {
      return S.fmt.number(v) + ' ms';
    }
    if (/(fraction|_rate|accuracy|agreement|share)$/.test(name) && name !== 'request_rate') {
      return S.fmt.percent(v);
    }
    if (name === 'request_rate') {
      return S.fmt.number(v) + ' req/s';
    }
    return S.fmt.number(v);
  };

  /** Wires the buttons and the dialog once; {@code changed} runs after a successful action. */
  panel.bind = function (changed) {
    onChange = changed;
    S.$('rollout-actions').addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-action]');
      if (b && !b.disabled && !busy) {
        ask(b.getAttribute('data-action'), b);
      }
    });
    S.$('confirm').addEventListener('close', function () {
      var p = pending;
      pending = null;
      if (!p) {
        return;
      }
      if (S.$('confirm').returnValue === 'confirm') {
        act(p.action, S.$('confirm-reason').value.trim(), p.button);
      } else {
        restoreFocus(p.button);
      }
    });
  };

  function ask(action, button) {
    var t = explain(action, latest);
    var dialog = S.$('confirm');
    S.$('confirm-title').textContent = t[0];
    S.$('confirm-text').textContent = t[1];
    S.$('confirm-reason').value = '';
    S.$('confirm-ok').textContent = t[2];
    S.$('confirm-ok').className = ['abort', 'rollback'].indexOf(action) >= 0 ? 'danger' : 'primary';
    dialog.returnValue = '';
    dialog.setAttribute('data-action', action);
    pending = {action: action, button: button};
    dialog.showModal();
    S.$('confirm-reason').focus();
  }

  function restoreFocus(button) {
    if (button && !button.disabled && !button.hidden) {
      button.focus();
    } else {
      S.$('rollout-title').focus();
    }
  }

  function act(action, reason, button) {
    busy = true;
    setButtons();
    S.say(action + ' sent…');
    var path = '/api/v1/deployments/' + S.seg(deployment) + '/rollout/' + action;
    S.api('POST', path, reason ? {reason: reason} : {}).then(function (r) {
      S.clear('action');
      busy = false;
      latest = Object.assign({}, latest || {}, r.body);
      renderState(latest, null);
      setButtons();
      S.say(action + ' done: the rollout is now ' + (r.body && r.body.status) + '.');
      restoreFocus(button);
      onChange();
    }, function (e) {
      busy = false;
      setButtons();
      S.report('action', e);
      restoreFocus(button);
    });
  }

  function setButtons() {
    var status = latest ? latest.status : null;
    var active = ACTIVE.indexOf(status) >= 0;
    var allowed = {
      promote: active,
      approve: status === 'awaiting-approval',
      pause: status === 'running' || status === 'awaiting-approval',
      resume: status === 'paused',
      abort: active,
      rollback: active || status === 'succeeded'
    };
    Array.prototype.forEach.call(S.$('rollout-actions').querySelectorAll('button[data-action]'), function (b) {
      var a = b.getAttribute('data-action');
      b.disabled = busy || !allowed[a];
      if (a === 'approve') {
        b.hidden = !allowed[a];
      }
    });
  }

  /** Shows the rollout of {@code name}: {@code history} is GET …/rollouts (or {unavailable}), {@code status} GET …/rollout. */
  panel.render = function (name, history, status) {
    deployment = name;
    var body = S.$('rollout-body');
    if (!history || history.unavailable) {
      latest = null;
      S.fill(body, [S.node('p', 'hint', history && history.unavailable
          ? 'This server runs no rollout controller.' : 'Loading…')]);
      S.$('rollout').setAttribute('data-status', 'none');
      setButtons();
      return;
    }
    var first = (history.rollouts || [])[0] || null;
    if (!first) {
      latest = null;
      S.fill(body, [S.node('p', 'hint', 'No rollout yet. Start one with shepherd rollout start ' + name
          + ' --candidate <version>, or declare spec.rollout.')]);
      S.$('rollout').setAttribute('data-status', 'none');
      setButtons();
      return;
    }
    latest = status && status.id === first.id ? Object.assign({}, first, status) : first;
    renderState(latest, first.transitions || []);
    setButtons();
  };

  /** Forgets the deployment (leaving its page). */
  panel.reset = function () {
    deployment = null;
    latest = null;
    S.fill(S.$('rollout-body'), [S.node('p', 'hint', 'Loading…')]);
  };

  function renderState(r, transitions) {
    S.$('rollout').setAttribute('data-status', r.status);
    var head = S.node('p', 'headline');
    var badge = S.statusBadge(r.status);
    badge.id = 'rollout-status';
    head.appendChild(badge);
    head.appendChild(document.createTextNode(' ' + r.strategy + ' of '));
    head.appendChild(S.node('strong', null, r.candidate));
    head.appendChild(document.createTextNode(' against ' + r.baseline + ' · phase ' + r.phase));

    var facts = S.node('dl', 'facts');
    var weight = S.node('span');
    var progress = S.node('progress');
    progress.max = 100;
    progress.value = r.weight || 0;
    progress.setAttribute('aria-label', 'traffic on the candidate');
    weight.appendChild(progress);
    weight.appendChild(document.createTextNode(' ' + S.fmt.number(r.weight) + ' %'));
    S.fill(facts, [
      S.fact('Traffic on ' + r.candidate, weight),
      S.fact('Step', r.steps ? r.step + ' of ' + r.steps : null),
      S.fact('Baked', S.fmt.age(r.baked_seconds)),
      S.fact('Candidate requests', S.missing(r.candidate_requests) ? null : S.fmt.integer(r.candidate_requests)),
      S.fact('Started', S.fmt.time(r.started_at)),
      S.fact('Updated', S.fmt.time(r.updated_at)),
      S.fact('Reason', r.reason)
    ]);

    var state = S.node('div', 'rollout-state');
    S.fill(state, [head, facts, steps(r)]);
    var parts = [state];
    var ended = ACTIVE.indexOf(r.status) < 0;
    if (!ended && r.gates) {
      parts.push(gates(r.gates));
    } else if (ended) {
      parts.push(lastValues(transitions || []));
    }
    if (r.comparison && (!ended || r.comparison.compared)) {
      parts.push(comparison(r));
    }
    var grid = S.node('div', 'rollout-grid');
    S.fill(grid, parts);
    var out = [grid];
    var old = S.$('rollout-body').querySelector('details.trail');
    if (transitions && transitions.length) {
      var t = trail(transitions);
      t.open = !!(old && old.open);   // a refresh keeps it open while someone reads it
      out.push(t);
    } else if (old) {
      out.push(old);
    }
    S.fill(S.$('rollout-body'), out);
  }

  function steps(r) {
    var declared = r.spec && Array.isArray(r.spec.steps) ? r.spec.steps : null;
    var n = declared ? declared.length : r.steps || 0;
    var ol = S.node('ol', 'steps');
    ol.setAttribute('aria-label', 'Steps');
    for (var i = 0; i < n; i++) {
      var s = declared ? declared[i] || {} : {};
      var state = r.phase === 'done' ? (r.status === 'succeeded' ? 'done' : 'todo')
          : i + 1 < r.step ? 'done' : i + 1 === r.step ? 'current' : 'todo';
      var li = S.node('li', state);
      var text = (S.missing(s.weight) ? 'step ' + (i + 1) : s.weight + ' %')
          + (s.bake ? ' · bake ' + s.bake : '') + (s.minRequests ? ' · ≥ ' + s.minRequests + ' req' : '')
          + (s.approval ? ' · approval' : '');
      li.textContent = text;
      if (state === 'current') {
        li.setAttribute('aria-current', 'step');
      }
      ol.appendChild(li);
    }
    return n ? ol : S.node('span');
  }

  function gates(list) {
    var box = S.node('div', 'rollout-gates');
    box.appendChild(S.node('h4', null, 'Gates'));
    if (!list.length) {
      box.appendChild(S.node('p', 'hint', 'No gates.'));
      return box;
    }
    box.appendChild(S.table('Gate verdicts of the current step', [['Gate'], ['Verdict'], ['Candidate', 'num'],
      ['Primary', 'num'], ['Bound']], list.map(function (g) {
      var verdict = S.node('span', 'badge ' + ({pass: 'good', fail: 'bad'}[g.verdict] || 'info'), g.verdict);
      verdict.title = g.message || '';
      var bound = g.bound && g.bound.indexOf(g.metric) === 0 ? g.bound.slice(g.metric.length).trim() : g.bound;
      return [g.metric, verdict, S.metricText(g.metric, g.value), S.metricText(g.metric, g.primary), bound];
    }), 'compact'));
    return box;
  }

  /** For an ended rollout: the gate values its last transition recorded (why a gate rolled it back). */
  function lastValues(transitions) {
    var box = S.node('div', 'rollout-gates');
    box.appendChild(S.node('h4', null, 'Gates'));
    var last = transitions.length ? transitions[transitions.length - 1] : null;
    var values = last && last.values ? last.values : {};
    var keys = Object.keys(values);
    if (!keys.length) {
      box.appendChild(S.node('p', 'hint', 'Gates are evaluated while a rollout runs; its last transition ('
          + (last ? last.action : 'none') + ') recorded no values.'));
      return box;
    }
    box.appendChild(S.node('p', 'hint', 'Values recorded at the last transition (' + last.action + '):'));
    box.appendChild(S.table('Values at the last transition', [['Metric'], ['Value', 'num']], keys.map(function (k) {
      return [k, S.metricText(k, values[k])];
    }), 'compact'));
    return box;
  }

  function comparison(r) {
    var box = S.node('div', 'rollout-compare');
    box.appendChild(S.node('h4', null, r.strategy === 'shadow' || r.phase === 'shadow'
        ? 'Shadow comparison' : 'Comparison with the primary'));
    var c = r.comparison || {};
    var sh = r.shadow || {};
    var dl = S.node('dl', 'facts');
    S.fill(dl, [
      S.fact('Compared answers', S.fmt.integer(c.compared || 0)),
      S.fact('Agreement', S.fmt.percent(c.agreement_rate)),
      S.fact('Mean |score difference|', S.fmt.number(c.mean_abs_score_diff)),
      S.fact('Shadow copies', S.fmt.integer(sh.submitted || 0) + ' sent, ' + S.fmt.integer(sh.dropped || 0)
          + ' dropped, ' + S.fmt.integer(sh.failed || 0) + ' failed')
    ]);
    box.appendChild(dl);
    return box;
  }

  function trail(transitions) {
    var details = S.node('details', 'trail');
    details.appendChild(S.node('summary', null, 'Audit trail (' + transitions.length + ' transitions)'));
    var rows = transitions.slice(-12).reverse().map(function (t) {
      return [S.fmt.time(t.at), t.action, t.actor, t.status, t.step, S.fmt.number(t.weight) + ' %', t.reason || ''];
    });
    details.appendChild(S.table('Rollout transitions, newest first', [['At'], ['Action'], ['Who'], ['Status'],
      ['Step', 'num'], ['Weight', 'num'], ['Reason']], rows, 'compact'));
    return details;
  }
})();
