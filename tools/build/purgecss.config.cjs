// PurgeCSS settings for `make book` (hersmell.lightpages runs it on the merged stylesheet).
// Content (the build passes it): every built page, read as HTML (tags, classes, ids and
// attributes, not prose), every script the site ships except Bootstrap's, and
// runtime-states.html: the classes and attributes scripts set at run time.
const fromHTML = require("purgecss-from-html");

module.exports = {
  extractors: [{ extractor: fromHTML.default || fromHTML, extensions: ["html"] }],
  fontFace: false,   // hersmell.lightpages cuts the fonts down itself (fontTools)
  keyframes: false,
  variables: true,   // custom properties nothing uses go too (those in use stay, for every mode)
};
