// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function left(due) {
    var seconds = Math.round((Date.parse(due) - Date.now()) / 1000);
    var a = Math.abs(seconds), d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60);
    var span = d ? d + " d " + h + " h" : (h ? h + " h " + m + " min" : m + " min");
    return seconds >= 0 ? span + " left" : "overdue by " + span;
  }
  function tick() {
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      if (el.dataset.due) { el.textContent = left(el.dataset.due); }
    });
  }
  // Upload progress: any form with a <progress data-upload> shows the bytes sent.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var bar = evt.target.querySelector && evt.target.querySelector("progress[data-upload]");
    if (bar && evt.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = evt.detail.loaded;
      bar.max = evt.detail.total;
    }
  });
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 30000); });
})();
