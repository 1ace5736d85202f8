// Polls the import's progress while its background job runs, then reloads to show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var count = box.querySelector("[data-import-count]");
  function poll() {
    fetch(box.getAttribute("data-import-progress"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.working) { window.location.reload(); return; }
        count.textContent = state.processed;
        if (state.percent === null) { bar.removeAttribute("value"); } else { bar.value = state.percent; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
