// Suggestions while typing in the search box: the ARIA 1.2 combobox pattern with a listbox popup
// (Bootstrap Italia's autocomplete styles). Without JavaScript the box is a plain GET form.
// Keys: Down/Up move through the list (Down opens it), Enter opens the chosen suggestion (or submits
// the words when none is chosen), Escape closes the list (a second Escape clears the box).
(function () {
    "use strict";

    var ATTESA_MS = 200;
    var MIN_CARATTERI = 2;

    document.querySelectorAll("[data-suggerimenti]").forEach(function (contenitore) {
        var campo = contenitore.querySelector("input[type=search], input[type=text]");
        if (!campo) {
            return;
        }
        var indirizzo = contenitore.dataset.suggerimenti;
        var testi = contenitore.dataset;
        var tipi = {};
        (contenitore.dataset.tipi || "").split(";").forEach(function (coppia) {
            var parti = coppia.split("=");
            if (parti.length === 2) {
                tipi[parti[0]] = parti[1];
            }
        });

        var idLista = campo.id + "-suggerimenti";
        var lista = document.createElement("ul");
        lista.id = idLista;
        lista.setAttribute("role", "listbox");
        lista.setAttribute("aria-label", testi.testoLista || "Suggerimenti");
        lista.className = "autocomplete__menu autocomplete__menu--hidden";
        lista.hidden = true;
        campo.insertAdjacentElement("afterend", lista);

        var annuncio = document.createElement("div");
        annuncio.className = "visually-hidden";
        annuncio.setAttribute("role", "status");
        annuncio.setAttribute("aria-live", "polite");
        contenitore.appendChild(annuncio);

        campo.setAttribute("role", "combobox");
        campo.setAttribute("aria-autocomplete", "list");
        campo.setAttribute("aria-expanded", "false");
        campo.setAttribute("aria-controls", idLista);
        campo.setAttribute("autocomplete", "off");

        var voci = [];
        var attiva = -1;
        var timer = null;
        var richiesta = null;
        var ultimaCercata = null;

        function chiudi() {
            lista.hidden = true;
            lista.className = "autocomplete__menu autocomplete__menu--hidden";
            campo.setAttribute("aria-expanded", "false");
            campo.removeAttribute("aria-activedescendant");
            attiva = -1;
        }

        function apri() {
            if (!voci.length) {
                return;
            }
            lista.hidden = false;
            lista.className = "autocomplete__menu autocomplete__menu--visible";
            campo.setAttribute("aria-expanded", "true");
        }

        function evidenzia(indice) {
            var opzioni = lista.querySelectorAll("[role=option]");
            opzioni.forEach(function (opzione, i) {
                var scelta = i === indice;
                opzione.setAttribute("aria-selected", scelta ? "true" : "false");
                opzione.classList.toggle("autocomplete__option--focused", scelta);
            });
            attiva = indice;
            if (indice >= 0 && opzioni[indice]) {
                campo.setAttribute("aria-activedescendant", opzioni[indice].id);
                opzioni[indice].scrollIntoView({ block: "nearest" });
            } else {
                campo.removeAttribute("aria-activedescendant");
            }
        }

        function vai(indice) {
            var voce = voci[indice];
            if (voce && voce.url) {
                window.location.assign(voce.url);
            }
        }

        function mostra(nuove) {
            voci = nuove;
            lista.replaceChildren();
            voci.forEach(function (voce, i) {
                var opzione = document.createElement("li");
                opzione.id = idLista + "-" + i;
                opzione.setAttribute("role", "option");
                opzione.setAttribute("aria-selected", "false");
                opzione.className = "autocomplete__option";
                var testo = document.createElement("span");
                testo.textContent = voce.testo;
                opzione.appendChild(testo);
                if (tipi[voce.tipo]) {
                    var tipo = document.createElement("span");
                    tipo.className = "small text-secondary";
                    opzione.appendChild(document.createTextNode(" "));
                    tipo.textContent = "(" + tipi[voce.tipo] + ")";
                    opzione.appendChild(tipo);
                }
                opzione.addEventListener("click", function () {
                    vai(i);
                });
                lista.appendChild(opzione);
            });
            attiva = -1;
            campo.removeAttribute("aria-activedescendant");
            if (voci.length) {
                apri();
                annuncio.textContent =
                    voci.length === 1
                        ? testi.testoUno
                        : (testi.testoMolti || "").replace("%(n)s", String(voci.length));
            } else {
                chiudi();
                annuncio.textContent = "";
            }
        }

        function chiedi() {
            var parole = campo.value.trim();
            if (parole.length < MIN_CARATTERI) {
                ultimaCercata = null;
                mostra([]);
                return;
            }
            if (parole === ultimaCercata) {
                apri();
                return;
            }
            ultimaCercata = parole;
            if (richiesta) {
                richiesta.abort();
            }
            richiesta = new AbortController();
            fetch(indirizzo + "?q=" + encodeURIComponent(parole), {
                headers: { Accept: "application/json" },
                signal: richiesta.signal,
            })
                .then(function (risposta) {
                    return risposta.ok ? risposta.json() : { suggerimenti: [] };
                })
                .then(function (dati) {
                    if (campo.value.trim() === parole) {
                        mostra(dati.suggerimenti || []);
                    }
                })
                .catch(function (errore) {
                    if (errore.name !== "AbortError") {
                        mostra([]);
                    }
                });
        }

        campo.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(chiedi, ATTESA_MS);
        });

        campo.addEventListener("keydown", function (evento) {
            var aperta = campo.getAttribute("aria-expanded") === "true";
            switch (evento.key) {
                case "ArrowDown":
                    evento.preventDefault();
                    if (!aperta) {
                        apri();
                        if (!voci.length) {
                            chiedi();
                        }
                        return;
                    }
                    evidenzia(attiva + 1 >= voci.length ? 0 : attiva + 1);
                    break;
                case "ArrowUp":
                    if (aperta) {
                        evento.preventDefault();
                        evidenzia(attiva <= 0 ? voci.length - 1 : attiva - 1);
                    }
                    break;
                case "Enter":
                    if (aperta && attiva >= 0) {
                        evento.preventDefault();
                        vai(attiva);
                    }
                    break;
                case "Escape":
                    if (aperta) {
                        evento.preventDefault();
                        chiudi();
                    } else if (campo.value) {
                        evento.preventDefault();
                        campo.value = "";
                        ultimaCercata = null;
                        voci = [];
                    }
                    break;
                default:
                    break;
            }
        });

        // A click on an option must not blur the box before it lands.
        lista.addEventListener("mousedown", function (evento) {
            evento.preventDefault();
        });
        campo.addEventListener("blur", chiudi);
        if (campo.form) {
            campo.form.addEventListener("submit", chiudi);
        }
    });
})();
