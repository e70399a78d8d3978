// Evidence and money-trail pages: a form marked data-swap-errors shows what the server answered
// when it refuses (422 with the form's errors, or an error page), instead of HTMX's silence.
// Without JavaScript the same forms post normally and the server's page is shown as it is.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var status = evt.detail.xhr.status;
    var elt = evt.detail.requestConfig && evt.detail.requestConfig.elt;
    if (status < 400 || status >= 500 || !elt || !elt.closest || !elt.closest("[data-swap-errors]")) {
      return;
    }
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
    var wanted = elt.getAttribute("hx-select");
    var text = evt.detail.serverResponse || "";
    if (wanted && wanted.charAt(0) === "#" && text.indexOf('id="' + wanted.slice(1) + '"') === -1) {
      // an error page, not the form's own section: show the whole page's content
      evt.detail.target = document.getElementById("main");
      evt.detail.selectOverride = "#main";
      evt.detail.swapOverride = "outerHTML";
    }
  });
})();
