/* The installable app (docs/architecture.md, "Installable app"): registers the service
   worker, and queues contacts logged without network in IndexedDB, each under the
   idempotency key of its form, to send them once the network is back. The server saves a
   contact once per key, so a double click, a replay or a second tab sending the same queue
   saves it once. Texts come from the page (data-* attributes), translated by the server. */
(function () {
  "use strict";
  var script = document.currentScript;
  var owner = script.dataset.user || "";
  var loginPath = script.dataset.loginPath || "/accounts/login/";

  if ("serviceWorker" in navigator && script.dataset.serviceWorker) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(function () {});
    });
  }
  if (!("indexedDB" in window)) return;

  var DB = "leadvet-offline";
  var STORE = "contacts";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function allItems() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return item.owner === owner; });
    });
  }
  function putItem(item) { return withStore("readwrite", function (store) { store.put(item); }); }
  function deleteItem(key) { return withStore("readwrite", function (store) { store.delete(key); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The contact form ----------------------------------------------------------------------
  var form = document.querySelector("form[data-offline-queue]");
  var panel = document.getElementById("offline-queue");

  function text(name, count) {
    return (panel && panel.dataset[name] || "").replace("%(count)s", String(count));
  }

  function describe(item) {
    return item.label || item.savedAt;
  }

  function render() {
    if (!panel) return Promise.resolve();
    return allItems().then(function (items) {
      var waiting = items.filter(function (item) { return !item.refused; });
      var refused = items.filter(function (item) { return item.refused; });
      var status = panel.querySelector("[data-status]");
      status.textContent = waiting.length ? text("msgWaiting", waiting.length) : "";
      var list = panel.querySelector("[data-refused]");
      list.replaceChildren();
      refused.forEach(function (item) {
        var row = document.createElement("li");
        row.textContent = text("msgRefused", 1) + " " + describe(item) + " ";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-primary";
        button.textContent = text("msgOpen", 1);
        button.addEventListener("click", function () { openInForm(item); });
        row.appendChild(button);
        list.appendChild(row);
      });
      list.hidden = !refused.length;
    });
  }

  function openInForm(item) {
    item.fields.forEach(function (pair) {
      var field = form.elements.namedItem(pair[0]);
      if (!field || pair[0] === "csrfmiddlewaretoken" || pair[0] === "idempotency_key") return;
      if (field.type === "checkbox") field.checked = true;
      else field.value = pair[1];
    });
    deleteItem(item.key).then(render);
    form.scrollIntoView();
  }

  function labelOf(formData) {
    var task = form.elements.namedItem("task");
    var taskText = task && task.selectedIndex > 0 ? task.options[task.selectedIndex].text : "";
    return [formData.get("date"), taskText].filter(Boolean).join(" – ");
  }

  function queue() {
    var data = new FormData(form);
    var item = {
      key: data.get("idempotency_key"),
      owner: owner,
      action: form.action,
      fields: Array.from(data.entries()),
      label: labelOf(data),
      savedAt: new Date().toISOString(),
      refused: false
    };
    return putItem(item).then(function () {
      // The next contact is another one: it gets its own key.
      form.elements.namedItem("idempotency_key").value = newKey();
      var summary = form.elements.namedItem("summary");
      if (summary) summary.value = "";
      var status = panel.querySelector("[data-status]");
      delete status.dataset.sent;
      return render();
    }).then(function () {
      panel.querySelector("[data-status]").textContent = text("msgQueued", 1) + " " + panel.querySelector("[data-status]").textContent;
    });
  }

  if (form) {
    var keyField = form.elements.namedItem("idempotency_key");
    // A page kept by the service worker holds the key it was rendered with: each visit
    // gets a fresh one, so a new contact is never taken for one already sent.
    if (keyField) keyField.value = newKey();
    var submit = form.querySelector("[type=submit]");
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      if (submit) submit.disabled = true;
      if (navigator.onLine) return;  // sent as usual; the key stops a second save
      event.preventDefault();
      queue().catch(function () {}).then(function () {
        delete form.dataset.sending;
        if (submit) submit.disabled = false;
      });
    });
    // Back from the browser's page cache: the form may be sent again.
    window.addEventListener("pageshow", function () {
      delete form.dataset.sending;
      if (submit) submit.disabled = false;
    });
  }

  // Sending the queue ---------------------------------------------------------------------
  var flushing = false;

  function freshToken(action) {
    return fetch(action, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("signed out");
      return response.text();
    }).then(function (html) {
      var input = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
      if (!input) throw new Error("no form");
      return input.value;
    });
  }

  function send(item, token) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) {
      if (pair[0] !== "csrfmiddlewaretoken") body.append(pair[0], pair[1]);
    });
    body.append("csrfmiddlewaretoken", token);
    return fetch(item.action, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        var landed = new URL(response.url, window.location.href).pathname;
        if (response.redirected && response.ok && landed.indexOf(loginPath) !== 0) return "saved";
        if (response.status === 200 && !response.redirected) return "refused";
        return "later";
      });
  }

  function flush() {
    if (flushing || !navigator.onLine || !owner) return Promise.resolve();
    flushing = true;
    var sent = 0;
    return allItems().then(function (items) {
      var waiting = items.filter(function (item) { return !item.refused; });
      if (!waiting.length) return;
      return freshToken(waiting[0].action).then(function (token) {
        return waiting.reduce(function (chain, item) {
          return chain.then(function (stop) {
            if (stop) return true;
            return send(item, token).then(function (outcome) {
              if (outcome === "saved") { sent += 1; return deleteItem(item.key); }
              if (outcome === "refused") { item.refused = true; return putItem(item); }
              return true;  // signed out or the server is away: try again later
            });
          });
        }, Promise.resolve(false));
      });
    }).catch(function () {}).then(function () {
      flushing = false;
      if (panel && sent) {
        var status = panel.querySelector("[data-status]");
        return render().then(function () {
          status.dataset.sent = "1";
          status.textContent = text("msgSent", sent);
        });
      }
      return render();
    });
  }

  window.addEventListener("online", flush);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flush);
  else flush();
})();
