{#- History guard of the shared vault (README "Rebuilding the vault"). Raw data is merged to its latest
    state, so satellite history and offboarded tenants' rows exist only in the vault tables:
    - a `--full-refresh` never rebuilds a vault table unless `--vars '{gata_rebuild_vault: true}'` is given
      too (config full_refresh, set here through gata.bool_arg: dbt_project.yml renders `{{ var(...) }}`
      natively, so `true` would become a boolean there, but "yes" or 1 would pass as truthy values and no
      macro can check them at that point);
    - a rebuild archives the table first (schema vault_archive) and puts the archived rows back afterwards;
    - the hash settings each table was built with are recorded (gata_meta.vault_settings) and an
      incremental run under other settings is refused before anything is written. -#}

{#- The hash vars that decide every key and hashdiff, normalised as the vault engine reads them. -#}
{% macro vault_hash_settings() -%}
  {{- return({'hash': gata.hash_algorithm(), 'hash_output': gata.hash_output(),
              'concat_string': var('concat_string', '||') | string,
              'null_placeholder_string': var('null_placeholder_string', '^^') | string,
              'hash_content_casing': var('hash_content_casing', 'UPPER') | string | upper}) -}}
{%- endmacro %}

{#- schema.table, as a person types it (a Relation renders quoted, with the database). -#}
{% macro vault_display_name(relation) -%}{{- return(relation.schema ~ '.' ~ relation.identifier) -}}{%- endmacro %}

{% macro vault_settings_text(settings) -%}
  {%- set parts = [] -%}
  {%- for k in ['hash', 'hash_output', 'concat_string', 'null_placeholder_string', 'hash_content_casing'] -%}
    {%- do parts.append(k ~ ': ' ~ (settings[k] | tojson)) -%}
  {%- endfor -%}
  {{- return('{' ~ parts | join(', ') ~ '}') -}}
{%- endmacro %}

{#- gata_rebuild_vault: YAML true/false only, so `"yes"` or `1` can never rebuild the vault by accident. -#}
{% macro vault_rebuild_requested() -%}
  {{- return(gata.bool_arg(var('gata_rebuild_vault', false), 'gata_rebuild_vault', 'dbt --vars')) -}}
{%- endmacro %}

{#- Called by vault_hub/link/sat. Parse time: the model's full_refresh and its hooks. Execution: refuses a
    rebuild var without --full-refresh (also checked by vault_history_run_start, which refuses a run under
    other hash settings than recorded before any model runs).
    kind: hub | link | sat; args: the engine's arguments (gata._engine_vault_key finds the key from them). -#}
{% macro _engine_vault_history(kind, args) -%}
  {%- set rebuild = gata.vault_rebuild_requested() -%}
  {%- set args = (kind | tojson) ~ ', ' ~ (args | tojson) -%}
  {%- do config(full_refresh=rebuild,
                pre_hook=["{{ gata.vault_archive_before_rebuild() }}"],
                post_hook=["{{ gata.vault_after_build(" ~ args ~ ") }}"]) -%}
  {%- if not execute -%}{{- return(none) -}}{%- endif -%}
  {%- if rebuild and not flags.FULL_REFRESH -%}
    {{- exceptions.raise_compiler_error("gata: gata_rebuild_vault: true rebuilds the vault only together with --full-refresh (dbt build --full-refresh --vars '{gata_rebuild_vault: true}'); nothing was done for " ~ gata.vault_display_name(this)) -}}
  {%- endif -%}
{%- endmacro %}

{#- The refusal of a run under other hash settings than the vault tables were built with.
    mismatches: [[schema.table, recorded settings], ...]. -#}
{% macro vault_settings_refusal(mismatches) -%}
  {%- set lines = [] -%}
  {%- for name, recorded in mismatches -%}
    {%- do lines.append("  " ~ name ~ " was built with hash settings " ~ gata.vault_settings_text(recorded)) -%}
  {%- endfor -%}
  {{- return("gata: refusing to load the vault under other hash settings:\n" ~ lines | join("\n")
      ~ "\nbut this run uses " ~ gata.vault_settings_text(gata.vault_hash_settings())
      ~ ". An incremental run would key the same business keys a second time. Nothing was written. "
      ~ "Set the vars back to the recorded values (dbt_project.yml or --vars), or rebuild the vault under the new settings on purpose: "
      ~ "dbt build --full-refresh --vars '{gata_rebuild_vault: true}' with the new vars; the rows hashed the old way are then NOT restored "
      ~ "and stay only in the archive (schema " ~ gata.vault_archive_schema_name(gata.vault_schema_name()) ~ ").") -}}
{%- endmacro %}

{#- Asked of the database, not dbt's relation cache (which misses tables other models' hooks made). -#}
{% macro table_exists(schema, table) -%}
  {{- return(run_query("select count(*) from information_schema.tables where table_catalog = current_database()"
      ~ " and table_schema = " ~ gata.sql_str(schema) ~ " and table_name = " ~ gata.sql_str(table)).rows[0][0] > 0) -}}
{%- endmacro %}

{#- The recorded settings of a vault table (dict), or none when it has no record yet. -#}
{% macro vault_recorded_settings(relation) -%}
  {%- set meta = gata.vault_settings_relation() -%}
  {%- if not gata.table_exists(meta.schema, meta.table) -%}{{- return(none) -}}{%- endif -%}
  {%- set rows = gata.agate_to_dicts(run_query("select hash, hash_output, concat_string, null_placeholder_string, hash_content_casing from "
      ~ meta.schema ~ "." ~ meta.table ~ " where table_schema = " ~ gata.sql_str(relation.schema)
      ~ " and table_name = " ~ gata.sql_str(relation.identifier))) -%}
  {{- return(rows[0] if rows | length > 0 else none) -}}
{%- endmacro %}

{% macro vault_record_settings(relation) -%}
  {%- set meta = gata.vault_settings_relation() -%}
  {%- set s = gata.vault_hash_settings() -%}
  {%- do run_query("delete from " ~ meta.schema ~ "." ~ meta.table ~ " where table_schema = " ~ gata.sql_str(relation.schema)
      ~ " and table_name = " ~ gata.sql_str(relation.identifier) ~ ";
    insert into " ~ meta.schema ~ "." ~ meta.table ~ " values (" ~ [gata.sql_str(relation.schema), gata.sql_str(relation.identifier),
      gata.sql_str(s.hash), gata.sql_str(s.hash_output), gata.sql_str(s.concat_string), gata.sql_str(s.null_placeholder_string),
      gata.sql_str(s.hash_content_casing), gata.sql_ts(gata.utc_now())] | join(', ') ~ ")") -%}
{%- endmacro %}

{#- on-run-start (dbt_project.yml): checks the rebuild var and the recorded hash settings before any model
    runs, and creates what the vault models' hooks share (in one thread: concurrent CREATEs conflict in
    DuckDB). Only in the gata project itself: a project that installs gata for its vault macros gets no
    gata_meta. -#}
{% macro vault_history_run_start() -%}
  {%- if not execute or project_name != 'gata' -%}{{- return('') -}}{%- endif -%}
  {%- set rebuild = gata.vault_rebuild_requested() -%}
  {%- if rebuild and not flags.FULL_REFRESH -%}
    {{- exceptions.raise_compiler_error("gata: gata_rebuild_vault: true rebuilds the vault only together with --full-refresh (dbt build --full-refresh --vars '{gata_rebuild_vault: true}'); nothing was done") -}}
  {%- endif -%}
  {%- do gata.check_scope_current() -%}
  {%- set meta = gata.vault_settings_relation() -%}
  {%- do run_query("create schema if not exists " ~ meta.schema ~ ";
    create table if not exists " ~ meta.schema ~ "." ~ meta.table ~ " (
      table_schema varchar, table_name varchar,   -- the vault table
      hash varchar, hash_output varchar, concat_string varchar, null_placeholder_string varchar, hash_content_casing varchar,
      recorded_at timestamp                       -- UTC, when the table was (re)built or first seen with these settings
    )" ~ ("; create schema if not exists " ~ gata.vault_archive_schema_name(gata.vault_schema_name()) if rebuild else "")) -%}
  {#- Before any model: staging views compute the keys, so a run that re-created them under new vars and
      only then refused at the vault would leave them hashing the new way for a later vault-only run. -#}
  {%- if not rebuild -%}
    {%- set mismatches = [] -%}
    {%- for r in gata.agate_to_dicts(run_query("select s.* from " ~ meta.schema ~ "." ~ meta.table ~ " as s join information_schema.tables as t"
        ~ " on t.table_catalog = current_database() and t.table_schema = s.table_schema and t.table_name = s.table_name order by 1, 2")) -%}
      {%- set recorded = {} -%}
      {%- for k in gata.vault_hash_settings() -%}{%- do recorded.update({k: r[k]}) -%}{%- endfor -%}
      {%- if recorded != gata.vault_hash_settings() -%}{%- do mismatches.append([r.table_schema ~ '.' ~ r.table_name, recorded]) -%}{%- endif -%}
    {%- endfor -%}
    {%- if mismatches -%}{{- exceptions.raise_compiler_error(gata.vault_settings_refusal(mismatches)) -}}{%- endif -%}
  {%- endif -%}
  {{- return('') -}}
{%- endmacro %}

{#- The archive of this run's rebuild of `relation`: <schema>_archive.<table>__<run start, UTC>. -#}
{% macro vault_archive_relation(relation) -%}
  {{- return(api.Relation.create(database=relation.database, schema=gata.vault_archive_schema_name(relation.schema),
                                 identifier=gata.vault_archive_table_name(relation.identifier, run_started_at))) -}}
{%- endmacro %}

{#- Pre-hook: before a rebuild replaces the table, copy its rows to the archive (same transaction). -#}
{% macro vault_archive_before_rebuild() -%}
  {%- if not execute or not should_full_refresh() or adapter.get_relation(this.database, this.schema, this.identifier) is none -%}
    {{- return('') -}}
  {%- endif -%}
  {%- set archive = gata.vault_archive_relation(this) -%}
  {%- do run_query("create table " ~ archive ~ " as select * from " ~ this) -%}
  {{- return('') -}}
{%- endmacro %}

{#- Post-hook: after a rebuild, put the archived rows back (or, under new hash settings, say that they
    stay only in the archive); then record the settings the table now holds. -#}
{% macro vault_after_build(kind, args) -%}
  {%- if not execute -%}{{- return('') -}}{%- endif -%}
  {%- set recorded = gata.vault_recorded_settings(this) -%}
  {%- set archive = gata.vault_archive_relation(this) -%}
  {#- asked of the database: dbt's relation cache does not see tables made by other models' hooks -#}
  {%- set rebuilt = should_full_refresh() and gata.table_exists(archive.schema, archive.identifier) -%}
  {%- if rebuilt -%}
    {%- set archived = run_query("select count(*) from " ~ archive).rows[0][0] -%}
    {%- if recorded is none or recorded == gata.vault_hash_settings() -%}
      {%- set restored = gata.vault_restore_archive(this, archive, kind, gata._engine_vault_key(kind, args)) -%}
      {{- log("gata: rebuilt " ~ gata.vault_display_name(this) ~ ": kept all " ~ archived ~ " earlier rows (" ~ restored ~ " of them not reproduced by the rebuild and restored from " ~ gata.vault_display_name(archive) ~ "); the archive stays", info=true) -}}
    {%- else -%}
      {{- log("gata: rebuilt " ~ gata.vault_display_name(this) ~ " under new hash settings " ~ gata.vault_settings_text(gata.vault_hash_settings()) ~ " (was "
              ~ gata.vault_settings_text(recorded) ~ "): its " ~ archived ~ " earlier rows, hashed the old way, were NOT restored; that history is kept only in " ~ gata.vault_display_name(archive), info=true) -}}
    {%- endif -%}
  {%- endif -%}
  {#- a mismatch gets here only for a new table or a rebuild: an incremental run under it was refused -#}
  {%- if recorded != gata.vault_hash_settings() -%}{%- do gata.vault_record_settings(this) -%}{%- endif -%}
  {{- return('') -}}
{%- endmacro %}

{#- Put the archive's rows back into the rebuilt table; the archive wins (it holds the first load times
    and the full history). A rebuilt row is dropped when the archive has its key (hub, link) or, for a
    satellite, when it is not newer than the key's latest archived row or repeats the previous row's
    hashdiff (the satellite's own insert rule). Columns the new table lacks are left out; new columns
    stay NULL in restored rows. -> the number of archived rows the rebuild had not reproduced. -#}
{% macro vault_restore_archive(target, archive, kind, key) -%}
  {{- return(adapter.dispatch('vault_restore_archive', 'gata')(target, archive, kind, key)) -}}
{%- endmacro %}

{% macro default__vault_restore_archive(target, archive, kind, key) -%}
  {%- set new_cols = adapter.get_columns_in_relation(target) | map(attribute='name') | list -%}
  {%- set cols = [] -%}
  {%- for c in adapter.get_columns_in_relation(archive) if c.name in new_cols -%}{%- do cols.append(adapter.quote(c.name)) -%}{%- endfor -%}
  {%- set k = adapter.quote(key) -%}
  {%- set same = "a." ~ k ~ " = t." ~ k ~ (" and a.load_datetime = t.load_datetime" if kind == 'sat' else "") -%}
  {%- set restored = run_query("select count(*) from " ~ archive ~ " as a where not exists (select 1 from " ~ target ~ " as t where " ~ same ~ ")").rows[0][0] -%}
  {%- if kind == 'sat' -%}
    {%- do run_query("delete from " ~ target ~ " as t where exists (select 1 from (
        select " ~ k ~ ", load_datetime, hashdiff, from_archive,
            lag(hashdiff) over (partition by " ~ k ~ " order by load_datetime, from_archive desc) as previous_hashdiff,
            max(case when from_archive then load_datetime end) over (partition by " ~ k ~ ") as archived_latest
        from (select " ~ k ~ ", load_datetime, hashdiff, true as from_archive from " ~ archive ~ "
              union all select " ~ k ~ ", load_datetime, hashdiff, false from " ~ target ~ ") as merged
        ) as d where not d.from_archive and d.archived_latest is not null
              and (d.load_datetime <= d.archived_latest or d.hashdiff = d.previous_hashdiff)
              and d." ~ k ~ " = t." ~ k ~ " and d.load_datetime = t.load_datetime)") -%}
  {%- else -%}
    {%- do run_query("delete from " ~ target ~ " as t where exists (select 1 from " ~ archive ~ " as a where " ~ same ~ ")") -%}
  {%- endif -%}
  {%- do run_query("insert into " ~ target ~ " (" ~ cols | join(', ') ~ ") select " ~ cols | join(', ') ~ " from " ~ archive) -%}
  {{- return(restored) -}}
{%- endmacro %}
