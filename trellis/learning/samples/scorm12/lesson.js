// A SCORM 1.2 lesson as authoring tools export them: it finds the LMS's API object in its own
// window or a parent, reports where the learner is, and reports the score and status at the end.
(function () {
  "use strict";
  function findAPI(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window);
  var statusLine = document.querySelector("[data-status]");
  if (!api) { statusLine.textContent = "No learning system found: progress is not recorded."; return; }
  api.LMSInitialize("");
  var started = Date.now();
  var name = api.LMSGetValue("cmi.core.student_name");
  statusLine.textContent = "Connected" + (name ? " as " + name : "") + ".";
  if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  function show(page) {
    document.querySelectorAll("[data-page]").forEach(function (s) { s.hidden = s.dataset.page !== String(page); });
    api.LMSSetValue("cmi.core.lesson_location", "page-" + page);
    api.LMSCommit("");
  }
  var resumeAt = api.LMSGetValue("cmi.core.lesson_location");
  if (resumeAt === "page-2") show(2);
  function timespan(ms) {
    var s = Math.round(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + two(m) + ":" + two(s % 60);
  }
  document.querySelector("[data-next]").addEventListener("click", function () { show(2); });
  document.querySelector("[data-finish]").addEventListener("click", function () {
    var picked = document.querySelector("input[name=answer]:checked");
    var right = picked && picked.value === "right";
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", right ? "100" : "0");
    api.LMSSetValue("cmi.core.lesson_status", right ? "passed" : "failed");
    api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSCommit("");
    api.LMSFinish("");
    document.querySelector("[data-result]").textContent = right ? "Passed" : "Not passed: try again";
    document.querySelectorAll("[data-page]").forEach(function (s) { s.hidden = s.dataset.page !== "3"; });
  });
})();
