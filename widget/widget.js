/* Switchboard chat widget loader: the one script a site owner pastes.
 *   <script src="https://HOST/widget.js" data-channel="CHANNEL_ID" async></script>
 * Optional: data-color="#0a7" (launcher and header), data-position="left".
 *
 * It draws the launcher itself, with plain DOM in a shadow root (page CSS
 * cannot reach inside). A page view costs the service nothing but this
 * file: the widget's wasm loads (and asks the service anything) only when
 * the visitor points at, focuses or opens the launcher, the page calls
 * open() or toggle(), or this site's storage holds a conversation on this
 * channel (then once the page is idle after `load`, so it goes on); it
 * mounts in a later idle moment, so the page pays almost nothing for it.
 * Its one global is `Switchboard`: open(), close(), toggle(),
 * setUser({id, hash, name, email}), setLocale(tag), on(event, fn) and off(event, fn)
 * for "ready", "open", "close" and "message" ("ready" also reaches listeners
 * added after it). Calls made before the widget has loaded wait for it
 * (setUser and setLocale do not load it). Pasting the tag twice starts one widget. */
(function () {
  "use strict";
  var script = document.currentScript; // valid only now, during the first run
  var guard = typeof Symbol === "function" ? Symbol.for("switchboard.widget") : "__switchboardWidget";
  if (!script || window[guard]) return;
  window[guard] = true;
  var base = new URL("./", script.src);
  var channel = script.getAttribute("data-channel") || "";
  var color = script.getAttribute("data-color") || "";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  // {language: launcher label}, from the widget's message files (widget/locales),
  // written in by `cargo xtask build`; the widget relabels it once loaded.
  var LABELS = SWITCHBOARD_LABELS;
  var label = LABELS.en;
  var asked = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"]);
  for (var i = asked.length - 1; i >= 0; i--) {
    var found = LABELS[String(asked[i]).toLowerCase().split("-")[0]];
    if (found) label = found;
  }
  var handlers = {};
  var queued = [];
  var widget = null;
  var loading = false;
  var ready = false;
  var host, root, launcher;

  function emit(name, detail) {
    (handlers[name] || []).slice().forEach(function (f) {
      try { f(detail); } catch (e) { console.warn("Switchboard: a listener failed.", e); }
    });
  }

  /** Runs `f` when the main thread is idle (at most `wait` ms later). */
  function idle(f, wait) {
    (window.requestIdleCallback || function (g) { setTimeout(g, 50); })(function () { f(); }, { timeout: wait });
  }

  /** Calls the widget's `method`, or keeps the call until it has loaded
   *  (loading it now if `now`). */
  function call(method, arg, now) {
    if (widget) return widget[method](arg);
    queued.push([method, arg]);
    if (now) load();
  }

  /** Whether this site's storage holds a conversation on this channel, or
   *  messages waiting to start one (the widget's keys,
   *  `switchboard:v1:<channel>` and its `:outbox`). */
  function going() {
    try {
      var key = "switchboard:v1:" + channel;
      return !!(window.localStorage.getItem(key) || window.localStorage.getItem(key + ":outbox"));
    } catch (e) {
      return false;
    }
  }

  function load() {
    if (loading) return;
    loading = true;
    import(new URL("widget/switchboard_widget.js", base).href)
      .then(function (glue) {
        return glue.default({ module_or_path: new URL("widget/switchboard_widget_bg.wasm", base) })
          .then(function () {
            // Mounting is a task of its own, when the page is idle again: the
            // host page's main thread never meets one long task for the chat.
            return new Promise(function (done) { idle(done, 1000); });
          })
          .then(function () {
            widget = glue.mount(root, launcher, base.origin, channel, emit);
            queued.splice(0).forEach(function (c) { widget[c[0]](c[1]); });
            ready = true;
            emit("ready");
          });
      })
      .catch(function (e) {
        loading = false;
        console.warn("Switchboard: the chat could not start.", e);
      });
  }

  var api = {
    open: function () { call("open", undefined, true); },
    close: function () { call("close"); },
    toggle: function () { call("toggle", undefined, true); },
    setUser: function (user) { call("set_user", JSON.stringify(user || {})); },
    setLocale: function (tag) { call("set_locale", String(tag)); },
    on: function (name, f) {
      (handlers[name] = handlers[name] || []).push(f);
      // A late "ready" listener still hears it, at once and before anything else.
      if (name === "ready" && ready) f();
    },
    off: function (name, f) {
      handlers[name] = (handlers[name] || []).filter(function (g) { return g !== f; });
    }
  };
  if (window.Switchboard) console.warn("Switchboard: window.Switchboard is taken; the API is not exposed.");
  else window.Switchboard = api;

  var watch = null;
  var watched = null;
  function keep() {
    // Single-page apps may empty the body or replace it: come back.
    if (!document.body) return;
    if (!host.isConnected) document.body.appendChild(host);
    if (watched !== document.body) {
      watched = document.body;
      watch.observe(watched, { childList: true });
    }
  }

  function start() {
    host = document.createElement("div");
    host.setAttribute("data-switchboard", "");
    root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    // `!important` inside a shadow root beats the page's own `!important`
    // (a page that hides every div must not hide the launcher).
    style.textContent = ":host{all:initial!important}.launcher{position:fixed;bottom:20px;" + side + ":20px;" +
      "z-index:2147483647;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;" +
      "background:" + (color || "#1d4ed8") + ";color:#fff;display:grid;place-items:center;" +
      "box-shadow:0 4px 14px rgba(0,0,0,.25)}.launcher:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
      // The widget's panel opens above the launcher, on the same side.
      (side === "left" ? ".panel{left:20px;right:auto}" : "");
    root.appendChild(style);
    launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.setAttribute("aria-label", label);
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "switchboard-panel");
    launcher.innerHTML = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path ' +
      'fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
    launcher.addEventListener("click", api.toggle);
    launcher.addEventListener("pointerenter", load);
    launcher.addEventListener("focus", load);
    root.appendChild(launcher);
    watch = new MutationObserver(keep);
    watch.observe(document.documentElement, { childList: true });
    keep();
    if (!going()) return;
    var later = function () { idle(load, 5000); };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
