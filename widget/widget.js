/* Switchboard chat widget loader: the one script a site owner pastes.
 *   <script src="https://HOST/widget.js" data-channel="CHANNEL_ID" async></script>
 * It adds one host element with a shadow root (page CSS cannot reach inside),
 * then loads the widget's wasm from the same place as this script. It defines
 * no global of its own; pasting the tag twice starts one widget. */
(function () {
  "use strict";
  var script = document.currentScript; // valid only now, during the first run
  var guard = typeof Symbol === "function" ? Symbol.for("switchboard.widget") : "__switchboardWidget";
  if (!script || window[guard]) return;
  window[guard] = true;
  var base = new URL("./", script.src);
  var channel = script.getAttribute("data-channel") || "";

  function start() {
    var host = document.createElement("div");
    host.setAttribute("data-switchboard", "");
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    import(new URL("widget/switchboard_widget.js", base).href)
      .then(function (glue) {
        return glue.default({ module_or_path: new URL("widget/switchboard_widget_bg.wasm", base) })
          .then(function () { glue.mount(root, base.origin, channel); });
      })
      .catch(function (e) { console.warn("Switchboard: the chat could not start.", e); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
