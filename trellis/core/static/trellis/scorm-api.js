// Trellis's SCORM 1.2 API adapter, loaded first in a package's launch page (inside the
// sandboxed player frame). It answers the package's API calls from the values Trellis put in
// the page, and hands what the package reports to the portal page around the frame, which
// stores it. The portal checks every value again: this adapter is a convenience, not a guard.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("trellis-scorm").textContent);
  var values = data.values;
  var dirty = {};
  var state = "new"; // new, running, finished
  var lastError = "0";
  var READ_ONLY = ["cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit",
    "cmi.core.entry", "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.launch_data",
    "cmi.student_data.mastery_score"];
  var WRITE_ONLY = ["cmi.core.exit", "cmi.core.session_time"];
  var LIMITS = {"cmi.core.lesson_location": 255, "cmi.suspend_data": 4096, "cmi.comments": 4096};
  var STATUSES = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];
  var EXITS = ["time-out", "suspend", "logout", ""];
  var CHILDREN = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max"
  };
  var MESSAGES = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword", "403": "Element is read only",
    "404": "Element is write only", "405": "Incorrect data type"
  };
  function fail(code) { lastError = code; return "false"; }
  function send(finish) {
    var changed = dirty;
    dirty = {};
    if (Object.keys(changed).length || finish) {
      window.parent.postMessage({trellis: "scorm", values: changed, finish: !!finish}, data.origin);
    }
  }
  function known(element) {
    return Object.prototype.hasOwnProperty.call(values, element) || WRITE_ONLY.indexOf(element) >= 0;
  }
  function validValue(element, value) {
    if (element === "cmi.core.lesson_status") return STATUSES.indexOf(value) >= 0;
    if (element === "cmi.core.exit") return EXITS.indexOf(value) >= 0;
    if (element === "cmi.core.session_time") return /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(value);
    if (element.indexOf("cmi.core.score.") === 0) {
      if (value === "") return true;
      var n = Number(value);
      return isFinite(n) && n >= 0 && n <= 100 && /^-?\d+(\.\d+)?$/.test(value);
    }
    return !(element in LIMITS) || value.length <= LIMITS[element];
  }
  window.API = {
    LMSInitialize: function (arg) {
      if (arg !== "") return fail("201");
      if (state === "running") return fail("101");
      state = "running"; lastError = "0"; return "true";
    },
    LMSFinish: function (arg) {
      if (arg !== "") return fail("201");
      if (state !== "running") return fail("301");
      send(true); state = "finished"; lastError = "0"; return "true";
    },
    LMSGetValue: function (element) {
      if (state !== "running") { fail("301"); return ""; }
      element = String(element);
      if (element in CHILDREN) { lastError = "0"; return CHILDREN[element]; }
      if (WRITE_ONLY.indexOf(element) >= 0) { fail("404"); return ""; }
      if (!known(element)) { fail(element.indexOf("cmi.") === 0 ? "401" : "201"); return ""; }
      lastError = "0"; return values[element];
    },
    LMSSetValue: function (element, value) {
      if (state !== "running") return fail("301");
      element = String(element); value = String(value);
      if (element.indexOf("._children") > 0 || element.indexOf("._count") > 0) return fail("402");
      if (element.indexOf("cmi.interactions.") === 0 || element.indexOf("cmi.objectives.") === 0) {
        values[element] = value; lastError = "0"; return "true"; // kept for this session only
      }
      if (READ_ONLY.indexOf(element) >= 0) return fail("403");
      if (!known(element)) return fail(element.indexOf("cmi.") === 0 ? "401" : "201");
      if (!validValue(element, value)) return fail("405");
      values[element] = value; dirty[element] = value; lastError = "0"; return "true";
    },
    LMSCommit: function (arg) {
      if (arg !== "") return fail("201");
      if (state !== "running") return fail("301");
      send(false); lastError = "0"; return "true";
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return MESSAGES[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return MESSAGES[String(code || lastError)] || ""; }
  };
  // A package closed without LMSFinish still reports what it set.
  window.addEventListener("pagehide", function () { if (state === "running") send(false); });
})();
