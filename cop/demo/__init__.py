"""Demo content for `manage.py seed_demo`, built with the same helpers the tests use.

Every app adds its demo content by registering seeders, as Wagtail hooks, in its own `demo` module
(or package):

    from wagtail import hooks

    @hooks.register("cop_demo", order=50)
    def buone_pratiche(esito):
        ...

`seed_demo` imports the `demo` module of every installed app and runs the seeders by `order`.
A seeder must be idempotent: it looks its objects up by slug or email and creates only what is
missing, reporting each object through `esito.creato(...)` or `esito.presente(...)`."""

from . import aggiornamenti, seeders  # noqa: F401  (registers the shared app's seeders)
