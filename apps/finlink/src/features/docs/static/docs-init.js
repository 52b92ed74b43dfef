// Runs before Scalar's bundle, and mounts the reference once the bundle has run.
//
// Styles: Scalar gives its own stylesheet the nonce of <meta property="csp-nonce">, but libraries inside
// the bundle (its theme layer, the toasts, CodeMirror) add <style> elements without one, which the CSP
// blocks. So every <style> a script of this page creates gets the nonce. Only our two scripts run here
// (script-src 'self'), and a <style> injected as markup still has no nonce: it stays blocked.
const nonce = document.querySelector('meta[property="csp-nonce"]')?.getAttribute("content") ?? "";
const createElement = Document.prototype.createElement;
Document.prototype.createElement = function (tagName, options) {
  const element = createElement.call(this, tagName, options);
  if (nonce && String(tagName).toLowerCase() === "style") element.nonce = nonce;
  return element;
};

// The configuration is a JSON data block the server wrote (a data block never runs): no inline script.
document.addEventListener("DOMContentLoaded", () => {
  const configuration = JSON.parse(document.getElementById("finlink-docs-config")?.textContent ?? "{}");
  window.Scalar.createApiReference("#finlink-reference", configuration);
});
