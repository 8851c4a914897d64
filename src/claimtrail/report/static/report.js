// claimtrail report and web app: highlight the evidence of the claim in the URL's hash; filter claim rows.
(function () {
  function highlight() {
    document.querySelectorAll(".evidence.active").forEach(function (el) { el.classList.remove("active"); });
    var m = location.hash.match(/^#c-(.+)$/);
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    document.querySelectorAll(".evidence").forEach(function (el) {
      if ((el.getAttribute("data-claims") || "").split(" ").indexOf(id) >= 0) el.classList.add("active");
    });
  }
  function filter() {
    var actor = document.getElementById("f-actor").value, stance = document.getElementById("f-stance").value;
    var since = document.getElementById("f-since").value, until = document.getElementById("f-until").value;
    var shown = 0, rows = document.querySelectorAll("tr.claim");
    rows.forEach(function (tr) {
      var d = tr.getAttribute("data-date");
      var ok = (!actor || tr.getAttribute("data-actor") === actor) && (!stance || tr.getAttribute("data-stance") === stance) &&
        (!since || (d && d >= since.slice(0, d.length))) && (!until || (d && d.slice(0, 10) <= until));
      tr.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    document.getElementById("f-count").textContent = shown + " of " + rows.length + " claims shown";
  }
  window.addEventListener("hashchange", highlight);
  highlight();
  if (document.getElementById("filters")) {  // pages without a claims table have no filters
    ["f-actor", "f-stance", "f-since", "f-until"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", filter);
    });
    filter();
  }
})();
