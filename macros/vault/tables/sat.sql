{#- Satellite: insert-only history of a payload per key. A staged row is inserted when its hashdiff differs
    from the previous row of its key ordered by load datetime (then src_eff); for the first staged row of a key
    the previous row is the latest one already in the satellite. Staged rows not newer than their key's latest
    row in the satellite are ignored, so re-running a loaded batch inserts nothing; only keys with a newer
    staged row of another hashdiff than their latest are sequenced, so such a re-run does not sort.
    source_model may be a list: the sources are unioned (one shared satellite fed by many tenants).
    config apply_source_filter=true additionally drops, before any other work, staged rows not newer than the
    satellite's overall latest load datetime (cheaper; late rows of new keys are then skipped too).
    Under dbt's incremental materialization, staged loads already loaded unchanged are skipped up front by the
    satellite's ledger (sat_ledger.sql): same rows as without it, a re-load costs one pass over the staged rows.
    Works as an incremental model or under vault_insert_by_period (the period filter goes on the staged rows).
    AutomateDV's forms: src_hashdiff {source_column: <staged>, alias: <satellite column>}; src_payload
    {exclude_columns: true, columns: [...]} (gata.payload_columns). -#}
{%- macro sat(src_pk, src_hashdiff, src_payload, src_extra_columns=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('sat', {'src_pk': src_pk, 'src_hashdiff': src_hashdiff, 'src_payload': src_payload, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{- return(adapter.dispatch('sat', 'gata')(src_pk, src_hashdiff, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model)) -}}
{%- endmacro -%}

{%- macro default__sat(src_pk, src_hashdiff, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model) -%}
    {%- set pk = gata.as_list(src_pk) -%}
    {%- set hashdiff = gata.aliased_column(src_hashdiff, 'sat', 'src_hashdiff') -%}
    {%- set hd = gata.escape(hashdiff['alias']) -%}
    {%- set ldts = gata.escape(src_ldts) -%}
    {%- set tail = ([src_eff] if src_eff else []) + [src_ldts, src_source] -%}
    {%- set not_payload = pk + [hashdiff['source'], hashdiff['alias']] + gata.as_list(src_extra_columns) + tail -%}
    {%- set rest = gata.payload_columns(src_payload, source_model, not_payload, 'sat') + gata.as_list(src_extra_columns) -%}
    {%- set columns = gata.escape_list(pk + [hashdiff['alias']] + rest + tail) -%}
    {#- what staged selects: the output columns, the hashdiff read from its staged column -#}
    {%- set staged_columns = gata.escape_list(pk) + [gata.aliased_select(hashdiff)] + gata.escape_list(rest + tail) -%}
    {%- set load_columns = [src_ldts] + ([src_eff] if src_eff else []) -%}
    {%- set order_by = gata.escape_list(load_columns) + [hd] -%}
    {%- set incremental = gata.is_any_incremental() -%}
    {%- set source_filter = config.get('apply_source_filter', false) -%}
    {%- do gata.sat_ledger_hooks('gata.sat_ledger_hook', {'pk': pk, 'hashdiff_column': hashdiff['source'], 'src_eff': src_eff or '',
                                                            'src_ldts': src_ldts, 'source_model': source_model} | tojson) -%}
    {%- set ledger_filter = gata.sat_ledger_filtered() and incremental -%}  {#- (checks config sat_ledger when compiled) -#}
with staged as (
    {%- for relation in gata.source_models(source_model) %}
    select {{ staged_columns | join(', ') }}
    from {{ relation }} as s
    where {{ gata.all_not_null(pk, 's.') }}
    {{ gata.period_filter_clause('and') }}
    {%- if incremental and source_filter %}
      and s.{{ ldts }} > (select max({{ ldts }}) from {{ this }})
    {%- endif %}
    {%- if ledger_filter %}
      and {{ gata.sat_ledger_filter(src_ldts) }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if var('enable_ghost_records', false) %}
    {%- set ghost = gata.sat_ghost_record(pk, hashdiff, rest, src_eff, src_ldts, src_source, source_model) %}
    union all
    {{ ghost['select'] }}
    {%- if incremental %}
    where not exists (select 1 from {{ this }} as t where {{ ghost['is_ghost'] }})
    {%- endif %}
    {%- endif %}
),
{%- if incremental %}
latest as (
    {#- Over the whole satellite (DuckDB pushes the join keys of a small batch down into this aggregate).
        With the source filter or the ledger a re-run stages no rows: the uncorrelated EXISTS (one row read)
        then skips the aggregate. A semi-join on the staged keys measured slower: the staged rows are read twice. -#}
    {%- set existing = this if not (source_filter or ledger_filter) else
        '(select * from ' ~ this ~ ' where exists (select 1 from staged)) as existing' %}
    {{ gata.first_row_per_key(existing,
        pk, [hashdiff['alias'], src_ldts], [src_ldts] + ([src_eff] if src_eff else []), descending=true) }}
),
{%- set latest_key = 'l.' ~ gata.escape(pk[0]) %}
changed_keys as (
    {#- Only a key with a staged row newer than its latest satellite row and of another hashdiff can insert:
        if all its newer rows repeat the latest hashdiff, the LAG below keeps none of them. So a re-load ends
        here (one probe of the staged rows, no sort), and the LAG sorts only the rows of changed keys.
        The key's latest row travels along; max() of one value per key is portable (no any_value). -#}
    select {{ gata.column_list(pk, 's') }}, max({{ latest_key }}) as gata_latest_key,
        max(l.{{ hd }}) as gata_latest_hashdiff, max(l.{{ ldts }}) as gata_latest_ldts
    from staged as s
    left join latest as l on {{ gata.key_join(pk, 'l', 's') }}
    where {{ latest_key }} is null
       or (s.{{ ldts }} > l.{{ ldts }} and (l.{{ hd }} is null or s.{{ hd }} is distinct from l.{{ hd }}))
    group by {{ gata.column_list(pk, 's') }}
),
candidates as (
    {#- every staged row of a changed key newer than the key's latest row (the rows the LAG compares) -#}
    select s.*, c.gata_latest_hashdiff
    from staged as s
    join changed_keys as c on {{ gata.key_join(pk, 'c', 's') }}
    where c.gata_latest_key is null or s.{{ ldts }} > c.gata_latest_ldts
),
{%- else %}
candidates as (
    select * from staged
),
{%- endif %}
sequenced as (
    {#- hashdiffs are never NULL (gata.hash nulls no hashdiff), so a NULL previous hashdiff means: first
        row of a key not yet in the satellite. One sort serves all three windows (the load rank's order is a
        prefix of the key window's). A row is "tied" when its key has had two hashdiffs at one load (load
        datetime, then src_eff) up to this row: version rank (distinct load + hashdiff so far) > load rank. -#}
    select *,
        {%- if incremental %}
        COALESCE(LAG({{ hd }}) OVER gata_key_window, gata_latest_hashdiff) as gata_previous_hashdiff,
        {%- else %}
        LAG({{ hd }}) OVER gata_key_window as gata_previous_hashdiff,
        {%- endif %}
        DENSE_RANK() OVER gata_key_window as gata_version_rank,
        DENSE_RANK() OVER (PARTITION BY {{ gata.column_list(pk) }} ORDER BY {{ gata.column_list(load_columns) }}) as gata_load_rank
    from candidates
    window gata_key_window as (PARTITION BY {{ gata.column_list(pk) }} ORDER BY {{ order_by | join(', ') }})
),
{{ gata.sat_tied_changes(pk, hd, load_columns, columns, incremental) }}
select {{ columns | join(', ') }}
from sequenced
where gata_version_rank = gata_load_rank
  and (gata_previous_hashdiff is null or {{ hd }} <> gata_previous_hashdiff)
union all
select {{ columns | join(', ') }}
from gata_tied_changes
{%- endmacro -%}

{#- The ghost record: all-zero key and hashdiff, NULL payload, 1900-01-01 dates, the system record source, each
    value cast to its staged column's own type (read from the first source when the model runs), so the union
    changes neither the type nor the value of any staged row (a DATE load date stays DATE, a TIMESTAMPTZ one
    stays TIMESTAMPTZ). Returns {'select': the row, 'is_ghost': a predicate on alias t matching the ghost key}. -#}
{%- macro sat_ghost_record(pk, hashdiff, rest, src_eff, src_ldts, src_source, source_model) -%}
    {%- set types = gata.relation_column_types(gata.source_models(source_model)[0]) -%}
    {%- set items = [] -%}
    {%- set key_match = [] -%}
    {%- for c in pk -%}
        {%- set value = gata.ghost_key_value(types.get(c | lower)) -%}
        {%- do items.append(value) -%}
        {%- do key_match.append('t.' ~ gata.escape(c) ~ ' = ' ~ value) -%}
    {%- endfor -%}
    {%- do items.append(gata.ghost_key_value(types.get(hashdiff['source'] | lower))) -%}
    {%- for c in rest -%}{%- do items.append(gata.ghost_typed('NULL', types.get(c | lower))) -%}{%- endfor -%}
    {%- for c in ([src_eff] if src_eff else []) + [src_ldts] -%}
        {%- do items.append(gata.ghost_date(types.get(c | lower))) -%}
    {%- endfor -%}
    {%- do items.append(gata.ghost_typed(gata.sql_str(var('system_record_value', 'AUTOMATE_DV_SYSTEM')), types.get(src_source | lower))) -%}
    {{- return({'select': 'select ' ~ items | join(', ') ~ ' from (select 1) as g', 'is_ghost': key_match | join(' and ')}) -}}
{%- endmacro -%}

{#- `value` cast to `data_type` (as it is when the type is unknown: at parse time). -#}
{%- macro ghost_typed(value, data_type) -%}
    {{- return(('CAST(' ~ value ~ ' AS ' ~ data_type ~ ')') if data_type else value) -}}
{%- endmacro -%}

{#- A ghost key or hashdiff of column type `data_type`: the all-zero digest (gata.ghost_key_literal) for a
    digest column; a non-digest key column (e.g. a tenant in a composite key) gets the zero string in its type. -#}
{%- macro ghost_key_value(data_type) -%}
    {%- set literal = gata.ghost_key_literal() | trim -%}
    {%- if not data_type or (data_type | upper) in ['BLOB', 'UHUGEINT'] -%}{{- return(literal) -}}{%- endif -%}
    {{- return(gata.ghost_typed(gata.sql_str('0' * gata.hash_hex_length()), data_type)) -}}
{%- endmacro -%}

{#- 1900-01-01 (midnight UTC for a type with a time zone) as `data_type`; TIMESTAMP when unknown. -#}
{%- macro ghost_date(data_type) -%}
    {%- set with_zone = data_type and ('TIME ZONE' in (data_type | upper) or 'TZ' in (data_type | upper)) -%}
    {{- return(gata.ghost_typed(gata.sql_str('1900-01-01 00:00:00+00' if with_zone else '1900-01-01'), data_type or 'TIMESTAMP')) -}}
{%- endmacro -%}

{#- The satellite rows of keys with several hashdiffs at one load (load datetime, then src_eff), from the first
    such load on (CTE gata_tied_changes; the untied rows before it are decided by the plain LAG). Each load
    is a set: a row equal to the version before the load is no change, every other hashdiff of the load is
    inserted once, and the version after the load is the highest inserted hashdiff (the one the satellite's
    latest-row lookup picks), or the version before when the load inserted nothing. That version depends
    on the one before, so the loads of such keys are walked in order (a recursive CTE over few rows).
    `hd` is escaped, `columns` the escaped output columns; `incremental`: sequenced carries gata_latest_hashdiff. -#}
{%- macro sat_tied_changes(pk, hd, load_columns, columns, incremental) -%}
    {%- set keys = gata.column_list(pk) -%}
    {%- set loads = gata.column_list(load_columns) -%}
    {%- set copy_order = [] -%}
    {%- for c in columns -%}{%- do copy_order.append('s.' ~ c) -%}{%- endfor -%}
gata_tied_keys as (
    select distinct {{ keys }} from sequenced where gata_version_rank > gata_load_rank
),
gata_tied_loads as (
    {#- per key and load: the highest and second highest hashdiff, and the load's number in the key's order -#}
    select {{ keys }}, {{ loads }},
        max({{ 'gata_latest_hashdiff' if incremental else 'CASE WHEN FALSE THEN ' ~ hd ~ ' END' }}) as gata_latest_hashdiff,
        max(case when gata_hashdiff_rank = 1 then {{ hd }} end) as gata_top_hashdiff,
        max(case when gata_hashdiff_rank = 2 then {{ hd }} end) as gata_second_hashdiff,
        ROW_NUMBER() OVER (PARTITION BY {{ keys }} ORDER BY {{ loads }}) as gata_load_number
    from (
        select s.*, DENSE_RANK() OVER (PARTITION BY {{ gata.column_list(pk + load_columns, 's') }} ORDER BY s.{{ hd }} DESC) as gata_hashdiff_rank
        from sequenced as s
        join gata_tied_keys as k on {{ gata.key_join(pk, 'k', 's') }}
    ) as ranked
    group by {{ keys }}, {{ loads }}
),
gata_tied_walk as (
    {#- gata_before: the key's version before the load; gata_after: after it. Recursive in a nested WITH:
        a top-level WITH RECURSIVE would type every UNION of the model by its first branch. -#}
    with recursive gata_walk as (
        select {{ keys }}, {{ loads }}, gata_load_number, gata_latest_hashdiff as gata_before,
            {{ gata.sat_version_after('gata_top_hashdiff', 'gata_second_hashdiff', 'gata_latest_hashdiff') }} as gata_after
        from gata_tied_loads
        where gata_load_number = 1
        union all
        select {{ gata.column_list(pk, 'l') }}, {{ gata.column_list(load_columns, 'l') }}, l.gata_load_number, w.gata_after,
            {{ gata.sat_version_after('l.gata_top_hashdiff', 'l.gata_second_hashdiff', 'w.gata_after') }}
        from gata_walk as w
        join gata_tied_loads as l on {{ gata.key_join(pk, 'l', 'w') }} and l.gata_load_number = w.gata_load_number + 1
    )
    select * from gata_walk
),
gata_tied_changes as (
    {#- the tied rows whose hashdiff differs from the version before their load, one per hashdiff -#}
    select * from (
        select s.*, ROW_NUMBER() OVER (PARTITION BY {{ gata.column_list(pk + load_columns, 's') }}, s.{{ hd }}
                                       ORDER BY {{ copy_order | join(', ') }}) as gata_copy
        from sequenced as s
        join gata_tied_walk as w on {{ gata.key_join(pk + load_columns, 'w', 's') }}
        where s.gata_version_rank > s.gata_load_rank
          and (w.gata_before is null or s.{{ hd }} <> w.gata_before)
    ) as tied
    where gata_copy = 1
),
{%- endmacro -%}

{#- The version after a load whose highest / second highest hashdiffs are `top` / `second`, given the version
    `before` it: the highest hashdiff other than `before`, or `before` when the load holds only it. -#}
{%- macro sat_version_after(top, second, before) -%}
    CASE WHEN {{ before }} IS NULL OR {{ top }} <> {{ before }} THEN {{ top }} ELSE COALESCE({{ second }}, {{ top }}) END
{%- endmacro -%}
