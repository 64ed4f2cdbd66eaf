/* "Stampa la scheda": a button with data-stampa (hidden without JavaScript) opens the print dialog.
   Loaded as a file: the Content-Security-Policy forbids inline handlers (onclick). */
(function () {
  "use strict";
  document.querySelectorAll("[data-stampa]").forEach(function (pulsante) {
    pulsante.hidden = false;
    pulsante.addEventListener("click", function () {
      window.print();
    });
  });
})();
