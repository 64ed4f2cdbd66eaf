// Players load only after the visitor's click (no request to a third party before it);
// the transcript can be filtered by a word.
(function () {
    "use strict";
    document.querySelectorAll("[data-lettore]").forEach(function (contenitore) {
        var pulsante = contenitore.querySelector("[data-lettore-avvia]");
        if (!pulsante) {
            return;
        }
        pulsante.hidden = false;
        pulsante.addEventListener("click", function () {
            var iframe = document.createElement("iframe");
            var src = contenitore.dataset.embed;
            iframe.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
            iframe.title = contenitore.dataset.titolo;
            iframe.width = "100%";
            iframe.height = "400";
            iframe.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
            iframe.setAttribute("allowfullscreen", "");
            iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
            contenitore.replaceChildren(iframe);
            iframe.focus();
        });
    });

    var filtro = document.querySelector("[data-trascrizione-filtro]");
    var trascrizione = document.querySelector("[data-trascrizione]");
    if (filtro && trascrizione) {
        filtro.hidden = false;
        var campo = filtro.querySelector("input");
        campo.addEventListener("input", function () {
            var parola = campo.value.trim().toLowerCase();
            trascrizione.querySelectorAll("p").forEach(function (riga) {
                riga.hidden = parola !== "" && riga.textContent.toLowerCase().indexOf(parola) === -1;
            });
        });
    }
})();
