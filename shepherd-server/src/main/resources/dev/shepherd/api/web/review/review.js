// Shepherd's reviewer workbench: claims items from the human review queue, shows their inputs and
// the model's suggestion, and sends the reviewer's decision. Talks only to /api/v1/review/* on
// the same origin; no inline scripts or handlers (the page is served with a strict CSP).
(function () {
  'use strict';

  var QUEUE_EVERY_MS = 5000;
  var LEASE_SECONDS = 300;
  var KEYS = {reviewer: 'shepherd.reviewer', token: 'shepherd.token', filter: 'shepherd.review.filter'};
  var REASONS = window.ShepherdWeb.REASONS, PERCENT = window.ShepherdWeb.PERCENT;

  var W = window.ShepherdWeb;
  var ApiError = W.ApiError, storageGet = W.storageGet, storageSet = W.storageSet, age = W.age;
  var clockText = W.clockText, node = W.node, isMissing = W.isMissing;
  var renderTensor = window.ShepherdMedia.renderTensor;

  var el = {};
  var current = null;      // the claimed item view, or null
  var leaseDeadline = 0;   // the lease's end on the local clock, ms
  var busy = false;        // a claim, decision or skip is in flight
  var clockSkew = 0;       // server clock minus local clock, ms (from the Date header)
  var queueTimer = 0;
  var lastQueueError = '';

  function $(id) {
    return document.getElementById(id);
  }

  function reviewer() {
    return el.reviewer.value.trim();
  }

  function token() {
    return el.token.value.trim();
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** Calls the API as this reviewer (name and token from the fields); see Shepherd.api in /ui/api.js. */
  function api(method, path, body) {
    return window.Shepherd.api(method, path, body, {
      'X-Shepherd-Actor': reviewer() || null,
      'Authorization': token() ? 'Bearer ' + token() : null
    }).then(function (r) {
      noteServerClock(r.date);
      return r;
    });
  }

  function noteServerClock(dateHeader) {
    // the Date header has whole seconds: only a larger difference is a skew worth correcting
    var date = Date.parse(dateHeader || '');
    if (!isNaN(date)) {
      var skew = date - Date.now();
      clockSkew = Math.abs(skew) > 2000 ? skew : 0;
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  function setStatus(text) {
    el.status.textContent = text;
  }

  function clearError() {
    el.error.textContent = '';
    el.token.classList.remove('wanted');
    el.reviewer.classList.remove('wanted');
  }

  /** Shows an API error in the alert; 401/403 ask for a token. */
  function showError(e) {
    var message = e instanceof ApiError ? e.message : String(e && e.message ? e.message : e);
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      message += e.status === 401
          ? ' — enter an access token above.'
          : ' — this token may not do that; enter another access token above.';
      el.token.classList.add('wanted');
      el.token.focus();
    }
    if (el.error.textContent !== message) {
      el.error.textContent = message;
    }
  }

  function requireReviewer() {
    var name = reviewer();
    if (!name) {
      showError('Enter your name as reviewer first.');
      el.reviewer.classList.add('wanted');
      el.reviewer.focus();
      return false;
    }
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) {
      showError('The reviewer name can hold 1 to 64 letters, digits and . _ @ - only (no spaces).');
      el.reviewer.classList.add('wanted');
      el.reviewer.focus();
      return false;
    }
    return true;
  }

  // ---- the item ------------------------------------------------------------------------------

  function showItem(item) {
    current = item;
    el.empty.hidden = true;
    el.item.hidden = false;
    el.ticket.textContent = item.ticket || item.id;
    renderMeta(item);
    renderInputs(item);
    renderSuggestion(item);
    renderLabels(item);
    el.note.value = item.note || '';
    var lease = Date.parse(item.lease_until || '');
    leaseDeadline = isNaN(lease) ? 0 : lease - clockSkew;
    tickLease();
    setBusy(false);
  }

  function clearItem(emptyText) {
    current = null;
    leaseDeadline = 0;
    el.item.hidden = true;
    el.empty.hidden = false;
    el.empty.textContent = emptyText || 'No item claimed.';
    el.labels.textContent = '';
    el.inputs.textContent = '';
    el.note.value = '';
    el.lease.textContent = '';
  }

  function renderMeta(item) {
    var rows = [
      ['Deployment', item.deployment],
      ['Model version', item.model_version],
      ['Reason', REASONS[item.reason] || item.reason],
      ['Priority', item.priority],
      ['Queued', item.created_at ? new Date(item.created_at).toLocaleString() : null],
      ['Request', item.request_id],
      ['Instance', item.instance]
    ];
    el.meta.textContent = '';
    rows.forEach(function (r) {
      if (isMissing(r[1]) || r[1] === '') {
        return;
      }
      var div = node('div');
      div.appendChild(node('dt', null, r[0]));
      div.appendChild(node('dd', null, String(r[1])));
      el.meta.appendChild(div);
    });
  }

  function renderInputs(item) {
    var inputs = item.inputs;
    if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
      el.inputs.textContent = '';
      var raw = node('div', 'input');
      raw.appendChild(node('dt', null, 'request'));
      raw.appendChild(node('dd', 'text', isMissing(inputs) ? 'missing' : JSON.stringify(inputs)));
      el.inputs.appendChild(raw);
      return;
    }
    var features = Array.isArray(item.features) && item.features.length
        ? item.features.slice()
        : Object.keys(inputs).map(function (k) {
          return {name: k, type: null, media: 'none'};
        });
    var named = {};
    features.forEach(function (f) {
      named[f.name] = true;
    });
    Object.keys(inputs).forEach(function (k) {
      if (!named[k]) {
        features.push({name: k, type: null, media: 'none'});
      }
    });
    el.inputs.textContent = '';
    features.forEach(function (f) {
      var div = node('div', 'input');
      var dt = node('dt', null, f.name);
      if (f.type) {
        dt.appendChild(node('span', 'type', f.type));
      }
      var value = inputs[f.name];
      var dd = node('dd');
      if (isMissing(value)) {
        dd.className = 'missing';
        dd.textContent = 'missing';
      } else if (f.type === 'tensor' || typeof value === 'object') {
        renderTensor(dd, f, value);
      } else if (f.type === 'boolean' || typeof value === 'boolean') {
        dd.textContent = value ? 'true' : 'false';
        dd.className = 'bool';
      } else {
        dd.textContent = String(value);
        dd.className = typeof value === 'number' ? 'number' : (f.type === 'text' ? 'text' : '');
      }
      div.appendChild(dt);
      div.appendChild(dd);
      el.inputs.appendChild(div);
    });
  }

  function renderSuggestion(item) {
    el.suggestion.textContent = '';
    if (isMissing(item.suggestion)) {
      el.suggestion.hidden = true;
      return;
    }
    el.suggestion.appendChild(document.createTextNode('Model suggests '));
    el.suggestion.appendChild(node('strong', 'suggested-label', item.suggestion));
    if (!isMissing(item.confidence) && !isNaN(item.confidence)) {
      el.suggestion.appendChild(document.createTextNode(' with '));
      el.suggestion.appendChild(node('strong', 'confidence', PERCENT.format(item.confidence)));
      el.suggestion.appendChild(document.createTextNode(' confidence'));
    }
    el.suggestion.hidden = false;
  }

  function renderLabels(item) {
    var labels = Array.isArray(item.labels) ? item.labels : [];
    el.labels.textContent = '';
    labels.forEach(function (label, i) {
      var b = node('button', 'label');
      b.type = 'button';
      b.setAttribute('data-label', label);
      if (i < 9) {
        b.appendChild(node('kbd', null, String(i + 1)));
        b.setAttribute('aria-keyshortcuts', String(i + 1));
      }
      b.appendChild(node('span', 'name', label));
      if (label === item.suggestion) {
        b.classList.add('suggested');
        b.appendChild(node('span', 'badge', 'suggested'));
      }
      el.labels.appendChild(b);
    });
    if (!labels.length) {
      el.labels.appendChild(node('p', 'problem', 'This deployment has no labels to choose from.'));
    }
  }

  function tickLease() {
    if (!current || !leaseDeadline) {
      el.lease.textContent = '';
      el.lease.classList.remove('lapsed', 'short');
      return;
    }
    var left = leaseDeadline - Date.now();
    if (left <= 0) {
      el.lease.textContent = 'Lease lapsed: someone else may claim this item; claim again to keep working.';
      el.lease.classList.add('lapsed');
      el.lease.classList.remove('short');
    } else {
      el.lease.textContent = 'Lease ' + clockText(left) + ' left';
      el.lease.classList.toggle('short', left < 60000);
      el.lease.classList.remove('lapsed');
    }
  }

  function setBusy(b) {
    busy = b;
    el.claim.disabled = b;
    el.skip.disabled = b || !current;
    el.release.disabled = b || !current;
    Array.prototype.forEach.call(el.labels.querySelectorAll('button'), function (btn) {
      btn.disabled = b;
    });
    el.item.setAttribute('aria-busy', b ? 'true' : 'false');
  }

  function focusItem() {
    var active = document.activeElement;
    if (!active || active === document.body || !document.body.contains(active) || active.disabled) {
      if (current) {
        el.title.focus();
      } else {
        el.claim.focus();
      }
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Claims the next item (of the filtered deployment); {@code done} prefixes the status. */
  function claimNext(done) {
    var prefix = done ? done + ' ' : '';
    if (!requireReviewer()) {
      return Promise.resolve();
    }
    var body = {lease_seconds: LEASE_SECONDS};
    if (el.filter.value) {
      body.deployment = el.filter.value;
    }
    setBusy(true);
    setStatus(prefix + 'Claiming…');
    return api('POST', '/api/v1/review/claim', body).then(function (r) {
      clearError();
      if (r.status === 204 || !r.body) {
        clearItem('Nothing to review' + (el.filter.value ? ' for ' + el.filter.value : '') + '.');
        setStatus(prefix + 'Nothing to review.');
      } else {
        showItem(r.body);
        setStatus(prefix + 'Claimed ' + (r.body.ticket || r.body.id) + ' (' + r.body.deployment + ').');
      }
    }, function (e) {
      setStatus(prefix);
      showError(e);
    }).then(function () {
      setBusy(false);
      focusItem();
      refreshQueue();
    });
  }

  function decide(label) {
    if (!current || busy || !requireReviewer()) {
      return;
    }
    var item = current;
    var body = {label: label};
    var note = el.note.value.trim();
    if (note) {
      body.note = note;
    }
    setBusy(true);
    setStatus('Sending ' + label + '…');
    api('POST', '/api/v1/review/items/' + encodeURIComponent(item.id) + '/decide', body).then(function (r) {
      clearError();
      var decided = r.body && r.body.decision ? r.body.decision : label;
      clearItem('Decided: ' + decided + '.');
      setBusy(false);
      return claimNext('Decided: ' + decided + '.');
    }, function (e) {
      afterFailure(e);
    });
  }

  function skip() {
    if (!current || busy || !requireReviewer()) {
      return;
    }
    var body = {};
    var note = el.note.value.trim();
    if (note) {
      body.note = note;
    }
    setBusy(true);
    setStatus('Skipping…');
    api('POST', '/api/v1/review/items/' + encodeURIComponent(current.id) + '/skip', body).then(function () {
      clearError();
      clearItem('Skipped.');
      setBusy(false);
      return claimNext('Skipped.');
    }, function (e) {
      afterFailure(e);
    });
  }

  /** Gives the item back to the queue for someone else; does not claim again (it would come back first). */
  function release() {
    if (!current || busy || !requireReviewer()) {
      return;
    }
    setBusy(true);
    setStatus('Releasing…');
    api('POST', '/api/v1/review/items/' + encodeURIComponent(current.id) + '/release', {}).then(function () {
      clearError();
      clearItem('Released: back in the queue for another reviewer.');
      setBusy(false);
    }, function (e) {
      afterFailure(e);
    });
  }

  /** A failed decision or skip: the item stays when a retry can help, else it is dropped. */
  function afterFailure(e) {
    showError(e);
    if (e.status === 404 || e.status === 409) {
      clearItem('This item is no longer yours. Claim the next one (N).');
      setStatus('Not saved.');
    } else {
      setStatus('Not saved; try again.');
    }
    setBusy(false);
    focusItem();
    refreshQueue();
  }

  // ---- the queue -----------------------------------------------------------------------------

  function refreshQueue() {
    window.clearTimeout(queueTimer);
    queueTimer = window.setTimeout(refreshQueue, QUEUE_EVERY_MS);
    if (!reviewer() || document.visibilityState === 'hidden') {
      return Promise.resolve();
    }
    return api('GET', '/api/v1/review/queue').then(function (r) {
      window.ShepherdQueue.render(el, r.body || {}, current ? current.id : null);
      el.queueUpdated.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; every 5 s.';
      if (lastQueueError && el.error.textContent === lastQueueError) {
        clearError();
      }
      lastQueueError = '';
    }, function (e) {
      el.queueUpdated.textContent = 'Could not load the queue.';
      showError(e);
      lastQueueError = el.error.textContent;
    });
  }

  // ---- keyboard ------------------------------------------------------------------------------

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
  }

  function onKey(ev) {
    if (ev.key === 'Escape' && ev.target === el.note) {
      el.note.blur();
      el.title.focus();
      return;
    }
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat || typing(ev.target)) {
      return;
    }
    var key = ev.key.toLowerCase();
    if (key === 'n') {
      ev.preventDefault();
      if (!busy) {
        claimNext();
      }
    } else if (key === 's' && current) {
      ev.preventDefault();
      skip();
    } else if (key === 'r' && current) {
      ev.preventDefault();
      release();
    } else if (/^[1-9]$/.test(key) && current) {
      var labels = current.labels || [];
      var i = Number(key) - 1;
      if (i < labels.length) {
        ev.preventDefault();
        decide(labels[i]);
      }
    }
  }

  // ---- start ---------------------------------------------------------------------------------

  function start() {
    el.reviewer = $('reviewer');
    el.token = $('token');
    el.identity = $('identity');
    el.filter = $('deployment-filter');
    el.claim = $('claim');
    el.status = $('status');
    el.error = $('error');
    el.empty = $('empty');
    el.item = $('item');
    el.title = $('item-title');
    el.ticket = $('item-ticket');
    el.lease = $('lease');
    el.meta = $('item-meta');
    el.inputs = $('inputs');
    el.suggestion = $('suggestion');
    el.labels = $('labels');
    el.note = $('note');
    el.skip = $('skip');
    el.release = $('release');
    el.queueUpdated = $('queue-updated');
    el.queueDeployments = $('queue-deployments');
    el.queueItems = $('queue-items');

    el.reviewer.value = storageGet(KEYS.reviewer);
    el.token.value = storageGet(KEYS.token);
    var filter = storageGet(KEYS.filter);
    if (filter) {
      el.filter.appendChild(new Option(filter, filter));
      el.filter.value = filter;
    }

    el.reviewer.addEventListener('input', function () {
      storageSet(KEYS.reviewer, reviewer());
      el.reviewer.classList.remove('wanted');
    });
    el.reviewer.addEventListener('change', refreshQueue);
    el.token.addEventListener('input', function () {
      storageSet(KEYS.token, token());
      el.token.classList.remove('wanted');
    });
    el.token.addEventListener('change', refreshQueue);
    el.identity.addEventListener('submit', function (ev) {
      ev.preventDefault();
      storageSet(KEYS.reviewer, reviewer());
      storageSet(KEYS.token, token());
      if (requireReviewer()) {
        clearError();
        setStatus('Saved for this tab.');
        el.claim.focus();
        refreshQueue();
      }
    });
    el.filter.addEventListener('change', function () {
      storageSet(KEYS.filter, el.filter.value);
      refreshQueue();
    });
    el.claim.addEventListener('click', function () {
      claimNext();
    });
    el.skip.addEventListener('click', skip);
    el.release.addEventListener('click', release);
    el.labels.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-label]');
      if (b && !b.disabled) {
        decide(b.getAttribute('data-label'));
      }
    });
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') {
        refreshQueue();
      }
    });
    window.setInterval(tickLease, 1000);

    clearItem(reviewer()
        ? 'Claim the next item to start (N).'
        : 'Enter your name, then claim the next item (N).');
    setBusy(false);
    refreshQueue();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
