// Measures of the page as a person sees it, for tests/test_aspetto_pagine.py: one call, one object.
({ tolleranza }) => {
    const doc = document.documentElement;
    const scrollY = window.scrollY;
    const SOSTITUITI = "img, svg, video, iframe, canvas, input:not([type=hidden]), select, textarea, button, hr";

    const visibile = (el) =>
        el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
    const fisso = (el) => {
        for (let e = el; e && e !== doc; e = e.parentElement) {
            const p = getComputedStyle(e).position;
            if (p === "fixed" || p === "sticky") return true;
        }
        return false;
    };
    const descrivi = (el) => {
        let s = el.tagName.toLowerCase();
        if (el.id) s += "#" + el.id;
        const classi = [...el.classList].slice(0, 3).join(".");
        if (classi) s += "." + classi;
        const testo = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
        return testo ? `${s} «${testo}»` : s;
    };
    const grande = (r) => r.width > 2 && r.height > 2;

    // The boxes of content: one per line of text, one per image or control.
    const scatole = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el || !visibile(el) || el.closest("script, style, noscript, template")) continue;
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
            if (grande(r)) scatole.push({ el, r, testo: true });
        }
    }
    for (const el of document.body.querySelectorAll(SOSTITUITI)) {
        if (el.closest("svg") !== null && el.tagName.toLowerCase() !== "svg") continue;
        if (!visibile(el)) continue;
        const r = el.getBoundingClientRect();
        if (grande(r)) scatole.push({ el, r, testo: false });
    }
    // Boxes cut away by an ancestor (visually-hidden text, closed collapsibles) are not seen.
    const ritagliata = (el, r) => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.overflow === "visible" && s.clip === "auto" && s.clipPath === "none") continue;
            const c = e.getBoundingClientRect();
            if (c.width <= 2 || c.height <= 2) return true;
            if (s.overflow !== "visible" && (r.bottom <= c.top || r.top >= c.bottom || r.right <= c.left || r.left >= c.right)) {
                return true;
            }
        }
        return false;
    };
    const viste = scatole.filter((s) => !ritagliata(s.el, s.r));

    // Sideways: the page against the screen, and the deepest elements that stick out.
    const larghezzaSchermo = doc.clientWidth;
    const sporgenti = [];
    for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > larghezzaSchermo + 1 && r.width > 0 && visibile(el)) {
            const figliSporgenti = [...el.children].some((f) => f.getBoundingClientRect().right > larghezzaSchermo + 1);
            if (!figliSporgenti) sporgenti.push(`${descrivi(el)} (fino a ${Math.round(r.right)} px)`);
        }
    }

    // Cards: their height against the bottom of what is in them.
    const card = [];
    for (const el of document.querySelectorAll(".card")) {
        if (!visibile(el)) continue;
        const r = el.getBoundingClientRect();
        if (!grande(r)) continue;
        const dentro = viste.filter((s) => el.contains(s.el) && s.el !== el);
        if (!dentro.length) continue;
        const fondo = Math.max(...dentro.map((s) => s.r.bottom));
        card.push({ card: descrivi(el), altezza: Math.round(r.height), contenuto: Math.round(fondo - r.top) });
    }

    // The tallest band of the page with no content in it.
    const intervalli = viste
        .filter((s) => !fisso(s.el))
        .map((s) => [s.r.top + scrollY, s.r.bottom + scrollY])
        .sort((a, b) => a[0] - b[0]);
    const altezzaPagina = doc.scrollHeight;
    let banda = { altezza: 0, da: 0 };
    let fine = 0;
    for (const [alto, basso] of intervalli) {
        if (alto - fine > banda.altezza) banda = { altezza: Math.round(alto - fine), da: Math.round(fine) };
        fine = Math.max(fine, basso);
    }
    if (altezzaPagina > window.innerHeight && altezzaPagina - fine > banda.altezza) {
        banda = { altezza: Math.round(altezzaPagina - fine), da: Math.round(fine) };
    }

    // Overlaps: two lines of text of different elements (neither inside the other), a label's text on
    // any other box, a control on another control.
    const etichetta = (el) => el.closest("label");
    const controllo = (s) => !s.testo && s.el.matches("input, select, textarea, button");
    // Bootstrap Italia's floating label sits inside its empty text field, as a placeholder does,
    // and moves above it when the field has a value or the focus: that is not an overlap.
    const CAMPI_DI_TESTO = "textarea, input:not([type]), input[type=text], input[type=email], input[type=password], input[type=search], input[type=url], input[type=tel], input[type=number], input[type=date], input[type=time]";
    const segnaposto = (testo, campo) => {
        const label = etichetta(testo.el);
        return (
            campo.el.matches(CAMPI_DI_TESTO) &&
            !campo.el.value &&
            (label.control === campo.el || label.contains(campo.el))
        );
    };
    const sovrapposti = [];
    const ordinate = [...viste].sort((a, b) => a.r.top - b.r.top);
    for (let i = 0; i < ordinate.length && sovrapposti.length < 20; i++) {
        const a = ordinate[i];
        for (let j = i + 1; j < ordinate.length && ordinate[j].r.top < a.r.bottom; j++) {
            const b = ordinate[j];
            if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
            const daControllare =
                (a.testo && b.testo) ||
                (controllo(a) && controllo(b)) ||
                (a.testo && etichetta(a.el) && controllo(b) && !etichetta(a.el).contains(b.el) && !segnaposto(a, b)) ||
                (b.testo && etichetta(b.el) && controllo(a) && !etichetta(b.el).contains(a.el) && !segnaposto(b, a));
            if (!daControllare) continue;
            const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (w > tolleranza && h > tolleranza) {
                sovrapposti.push(`${descrivi(a.el)} su ${descrivi(b.el)} (${Math.round(w)}×${Math.round(h)} px a y=${Math.round(a.r.top + scrollY)})`);
            }
        }
    }

    return {
        larghezza_pagina: doc.scrollWidth,
        larghezza_schermo: larghezzaSchermo,
        altezza_pagina: altezzaPagina,
        altezza_schermo: window.innerHeight,
        sporgenti: sporgenti.slice(0, 5),
        card,
        banda_vuota: banda,
        sovrapposti,
    };
}
