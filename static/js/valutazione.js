/* "Quanto sono chiare le informazioni su questa pagina?": progressive enhancement.
   Without this script the form shows both lists of motives. With it, the motives appear
   after a vote, only the list that fits it (4-5 stars: positive, 1-3: negative). */
(function () {
  "use strict";

  function aggiorna(blocco) {
    var scelto = blocco.querySelector('input[name="voto"]:checked');
    var voto = scelto ? parseInt(scelto.value, 10) : 0;
    blocco.querySelectorAll("[data-valutazione-motivi]").forEach(function (gruppo) {
      var adatto = voto > 0 && (gruppo.dataset.valutazioneMotivi === "positivi" ? voto >= 4 : voto <= 3);
      gruppo.hidden = !adatto;
      gruppo.disabled = !adatto;
      if (!adatto) {
        gruppo.querySelectorAll('input[type="radio"]').forEach(function (radio) {
          radio.checked = false;
        });
      }
    });
  }

  document.querySelectorAll("[data-valutazione]").forEach(function (blocco) {
    blocco.querySelectorAll("[data-valutazione-quando]").forEach(function (nota) {
      nota.hidden = true;
    });
    blocco.querySelectorAll('input[name="voto"]').forEach(function (stella) {
      stella.addEventListener("change", function () {
        aggiorna(blocco);
      });
    });
    aggiorna(blocco);
  });
})();
