// Helpers shared by Shepherd's web pages: the API's error type, session storage, and formatting.
// Plain functions on window.ShepherdWeb; no state, no inline scripts (the pages run under a strict CSP).
(function () {
  'use strict';

  /** How each review reason reads on a page. */
  var REASONS = {
    human: 'human review', shadow: 'shadow', assist: 'assist', low_confidence: 'low confidence', audit: 'audit'
  };
  var PERCENT = new Intl.NumberFormat(undefined, {style: 'percent', maximumFractionDigits: 1});

  /** An error answer of the API: HTTP status plus the {"error": {...}} body's code, message, field. */
  function ApiError(status, code, message, field) {
    this.status = status;
    this.code = code;
    this.message = message;
    this.field = field;
  }

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key) || '';
    } catch (e) {
      return '';
    }
  }

  function storageSet(key, value) {
    try {
      if (value) {
        window.sessionStorage.setItem(key, value);
      } else {
        window.sessionStorage.removeItem(key);
      }
    } catch (e) {
      // storage can be off (private mode); the fields still work for this page
    }
  }

  // ---- formatting ----------------------------------------------------------------------------

  function age(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) {
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

  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) {
      n.className = className;
    }
    if (text !== undefined && text !== null) {
      n.textContent = text;
    }
    return n;
  }

  function isMissing(v) {
    return v === null || v === undefined;
  }

  window.ShepherdWeb = {
    ApiError: ApiError, storageGet: storageGet, storageSet: storageSet, age: age, clockText: clockText, node: node,
    isMissing: isMissing, REASONS: REASONS, PERCENT: PERCENT
  };
})();
