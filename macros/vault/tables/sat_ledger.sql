{#- The satellite ledger (macros/vault/README.md, "Satellite ledger"): a re-load of loads already loaded costs one
    pass over the staged rows instead of the per-key comparison with the satellite.

    Per incremental satellite, table <schema>__<sat>__gata_ledger (in the satellite's schema, or in config
    sat_ledger_schema's) holds one row per source model and load datetime loaded: the number of staged rows and
    their fingerprint (the sum of a 64-bit hash of key, hashdiff and src_eff: what decides whether a row is
    inserted; the payload is in the hashdiff), and when it was recorded. At each run the pre-hook fingerprints
    the staged loads once, into the temp table <sat>__gata_ledger_batch, and marks as known those the ledger
    holds with the same count and fingerprint. Every load datetime before the earliest one with a load not
    known (new, late or changed) is skipped; that one and every later one are compared as without the ledger,
    so a late load is still compared with the right previous versions, and the loads after it with it. The
    post-hook then forgets the ledger's loads from that earliest one on (of every source: a source not read
    this run may hold keys of the compared rows) and records the compared ones. Keyed by source, the ledger
    stays right when a run reads only some of the sources (Gata's tenant selection).

    Why skipping is safe: a load recorded after a run inserts nothing when staged again as it was (each of its
    rows is older than its key's latest row, or equal to the key's version before it), and stays so while no
    row older than it is inserted; rows are only inserted at or after a run's earliest compared load, and the
    ledger's loads from there on are forgotten. So a skipped load would have inserted nothing and does not
    change the previous version of any compared row. A staged NULL load datetime is never known: it makes the
    run compare every load.

    The ledger is off (and dropped, so that it never outlives rows it describes) under other materializations
    than `incremental` (vault_insert_by_period / by_rank filter their own slices), with config
    apply_source_filter, with config sat_ledger=false, on adapters without a fingerprint (sat_ledger_fingerprint),
    and for a full refresh: the run after a rebuild compares every load and records them again. -#}

{#- Called at parse time (default__sat, Gata's vault_sat): the hooks that fingerprint the staged loads before the
    run and record them after it, appended to the model's own hooks: `{{ <hook_macro>('before' | 'after',
    <args_json>) }}`. gata.sat_ledger_hook is the hook macro; a wrapper may choose its arguments when it runs. -#}
{%- macro sat_ledger_hooks(hook_macro, args_json) -%}
    {%- do config(pre_hook=["{{ " ~ hook_macro ~ "('before', " ~ args_json ~ ") }}"],
                  post_hook=["{{ " ~ hook_macro ~ "('after', " ~ args_json ~ ") }}"]) -%}
{%- endmacro -%}

{#- How this run of the model uses its ledger: 'off' (no ledger: dropped), 'record' (the table is built from all
    staged rows: a new ledger records every load), 'use' (incremental: known loads are skipped). -#}
{%- macro sat_ledger_mode() -%}
    {%- if not execute -%}{{- return('off') -}}{%- endif -%}  {#- at parse time config.get gives '' -#}
    {%- set enabled = config.get('sat_ledger', true) -%}
    {%- if enabled is not sameas true and enabled is not sameas false -%}
        {{- exceptions.raise_compiler_error("gata: config sat_ledger of model " ~ this ~ " must be true or false, not " ~ enabled) -}}
    {%- endif -%}
    {%- if not enabled or config.get('materialized') != 'incremental'
          or config.get('apply_source_filter', false) or gata.sat_ledger_fingerprint(['x']) is none
          or should_full_refresh() -%}
        {{- return('off') -}}
    {%- endif -%}
    {{- return('use' if is_incremental() else 'record') -}}
{%- endmacro -%}

{#- True when the satellite's SQL reads the batch table: the ledger is in use and the command runs the model's
    hooks (run, build). compile and show get SQL without it (the same rows: it compares every load). -#}
{%- macro sat_ledger_filtered() -%}
    {{- return(gata.sat_ledger_mode() == 'use' and flags.WHICH in ['run', 'build']) -}}
{%- endmacro -%}

{#- The model's ledger, and the temp table of this run's staged loads (a quoted identifier). -#}
{%- macro sat_ledger_relation() -%}
    {{- return(api.Relation.create(database=this.database, schema=config.get('sat_ledger_schema') or this.schema,
                                   identifier=gata.sat_ledger_name(this.schema, this.identifier))) -}}
{%- endmacro -%}
{%- macro sat_ledger_batch() -%}
    {{- return(adapter.quote(gata.sat_ledger_batch_name(this.identifier))) -}}
{%- endmacro -%}

{#- The condition (on source alias s) keeping the staged rows of the load datetimes to compare. An EXISTS on
    equal load datetimes is a semi-join: with none to compare, DuckDB does not read the staged rows at all. -#}
{%- macro sat_ledger_filter(src_ldts) -%}
    exists (select 1 from {{ gata.sat_ledger_batch() }} as gata_batch
            where gata_batch.gata_compare and gata_batch.{{ gata.escape(src_ldts) }} is not distinct from s.{{ gata.escape(src_ldts) }})
{%- endmacro -%}

{#- Per source model and staged load datetime: the rows (key not NULL, as the satellite reads them) and their
    fingerprint. gata_source: the source's schema.table. -#}
{%- macro sat_ledger_loads(pk, hashdiff_column, src_eff, src_ldts, source_model) -%}
    {%- set ldts = gata.escape(src_ldts) -%}
    {%- set hashed = pk + [hashdiff_column] + ([src_eff] if src_eff else []) -%}
    select gata_source, {{ ldts }}, count(*) as gata_rows, {{ gata.sat_ledger_fingerprint(gata.escape_list(hashed)) }} as gata_fingerprint
    from (
        {%- for relation in gata.source_models(source_model) %}
        select {{ gata.sql_str(relation.schema ~ '.' ~ relation.identifier) }} as gata_source, {{ gata.column_list(hashed + [src_ldts], 's') }}
        from {{ relation }} as s where {{ gata.all_not_null(pk, 's.') }}
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as gata_staged
    group by gata_source, {{ ldts }}
{%- endmacro -%}

{#- The hook SQL: step 'before' (pre-hook) or 'after' (post-hook). args: {pk: [...], hashdiff_column: staged
    hashdiff, src_eff: column or '', src_ldts, source_model: as the satellite reads it}. -#}
{%- macro sat_ledger_hook(step, args) -%}
    {%- if not execute -%}{{- return('') -}}{%- endif -%}
    {%- set mode = gata.sat_ledger_mode() -%}
    {%- if mode == 'off' and step == 'after' -%}{{- return('') -}}{%- endif -%}
    {%- set ledger = gata.sat_ledger_relation() -%}
    {%- set batch = gata.sat_ledger_batch() -%}
    {%- set ldts = gata.escape(args.src_ldts) -%}
    {%- set columns = 'gata_source, ' ~ ldts ~ ', gata_rows, gata_fingerprint' -%}
    {%- set recorded_at = 'CAST(' ~ gata.sql_str(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f')) ~ ' AS TIMESTAMP)' -%}
    {%- set create_ledger = 'create table if not exists ' ~ ledger ~ ' as select ' ~ columns ~ ', ' ~ recorded_at
                            ~ ' as gata_recorded_at from (' -%}
    {%- if mode != 'off' and step == 'before' -%}
        {%- set loads = gata.sat_ledger_loads(args.pk, args.hashdiff_column, args.src_eff or none, args.src_ldts, args.source_model) -%}
    {%- endif -%}
    {#- the comment names the statements in dbt's log (benchmarks/bench_vault.py times them with the model) -#}
/* gata sat ledger: {{ step }} */
    {%- if mode == 'off' %}
drop table if exists {{ ledger }}
    {%- elif step == 'before' and mode == 'record' %}
drop table if exists {{ ledger }};
create or replace temp table {{ batch }} as select gata_loads.*, true as gata_compare from ({{ loads }}) as gata_loads
    {%- elif step == 'before' %}
{{ create_ledger }}{{ loads }}) as gata_loads where false;
{#- a load datetime is compared when one of its loads, or of an earlier one, is not known (RANGE: the same
    load datetime in other sources is a peer); NULL first: never known -#}
create or replace temp table {{ batch }} as
select b.*, bool_or(g.gata_source is null) over (order by b.{{ ldts }} asc nulls first) as gata_compare
from ({{ loads }}) as b
left join {{ ledger }} as g
  on g.gata_source = b.gata_source and g.{{ ldts }} = b.{{ ldts }}
 and g.gata_rows = b.gata_rows and g.gata_fingerprint = b.gata_fingerprint
    {%- else %}
{{ create_ledger }}select * from {{ batch }}) as gata_loads where false;
delete from {{ ledger }} where {{ ldts }} >= (select min({{ ldts }}) from {{ batch }} where gata_compare);
insert into {{ ledger }} select {{ columns }}, {{ recorded_at }} from {{ batch }} where gata_compare and {{ ldts }} is not null;
drop table {{ batch }}
    {%- endif -%}
{%- endmacro -%}

{#- The aggregate fingerprint of a load's rows over the (escaped) `columns`, or none where the adapter has none:
    the ledger is then off. A changed, added or removed row changes the count or, but for a 2^-64 chance, the sum. -#}
{%- macro sat_ledger_fingerprint(columns) -%}
    {{- return(adapter.dispatch('sat_ledger_fingerprint', 'gata')(columns)) -}}
{%- endmacro -%}

{%- macro default__sat_ledger_fingerprint(columns) -%}
    {{- return(none) -}}
{%- endmacro -%}

{%- macro duckdb__sat_ledger_fingerprint(columns) -%}
    {#- hash() is DuckDB's 64-bit hash: cheap; its sum is a HUGEINT. Should a DuckDB upgrade change it, no load is
        known any more: the next run compares every load once (never a wrong skip). -#}
    {{- return('sum(hash(' ~ columns | join(', ') ~ '))') -}}
{%- endmacro -%}
