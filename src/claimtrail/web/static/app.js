// claimtrail web app: evidence highlighting, claim filters, ingest progress.
(function () {
  function highlight() {
    document.querySelectorAll(".evidence.active").forEach(function (el) { el.classList.remove("active"); });
    var m = location.hash.match(/^#c-(.+)$/);
    if (!m) return;
    var id = decodeURIComponent(m[1]), first = null;
    document.querySelectorAll(".evidence").forEach(function (el) {
      if ((el.getAttribute("data-claims") || "").split(" ").indexOf(id) >= 0) { el.classList.add("active"); first = first || el; }
    });
  }
  window.addEventListener("hashchange", highlight);
  highlight();

  var filters = document.getElementById("filters");
  if (filters) {
    var filter = function () {
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
    };
    ["f-actor", "f-stance", "f-since", "f-until"].forEach(function (id) { document.getElementById(id).addEventListener("change", filter); });
    filter();
  }

  var job = document.getElementById("job");
  if (job) {
    var poll = function () {
      fetch("/api/jobs/" + job.getAttribute("data-job")).then(function (r) { return r.json(); }).then(function (j) {
        document.getElementById("job-progress").value = j.done;
        document.getElementById("job-status").textContent = j.done + " of " + j.total + " inputs read" + (j.finished ? ": done, " + j.articles + " articles, " + j.claims + " claims." : ".");
        var ul = document.getElementById("job-errors");
        ul.textContent = "";
        j.failed.forEach(function (f) { var li = document.createElement("li"); li.textContent = f; ul.appendChild(li); });
        if (!j.finished) setTimeout(poll, 500);
      });
    };
    poll();
  }
})();
