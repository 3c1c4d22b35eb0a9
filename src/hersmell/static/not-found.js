// The 404 page's first script (hersmell.sitepolish inlines it and fills in the settings). A server sends
// this page for a missing address at any depth, so relative URLs cannot find the site's files. It
// works out the site's root, sets it as the page's <base>, then writes the head's stylesheets and
// scripts, which resolve against it. The root is, in this order: the directory of the file itself
// (an offline copy), the path of the public address (html_baseurl) when the address is under it,
// the part of the address before its first name that is one of the site's own top-level names
// ("chapters", "_static", "404.html"...), the same for the page the reader came from, else "/".
(function () {
  var settings = __SETTINGS__;
  function before(path) {
    var parts = path.split("/");
    for (var i = 1; i < parts.length; i++) {
      if (settings.names.indexOf(decodeURIComponent(parts[i])) >= 0) return parts.slice(0, i).join("/") + "/";
    }
    return null;
  }
  function cameFrom() {
    try {
      var ref = new URL(document.referrer);
      return ref.origin === location.origin ? before(ref.pathname) : null;
    } catch (e) {
      return null;
    }
  }
  var path = location.pathname;
  var root;
  if (location.protocol === "file:") root = path.slice(0, path.lastIndexOf("/") + 1);
  else if (settings.prefix && path.indexOf(settings.prefix) === 0) root = settings.prefix;
  else root = before(path) || cameFrom() || "/";
  var base = document.createElement("base");
  base.href = root;
  document.head.appendChild(base);
  document.write(__HEAD__);
  // a link to a place on this page stays on this page (a <base> would send it to the root)
  document.addEventListener("DOMContentLoaded", function () {
    var here = location.href.split("#")[0];
    document.querySelectorAll('a[href^="#"]').forEach(function (a) {
      a.href = here + a.getAttribute("href");
    });
  });
})();
