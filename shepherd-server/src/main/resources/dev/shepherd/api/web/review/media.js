// Draws tensor inputs for reviewers: images (shape [h, w], [h, w, c] or [c, h, w] with c in 1, 3, 4;
// values scaled to 0..255 when at most 1) on a canvas, other tensors as their shape and first values.
(function () {
  'use strict';

  var node = window.ShepherdWeb.node;

  function renderTensor(dd, feature, value) {
    var shape, data;
    if (Array.isArray(value)) {
      // a nested array (the request's own form): its shape is the nesting
      shape = [];
      for (var level = value; Array.isArray(level); level = level[0]) {
        shape.push(level.length);
      }
      data = flatten(value);
    } else {
      shape = Array.isArray(value.shape) ? value.shape : [];
      data = Array.isArray(value.data) ? flatten(value.data) : [];
    }
    if (feature.media === 'image') {
      var image = imageLayout(shape, data.length);
      if (image) {
        dd.appendChild(drawImage(feature.name, image, data));
        dd.appendChild(node('span', 'shape', 'image ' + image.w + '×' + image.h
            + (image.c === 1 ? ', grey' : image.c === 3 ? ', RGB' : ', RGBA')));
        return;
      }
      dd.appendChild(node('span', 'problem', 'cannot draw this image: shape [' + shape.join(', ')
          + '] with ' + data.length + ' values'));
    }
    dd.className = 'tensor';
    var first = data.slice(0, 8).map(function (v) {
      return typeof v === 'number' ? String(Math.round(v * 1e4) / 1e4) : String(v);
    });
    dd.appendChild(node('span', 'shape', 'shape [' + shape.join(', ') + ']'));
    dd.appendChild(node('span', 'values', first.join(', ') + (data.length > first.length ? ', …' : '')
        + ' (' + data.length + ' values)'));
  }

  function flatten(a) {
    return a.some(Array.isArray) ? a.flat(Infinity) : a;
  }

  /** Height, width, channels and layout of an image tensor, or null when the shape is not one. */
  function imageLayout(shape, n) {
    var h, w, c, chw = false;
    if (shape.length === 2) {
      h = shape[0]; w = shape[1]; c = 1;
    } else if (shape.length === 3 && [1, 3, 4].indexOf(shape[2]) >= 0) {
      h = shape[0]; w = shape[1]; c = shape[2];
    } else if (shape.length === 3 && [1, 3, 4].indexOf(shape[0]) >= 0) {
      c = shape[0]; h = shape[1]; w = shape[2]; chw = true;
    } else {
      return null;
    }
    if (!(h > 0 && w > 0) || h * w * c !== n || h * w > 4096 * 4096) {
      return null;
    }
    return {h: h, w: w, c: c, chw: chw};
  }

  function drawImage(name, img, data) {
    var max = -Infinity;
    for (var i = 0; i < data.length; i++) {
      if (data[i] > max) {
        max = data[i];
      }
    }
    var scale = max <= 1 ? 255 : 1;
    var canvas = node('canvas', 'image');
    canvas.width = img.w;
    canvas.height = img.h;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', name + ': image ' + img.w + ' by ' + img.h + ' pixels');
    var ctx = canvas.getContext('2d');
    var pixels = ctx.createImageData(img.w, img.h);
    var plane = img.w * img.h;
    function at(p, ch) {
      var v = img.chw ? data[ch * plane + p] : data[p * img.c + ch];
      v = Number(v) * scale;
      return v < 0 ? 0 : v > 255 ? 255 : v;
    }
    for (var p = 0; p < plane; p++) {
      var o = p * 4;
      if (img.c === 1) {
        pixels.data[o] = pixels.data[o + 1] = pixels.data[o + 2] = at(p, 0);
        pixels.data[o + 3] = 255;
      } else {
        pixels.data[o] = at(p, 0);
        pixels.data[o + 1] = at(p, 1);
        pixels.data[o + 2] = at(p, 2);
        pixels.data[o + 3] = img.c === 4 ? at(p, 3) : 255;
      }
    }
    ctx.putImageData(pixels, 0, 0);
    var zoom = Math.max(1, Math.floor(168 / Math.max(img.w, img.h)));
    canvas.style.width = (img.w * zoom) + 'px';
    canvas.style.height = (img.h * zoom) + 'px';
    return canvas;
  }

  window.ShepherdMedia = {renderTensor: renderTensor};
})();
