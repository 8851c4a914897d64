// claimtrail web app: ingest progress (highlighting and filters come from report.js).
(function () {
  var job = document.getElementById("job");
  if (!job) return;
  var poll = function () {
    fetch("/api/jobs/" + job.getAttribute("data-job")).then(function (r) { return r.json(); }).then(function (j) {
      document.getElementById("job-progress").value = j.done;
      document.getElementById("job-status").textContent = j.done + " of " + j.total + " inputs read" + (j.linking ? "; linking their claims" : "") + (j.finished ? ": done, " + j.articles + " articles, " + j.claims + " claims." : ".");
      var ul = document.getElementById("job-errors");
      ul.textContent = "";
      j.failed.forEach(function (f) { var li = document.createElement("li"); li.textContent = f; ul.appendChild(li); });
      if (!j.finished) setTimeout(poll, 500);
    });
  };
  poll();
})();
