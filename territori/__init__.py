"""The territories: the list of the zone-distretto, each zone's page and feed, and the "Flusso" of the
region (what moves between zones: practices adopted elsewhere, events, updates, the forum). The zones
themselves (`Zona`) are in `cop`, which every app reads; this app only shows them."""
