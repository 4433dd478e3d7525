// Runs first in <body> (an external file: the Content-Security-Policy allows no inline script).
// GOV.UK Frontend styles its JavaScript-enhanced components only when these classes are present.
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
