"""Every write of the good-practice library with a rule: keyword-only arguments, atomic, permission
checked through buonepratiche.permissions. One module per area:

- proposte: drafts from the front-end form, submission to the review workflow, edits after publication
- valutazioni: evaluation on the Best Practice Portal criteria and the "validata" badge
- adozioni: "L'abbiamo adottata" between zones
- dati_aperti: CSV/JSON export and re-import
- salvate: «Salva» and «Pratiche salvate»
- notifiche: who is told what about a practice (published, reviewed, validated, adopted)
"""
