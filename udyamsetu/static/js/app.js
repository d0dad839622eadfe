// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Phones: the Menu button shows and hides the navigation (it is always shown without JS).
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Selects marked data-autosubmit (language, organisation) submit their form on change;
  // without JavaScript the visible "Change"/"Switch" button does the same.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });

  // The partnership form shows an agreement's type and value only when "Agreement signed" is
  // chosen (without JavaScript they are always shown, and the server checks them anyway).
  document.querySelectorAll("[data-only-for-stage]").forEach(function (block) {
    var form = block.closest("form");
    var update = function () {
      var chosen = form.querySelector("input[name=stage]:checked");
      block.hidden = !chosen || chosen.value !== block.getAttribute("data-only-for-stage");
    };
    form.addEventListener("change", update);
    update();
  });

  // Let htmx swap 400/403/409/422 responses: they carry forms with their error messages.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 403 || status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Search boxes inside a bigger form (NIC codes) must not submit that form on Enter.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.hasAttribute && event.target.hasAttribute("data-no-submit")) {
      event.preventDefault();
    }
  });

  // "Add" beside a NIC search result appends the code to the NIC codes field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-nic-code]");
    if (!button) return;
    var results = button.closest("[data-nic-target]");
    var input = results && document.getElementById(results.getAttribute("data-nic-target"));
    if (!input) return;
    var codes = input.value.split(/[\s,;]+/).filter(Boolean);
    var code = button.getAttribute("data-nic-code");
    if (codes.indexOf(code) === -1) codes.push(code);
    input.value = codes.join(", ");
    input.focus();
  });

  // Copy buttons (API token shown once).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied-label") || "Copied";
      });
    }
  });
})();
