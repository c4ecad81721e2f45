// The offline daily log (docs/offline.md). Entries are kept in IndexedDB (idb) and sent through
// the API when there is a connection, each with its client token, so a resend never makes a
// second entry. Corrections carry the version they were made from; the server answers 409 when
// the entry changed elsewhere, and both versions are shown to choose from.
// No inline scripts: the page's strings and data come in JSON blocks (json_script).
(function () {
  "use strict";
  var app = document.getElementById("offline-app");
  if (!app || !window.idb) return;

  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var T = data("offline-messages");
  var LABELS = data("offline-labels");
  var RECENT = data("offline-recent");
  var INDICATORS = {};
  data("offline-indicators").forEach(function (i) { INDICATORS[i.id] = i.text; });
  var USER = app.dataset.user;
  var API = app.dataset.api;
  var FIELDS = ["date", "start_time", "end_time", "minutes", "description", "indicator_id", "quantity"];
  var MAX_SIDE = 1600; // pixels: a photo is made at most this wide or tall before it is kept
  var KEEP_SENT_DAYS = 7;

  // ------------------------------------------------------------------ the service worker
  if ("serviceWorker" in navigator && window.workbox) {
    new window.workbox.Workbox(app.dataset.sw, { scope: "/" }).register();
  }

  // ------------------------------------------------------------------ storage
  var dbPromise = window.idb.openDB("kinerja-offline", 1, {
    upgrade: function (db) {
      var store = db.createObjectStore("outbox", { keyPath: "token" });
      store.createIndex("owner", "owner");
    },
  });
  function mine() {
    return dbPromise.then(function (db) { return db.getAllFromIndex("outbox", "owner", USER); });
  }
  function put(record) { return dbPromise.then(function (db) { return db.put("outbox", record); }); }
  function remove(token) { return dbPromise.then(function (db) { return db.delete("outbox", token); }); }
  function get(token) { return dbPromise.then(function (db) { return db.get("outbox", token); }); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ------------------------------------------------------------------ photos
  // Drawn on a canvas at most MAX_SIDE wide or tall and kept as JPEG: a few hundred kB instead of
  // several MB, and the camera's metadata (location) is left behind. A file the browser cannot
  // read as an image is kept as it is: the server refuses it with its reason.
  function resize(file) {
    if (!window.createImageBitmap) return Promise.resolve({ blob: file, name: file.name });
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve({ blob: blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg", thumb: thumbnail(canvas) });
        }, "image/jpeg", 0.8);
      });
    }, function () { return { blob: file, name: file.name }; });
  }
  function thumbnail(canvas) { // a small data: URL for the lists (the CSP allows data: images)
    var small = document.createElement("canvas");
    var scale = 96 / Math.max(canvas.width, canvas.height);
    small.width = Math.max(1, Math.round(canvas.width * scale));
    small.height = Math.max(1, Math.round(canvas.height * scale));
    small.getContext("2d").drawImage(canvas, 0, 0, small.width, small.height);
    return small.toDataURL("image/jpeg", 0.7);
  }

  // ------------------------------------------------------------------ the form
  var form = document.getElementById("offline-form");
  var heading = document.getElementById("h-offline-form");
  var note = document.getElementById("edit-note");
  var error = document.getElementById("of-error");
  var cancel = document.getElementById("of-cancel");
  var photoInput = document.getElementById("of-photo");
  var preview = document.getElementById("of-photo-preview");
  var editing = null; // {token?, activityId, baseVersion, kind} while a correction is made

  function formFields() {
    var out = {};
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value !== "") out[name] = value;
    });
    return out;
  }
  function fillForm(fields) {
    FIELDS.forEach(function (name) {
      var value = fields[name];
      form.elements[name].value = value === undefined || value === null ? (name === "quantity" ? "0" : "") : value;
    });
  }
  function resetForm() {
    var today = form.elements.date.max;
    form.reset();
    form.elements.date.value = today;
    editing = null;
    heading.textContent = heading.dataset.new;
    note.classList.add("d-none");
    cancel.classList.add("d-none");
    document.getElementById("photo-field").classList.remove("d-none");
    preview.classList.add("d-none");
    error.textContent = "";
  }
  function startEdit(target) {
    editing = target;
    fillForm(target.fields);
    heading.textContent = heading.dataset.edit;
    if (target.kind === "edit") {
      note.textContent = T.editing.replace("%(date)s", target.fields.date);
      note.classList.remove("d-none");
    }
    // Corrections of stored entries go as JSON: a photo is added on the entry's own page.
    document.getElementById("photo-field").classList.toggle("d-none", target.kind === "edit");
    cancel.classList.remove("d-none");
    form.scrollIntoView({ behavior: "smooth" });
    form.elements.description.focus();
  }
  cancel.addEventListener("click", resetForm);

  photoInput.addEventListener("change", function () {
    preview.classList.add("d-none");
    var file = photoInput.files[0];
    if (!file) return;
    resize(file).then(function (photo) {
      if (photo.thumb) { preview.src = photo.thumb; preview.classList.remove("d-none"); }
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = formFields();
    if (!fields.description) { error.textContent = T.need_description; return; }
    if (!(fields.start_time && fields.end_time) && !fields.minutes) { error.textContent = T.need_time; return; }
    error.textContent = "";
    var file = photoInput.files[0];
    var photo = file && !(editing && editing.kind === "edit") ? resize(file) : Promise.resolve(null);
    photo.then(function (p) {
      var before = editing && editing.token ? get(editing.token) : Promise.resolve(null);
      return before.then(function (old) {
        var record = old || {
          token: uuid(), owner: USER, createdAt: Date.now(),
          kind: editing ? editing.kind : "create",
          activityId: editing ? editing.activityId : null,
          baseVersion: editing ? editing.baseVersion : null,
        };
        record.fields = fields;
        record.state = "pending";
        record.reason = "";
        if (p) { record.photo = p.blob; record.photoName = p.name; record.thumb = p.thumb || ""; }
        return put(record);
      });
    }).then(function () {
      resetForm();
      notice(T.saved, "info");
      return draw().then(sync);
    });
  });

  // ------------------------------------------------------------------ sending
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : app.dataset.csrf;
  }
  function reasonOf(body) { // the API's error shape, in the user's language already
    var detail = body && body.detail;
    if (!detail) return "";
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail.map(function (e) {
        var field = e.loc && e.loc[e.loc.length - 1];
        return (T["field_" + field] ? T["field_" + field] + ": " : "") + e.msg;
      }).join(" ");
    }
    return Object.keys(detail).map(function (field) {
      return (T["field_" + field] ? T["field_" + field] + ": " : "") + [].concat(detail[field]).join(" ");
    }).join(" ");
  }
  function request(record) {
    if (record.kind === "edit") {
      var body = Object.assign({ version: record.baseVersion }, record.fields);
      return fetch(API + "/" + record.activityId, {
        method: "PUT", credentials: "same-origin", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      });
    }
    var payload = new FormData();
    Object.keys(record.fields).forEach(function (name) { payload.append(name, record.fields[name]); });
    payload.append("client_token", record.token);
    if (record.photo) payload.append("photos", record.photo, record.photoName || "foto.jpg");
    return fetch(API + "/with-photos", {
      method: "POST", credentials: "same-origin", body: payload, headers: { "X-CSRFToken": csrf() },
    });
  }
  // Sends one record; resolves to false when sending must stop (no connection, no session).
  function send(record) {
    return request(record).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok) {
          record.state = "sent"; record.server = body; record.sentAt = Date.now();
          delete record.photo; // on the server now: the phone's space is freed
          return put(record).then(function () { return true; });
        }
        if (response.status === 409 && body && body.current) {
          record.state = "conflict"; record.server = body.current; record.reason = body.detail;
          return put(record).then(function () { return true; });
        }
        if (response.status === 401 || (response.status === 403 && /csrf/i.test(reasonOf(body)))) {
          notice(T.session, "warning");
          return false;
        }
        if (response.status >= 500 || response.status === 429) {
          notice(T.server_error, "warning");
          return false;
        }
        record.state = "refused"; record.reason = reasonOf(body) || String(response.status);
        return put(record).then(function () { return true; });
      });
    }, function () { return false; }); // the connection dropped: it waits for the next one
  }
  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    noticeBox.className = "d-none"; // a trouble seen this time is shown again below
    status(T.sending, "sending");
    return mine().then(function (records) {
      var waiting = records.filter(function (r) { return r.state === "pending"; })
        .sort(function (a, b) { return a.createdAt - b.createdAt; });
      return waiting.reduce(function (chain, record) {
        return chain.then(function (go) { return go ? send(record) : false; });
      }, Promise.resolve(true));
    }).finally(function () {
      syncing = false;
      showNetwork();
      return draw();
    });
  }
  document.getElementById("sync-now").addEventListener("click", function () { sync(); });

  // ------------------------------------------------------------------ showing
  var noticeBox = document.getElementById("sync-notice");
  function notice(text, kind) {
    noticeBox.textContent = text;
    noticeBox.className = "alert small alert-" + (kind || "warning");
  }
  var badge = document.getElementById("net-status");
  function status(text, kind) { badge.textContent = text; badge.dataset.state = kind; }
  function showNetwork() { status(navigator.onLine ? T.online : T.offline, navigator.onLine ? "online" : "offline"); }
  window.addEventListener("online", function () { showNetwork(); sync(); });
  window.addEventListener("offline", showNetwork);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function button(text, className, onClick) {
    var b = el("button", "btn btn-sm " + className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function summary(fields) { // "20 Nov · 08:00–09:30 · 12 · Pelayanan KTP"
    var when = fields.start_time ? fields.start_time.slice(0, 5) + "–" + (fields.end_time || "").slice(0, 5)
      : (fields.minutes ? fields.minutes + " " + T.minutes : "");
    var parts = [fields.date, when];
    if (fields.indicator_id) parts.push((INDICATORS[fields.indicator_id] || "") + " · " + (fields.quantity || "0"));
    else parts.push(T.other_duties);
    return parts.filter(Boolean).join(" · ");
  }
  function entryBox(fields, extra) {
    var box = el("div", "entry-box");
    box.appendChild(el("div", "small text-muted", summary(fields)));
    box.appendChild(el("div", "entry-text", fields.description || ""));
    if (extra) box.appendChild(extra);
    return box;
  }
  function serverFields(a) {
    return {
      date: a.date, start_time: a.start_time || "", end_time: a.end_time || "",
      minutes: a.start_time ? "" : String(a.minutes || ""), description: a.description,
      indicator_id: a.indicator_id ? String(a.indicator_id) : "", quantity: String(a.quantity),
    };
  }
  function item(record) {
    var li = el("li", "outbox-item");
    li.dataset.state = record.state;
    li.dataset.token = record.token;
    var row = el("div", "d-flex gap-2 align-items-start");
    if (record.thumb) { var img = el("img", "photo-thumb"); img.src = record.thumb; img.alt = T.photo; row.appendChild(img); }
    var body = el("div", "flex-grow-1");
    if (record.state !== "conflict") body.appendChild(entryBox(record.fields)); // a conflict shows both below
    row.appendChild(body);
    li.appendChild(row);
    if (record.state === "refused") li.appendChild(el("div", "small text-danger reason", record.reason));
    var actions = el("div", "d-flex flex-wrap gap-2 mt-1");
    if (record.state === "pending" || record.state === "refused") {
      actions.appendChild(button(record.state === "refused" ? T.fix : T.edit, "btn-outline-primary", function () {
        startEdit({ token: record.token, kind: record.kind, activityId: record.activityId,
          baseVersion: record.baseVersion, fields: record.fields });
      }));
      if (record.state === "refused") {
        actions.appendChild(button(T.resend, "btn-outline-primary", function () {
          record.state = "pending"; record.reason = "";
          put(record).then(draw).then(sync);
        }));
      }
      if (record.photo) {
        actions.appendChild(button(T.remove_photo, "btn-outline-secondary", function () {
          delete record.photo; record.thumb = ""; record.photoName = "";
          put(record).then(draw);
        }));
      }
      actions.appendChild(button(T.discard, "btn-outline-secondary", function () {
        if (window.confirm(T.discard_confirm)) remove(record.token).then(draw);
      }));
    }
    if (record.state === "conflict") {
      var both = el("div", "row g-2 mt-1 conflict");
      var left = el("div", "col-12 col-sm-6"), right = el("div", "col-12 col-sm-6");
      left.appendChild(el("div", "small fw-semibold", T.mine));
      left.appendChild(entryBox(record.fields));
      right.appendChild(el("div", "small fw-semibold", T.theirs));
      right.appendChild(entryBox(serverFields(record.server)));
      both.appendChild(left); both.appendChild(right);
      li.appendChild(el("div", "small", record.reason));
      li.appendChild(both);
      actions.appendChild(button(T.use_mine, "btn-primary", function () {
        // Sent again on top of the stored version (the newest one when it was replaced).
        record.activityId = record.server.id; record.baseVersion = record.server.version;
        record.state = "pending"; record.reason = "";
        put(record).then(draw).then(sync);
      }));
      actions.appendChild(button(T.use_theirs, "btn-outline-secondary", function () {
        remove(record.token).then(function () { notice(T.kept_theirs, "info"); return draw(); });
      }));
    }
    if (record.state === "sent" && record.server) {
      var link = el("a", "small", T.open + ": " + (LABELS[record.server.status] || record.server.status));
      link.href = app.dataset.detail + record.server.id + "/";
      actions.appendChild(link);
    }
    li.appendChild(actions);
    return li;
  }
  function fill(id, nodes) {
    var list = document.getElementById(id);
    list.replaceChildren.apply(list, nodes.length ? nodes : [el("li", "small text-muted", T.empty)]);
  }
  function draw() {
    return mine().then(function (records) {
      var old = Date.now() - KEEP_SENT_DAYS * 86400000;
      var by = { pending: [], refused: [], conflict: [], sent: [] };
      records.forEach(function (r) {
        if (r.state === "sent" && r.sentAt < old) { remove(r.token); return; }
        (by[r.state] || by.pending).push(r);
      });
      by.sent.sort(function (a, b) { return b.sentAt - a.sentAt; });
      Object.keys(by).forEach(function (state) {
        by[state].sort(function (a, b) { return state === "sent" ? b.sentAt - a.sentAt : a.createdAt - b.createdAt; });
        fill("list-" + state, by[state].map(item));
        document.querySelectorAll('[data-count="' + state + '"]').forEach(function (n) { n.textContent = by[state].length; });
      });
    });
  }
  function drawRecent() {
    fill("list-recent", RECENT.map(function (a) {
      var li = el("li", "outbox-item");
      var badgeNode = el("span", "badge act-" + a.status, a.status_label);
      var extra = el("div", "d-flex flex-wrap gap-2 align-items-center mt-1");
      extra.appendChild(badgeNode);
      if (a.return_comment && a.status === "returned") extra.appendChild(el("span", "small text-danger", a.return_comment));
      if (["submitted", "returned", "verified"].indexOf(a.status) >= 0) {
        extra.appendChild(button(T.edit, "btn-outline-primary", function () {
          startEdit({ kind: "edit", activityId: a.id, baseVersion: a.version, fields: serverFields(a) });
        }));
      }
      li.appendChild(entryBox(serverFields(a), extra));
      return li;
    }));
  }

  showNetwork();
  // The service worker answers any page asked for offline with this one: say so.
  if (location.pathname !== app.dataset.shell) notice(T.elsewhere, "info");
  drawRecent();
  draw().then(sync);
})();
