"""dbt plugin module: adds the `tenant:<slug>` selector method (work in progress)."""
