// Behaviour the pages share, kept out of inline attributes so that the Content-Security-Policy can forbid
// inline script (web/security.py): confirmations, selects that submit their form, the cluster graph picker,
// and the CSRF field for any post form that lacks it.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-cluster-graph")) {
      event.preventDefault();
      window.location.href = "/clusters/" + encodeURIComponent(form.elements.cluster.value) + "/graph";
      return;
    }
    if ((form.getAttribute("method") || "").toLowerCase() === "post" && !form.elements.csrf_token) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "csrf_token";
      input.value = csrfToken();
      form.appendChild(input);
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
    }
  });
})();
