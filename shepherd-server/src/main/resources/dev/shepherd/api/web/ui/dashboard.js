// Shepherd dashboard, part 7 of 7: start-up, hash routing (#/ the overview, #/d/{deployment} one deployment),
// live refresh every 10 s (pausable; stopped while the tab is hidden), and the access-token field. After each
// refresh the body's data-refreshes attribute counts up (tests wait on it).
(function () {
  'use strict';

  var S = window.Shepherd;
  var EVERY_MS = 10000;
  var LIVE_KEY = 'shepherd.ui.live';

  var live = true;
  var timer = 0;
  var route = null;
  var refreshes = 0;
  var generation = 0;    // a refresh started before the latest route change or refresh is ignored when it ends

  function parse(hash) {
    var m = /^#\/d\/([^/?#]+)/.exec(hash || '');
    if (m) {
      try {
        return {page: 'deployment', name: decodeURIComponent(m[1])};
      } catch (e) {
        return {page: 'overview'};
      }
    }
    return {page: 'overview'};
  }

  function go() {
    if (location.hash && location.hash.indexOf('#/') !== 0) {
      return;   // an in-page anchor, not a route
    }
    var next = parse(location.hash);
    var changed = route && (next.page !== route.page || next.name !== route.name);
    route = next;
    S.clear();
    if (route.page === 'deployment') {
      S.overview.hide();
      S.deployment.show(route.name);
    } else {
      S.deployment.hide();
      S.overview.show();
    }
    S.$('nav-overview').setAttribute('aria-current', route.page === 'overview' ? 'page' : 'false');
    if (changed) {
      (route.page === 'deployment' ? S.$('d-title') : S.$('overview-title')).focus();
      window.scrollTo(0, 0);
    }
    refresh(true);
  }

  /** Reloads the page shown now ({@code full}: also the slow parts); the next live refresh counts from here. */
  function refresh(full) {
    window.clearTimeout(timer);
    var mine = ++generation;
    var work = route.page === 'deployment' ? S.deployment.refresh(full) : S.overview.refresh();
    return Promise.resolve(work).catch(function (e) {
      S.report('refresh', e);
    }).then(function () {
      if (mine !== generation) {
        return;
      }
      refreshes++;
      document.body.setAttribute('data-refreshes', String(refreshes));
      showUpdated();
      schedule();
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    if (live && document.visibilityState !== 'hidden') {
      timer = window.setTimeout(function () {
        refresh(false);
      }, EVERY_MS);
    }
  }

  function showUpdated() {
    S.$('updated').textContent = 'Updated ' + new Date().toLocaleTimeString()
        + (live ? '; every 10 s.' : '; paused.');
  }

  function setLive(on) {
    live = on;
    S.store(LIVE_KEY, on ? '' : 'off');
    var b = S.$('live');
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.textContent = on ? 'Live refresh: on' : 'Live refresh: paused';
    if (on) {
      refresh(false);
    } else {
      window.clearTimeout(timer);
      showUpdated();
    }
  }

  S.refresh = function (full) {
    return refresh(full);
  };

  function start() {
    var token = S.$('token');
    token.value = S.token();
    S.onAuthProblem(function () {
      token.classList.add('wanted');
      if (!S.$('confirm').open) {
        token.focus();
      }
    });
    token.addEventListener('input', function () {
      token.classList.remove('wanted');
    });
    S.$('identity').addEventListener('submit', function (ev) {
      ev.preventDefault();
      S.setToken(token.value);
      S.clear();
      S.say('Token saved for this tab.');
      refresh(true);
    });
    S.$('live').addEventListener('click', function () {
      setLive(!live);
    });
    S.$('skip').addEventListener('click', function (ev) {
      ev.preventDefault();
      var heading = route && route.page === 'deployment' ? S.$('d-title') : S.$('overview-title');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && live) {
        refresh(false);
      } else {
        window.clearTimeout(timer);
      }
    });
    window.addEventListener('hashchange', go);
    S.deployment.bind();
    live = S.stored(LIVE_KEY) !== 'off';
    S.$('live').setAttribute('aria-pressed', live ? 'true' : 'false');
    S.$('live').textContent = live ? 'Live refresh: on' : 'Live refresh: paused';
    if (!location.hash || location.hash.indexOf('#/') !== 0) {
      history.replaceState(null, '', '#/');
    }
    go();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
