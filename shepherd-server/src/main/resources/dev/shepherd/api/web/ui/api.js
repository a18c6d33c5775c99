// Shepherd dashboard, part 1 of 7: the shared namespace with the API client (bearer token from this tab's
// sessionStorage, the {"error": {...}} shape turned into an ApiError), the alert region for errors, and small
// DOM and number-formatting helpers. No inline scripts or handlers anywhere (the page is served with a strict CSP).
(function () {
  'use strict';

  var S = window.Shepherd = window.Shepherd || {};
  var TOKEN_KEY = 'shepherd.token';   // shared with the reviewer page: one token per tab serves both

  /** An error answer of the API: HTTP status plus the error body's code, message, field and request id. */
  function ApiError(status, code, message, field, requestId) {
    this.status = status;
    this.code = code;
    this.message = message;
    this.field = field;
    this.requestId = requestId;
  }
  S.ApiError = ApiError;

  // ---- storage -------------------------------------------------------------------------------

  S.stored = function (key) {
    try {
      return window.sessionStorage.getItem(key) || '';
    } catch (e) {
      return '';
    }
  };

  S.store = function (key, value) {
    try {
      if (value) {
        window.sessionStorage.setItem(key, value);
      } else {
        window.sessionStorage.removeItem(key);
      }
    } catch (e) {
      // storage can be off (private mode); the page still works for this load
    }
  };

  S.token = function () {
    return S.stored(TOKEN_KEY).trim();
  };

  S.setToken = function (t) {
    S.store(TOKEN_KEY, (t || '').trim());
  };

  // ---- HTTP ----------------------------------------------------------------------------------

  /**
   * Calls the API on this origin; resolves {status, body, date} (the Date header) for 2xx, rejects
   * with an ApiError otherwise. {@code extra} headers are added last; a null value removes one (the
   * reviewer page sends its own Authorization and X-Shepherd-Actor).
   */
  S.api = function (method, path, body, extra) {
    var headers = {'Accept': 'application/json'};
    var token = S.token();
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    Object.keys(extra || {}).forEach(function (k) {
      if (extra[k] === null || extra[k] === undefined || extra[k] === '') {
        delete headers[k];
      } else {
        headers[k] = extra[k];
      }
    });
    var init = {method: method, headers: headers, cache: 'no-store', credentials: 'same-origin'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        if (text) {
          try {
            data = JSON.parse(text);
          } catch (e) {
            data = null;
          }
        }
        if (!res.ok) {
          var err = data && data.error ? data.error : {};
          throw new ApiError(res.status, err.code || 'http_' + res.status,
              err.message || res.statusText || 'HTTP ' + res.status, err.field || null,
              err.request_id || res.headers.get('X-Request-Id'));
        }
        return {status: res.status, body: data, date: res.headers.get('Date')};
      });
    }, function (e) {
      throw new ApiError(0, 'network', 'cannot reach the server (' + e.message + ')', null, null);
    });
  };

  S.get = function (path) {
    return S.api('GET', path).then(function (r) {
      return r.body;
    });
  };

  /** A path segment, encoded. */
  S.seg = function (s) {
    return encodeURIComponent(s);
  };

  // ---- messages ------------------------------------------------------------------------------

  var problems = {};          // source -> message shown in the alert region
  var onAuth = null;          // called once per new 401/403 message (the token field asks for a token)

  /** Registers what to do when the server wants a (better) token. */
  S.onAuthProblem = function (fn) {
    onAuth = fn;
  };

  function renderProblems() {
    var region = document.getElementById('error');
    var messages = [];
    Object.keys(problems).forEach(function (k) {
      if (messages.indexOf(problems[k]) < 0) {
        messages.push(problems[k]);
      }
    });
    var text = messages.join('\n');
    if (region.getAttribute('data-text') === text) {
      return;
    }
    region.setAttribute('data-text', text);
    region.textContent = '';
    messages.forEach(function (m) {
      region.appendChild(S.node('p', null, m));
    });
  }

  /** The text shown for an error: the API's message, with what to do about 401 and 403. */
  S.describe = function (e) {
    if (!(e instanceof ApiError)) {
      return String(e && e.message ? e.message : e);
    }
    var text = e.message;
    if (e.status === 401) {
      text += ' — enter an access token above.';
    } else if (e.status === 403) {
      text += ' — this token may not do that; enter another access token above.';
    }
    if (e.requestId && e.status >= 500) {
      text += ' (request ' + e.requestId + ')';
    }
    return text;
  };

  /** Shows {@code e} in the alert region under {@code source} (a later report of the source replaces it). */
  S.report = function (source, e) {
    var text = S.describe(e);
    var isNew = problems[source] !== text;
    problems[source] = text;
    renderProblems();
    if (isNew && e instanceof ApiError && (e.status === 401 || e.status === 403) && onAuth) {
      onAuth(e);
    }
  };

  /** Clears what {@code source} reported (no argument: everything). */
  S.clear = function (source) {
    if (source === undefined) {
      problems = {};
    } else {
      delete problems[source];
    }
    renderProblems();
  };

  /** Says {@code text} politely to screen readers (the visually hidden status line). */
  S.say = function (text) {
    var status = document.getElementById('status');
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 30);
  };

  // ---- DOM -----------------------------------------------------------------------------------

  S.$ = function (id) {
    return document.getElementById(id);
  };

  /** A new element with an optional class and text. */
  S.node = function (tag, className, text) {
    var n = document.createElement(tag);
    if (className) {
      n.className = className;
    }
    if (text !== undefined && text !== null) {
      n.textContent = String(text);
    }
    return n;
  };

  /** Replaces the children of {@code parent} with {@code children} (nodes or strings). */
  S.fill = function (parent, children) {
    parent.textContent = '';
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) {
        parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      }
    });
    return parent;
  };

  /** A link to the deployment page of {@code name}. */
  S.deploymentLink = function (name) {
    var a = S.node('a', null, name);
    a.href = '#/d/' + encodeURIComponent(name);
    return a;
  };

  /** A {@code <dl>} row pair (dt, dd) in a div, or null when the value is missing. */
  S.fact = function (label, value, className) {
    if (value === null || value === undefined || value === '') {
      return null;
    }
    var div = S.node('div', className);
    div.appendChild(S.node('dt', null, label));
    var dd = S.node('dd');
    if (value instanceof Node) {
      dd.appendChild(value);
    } else {
      dd.textContent = String(value);
    }
    div.appendChild(dd);
    return div;
  };

  /** A table with a header row {@code columns} ([text, className?]) and rows of cells (text or nodes). */
  S.table = function (caption, columns, rows, className) {
    var table = S.node('table', 'grid' + (className ? ' ' + className : ''));
    if (caption) {
      table.appendChild(S.node('caption', 'visually-hidden', caption));
    }
    var head = table.createTHead().insertRow();
    columns.forEach(function (c) {
      var th = S.node('th', c[1] || null, c[0]);
      th.scope = 'col';
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (cells) {
      var tr = body.insertRow();
      if (cells.rowClass) {
        tr.className = cells.rowClass;
      }
      cells.forEach(function (cell, i) {
        var td = S.node(i === 0 ? 'th' : 'td', columns[i] && columns[i][1] ? columns[i][1] : null);
        if (i === 0) {
          td.scope = 'row';
        }
        if (cell instanceof Node) {
          td.appendChild(cell);
        } else {
          td.textContent = cell === null || cell === undefined ? '–' : String(cell);
        }
        tr.appendChild(td);
      });
    });
    return table;
  };

  // ---- formatting ----------------------------------------------------------------------------

  var PERCENT = new Intl.NumberFormat('en-US', {style: 'percent', maximumFractionDigits: 1});
  var NUMBER = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 3});
  var INTEGER = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

  S.missing = function (v) {
    return v === null || v === undefined || (typeof v === 'number' && !isFinite(v));
  };

  S.fmt = {
    percent: function (v) {
      return S.missing(v) ? '–' : PERCENT.format(v);
    },
    number: function (v) {
      return S.missing(v) ? '–' : NUMBER.format(v);
    },
    integer: function (v) {
      return S.missing(v) ? '–' : INTEGER.format(v);
    },
    /** A time of day (or date and time when not today) from an ISO-8601 string. */
    time: function (iso) {
      var t = Date.parse(iso || '');
      if (isNaN(t)) {
        return '–';
      }
      var d = new Date(t);
      return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
    },
    /** A duration in seconds as "42 s", "5 min", "3 h 20 min", "2 d 4 h". */
    age: function (seconds) {
      if (S.missing(seconds)) {
        return '–';
      }
      var s = Math.max(0, Math.round(seconds));
      if (s < 60) {
        return s + ' s';
      }
      if (s < 3600) {
        return Math.floor(s / 60) + ' min';
      }
      if (s < 86400) {
        return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
      }
      return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
    }
  };
})();
