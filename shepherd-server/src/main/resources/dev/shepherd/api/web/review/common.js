// The reviewer page's helpers, over the client and formatting the dashboard shares (/ui/api.js,
// window.Shepherd): the API's error type, session storage, and a few reviewer-specific formats.
// No inline scripts (the pages run under a strict CSP).
(function () {
  'use strict';

  var S = window.Shepherd;

  /** How each review reason reads on a page. */
  var REASONS = {
    human: 'human review', shadow: 'shadow', assist: 'assist', low_confidence: 'low confidence', audit: 'audit'
  };
  var PERCENT = new Intl.NumberFormat(undefined, {style: 'percent', maximumFractionDigits: 1});

  /** Milliseconds as a "m:ss" countdown. */
  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  window.ShepherdWeb = {
    ApiError: S.ApiError, storageGet: S.stored, storageSet: S.store, age: S.fmt.age, clockText: clockText,
    node: S.node, isMissing: S.missing, REASONS: REASONS, PERCENT: PERCENT
  };
})();
