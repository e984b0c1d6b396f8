{#- Satellite: insert-only history of a payload per key. A staged row is inserted when its hashdiff differs
    from the previous row of its key ordered by load datetime (then src_eff); for the first staged row of a key
    the previous row is the latest one already in the satellite. Staged rows not newer than their key's latest
    row in the satellite are ignored, so re-running a loaded batch inserts nothing; only keys with a newer
    staged row of another hashdiff than their latest are sequenced, so such a re-run does not sort.
    source_model may be a list: the sources are unioned (one shared satellite fed by many tenants).
    config apply_source_filter=true additionally drops, before any other work, staged rows not newer than the
    satellite's overall latest load datetime (cheaper; late rows of new keys are then skipped too).
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
    {%- set order_by = [ldts] + ([gata.escape(src_eff)] if src_eff else []) + [hd] -%}
    {%- set incremental = gata.is_any_incremental() -%}
    {%- set source_filter = config.get('apply_source_filter', false) -%}
with staged as (
    {%- for relation in gata.source_models(source_model) %}
    select {{ staged_columns | join(', ') }}
    from {{ relation }} as s
    where {{ gata.all_not_null(pk, 's.') }}
    {{ gata.period_filter_clause('and') }}
    {%- if incremental and source_filter %}
      and s.{{ ldts }} > (select max({{ ldts }}) from {{ this }})
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if var('enable_ghost_records', false) %}
    union all
    {{ gata.sat_ghost_record(pk, rest, src_eff) }}
    {%- if incremental %}
    where not exists (select 1 from {{ this }} as t where t.{{ gata.escape(pk[0]) }} = {{ gata.ghost_key_literal() }})
    {%- endif %}
    {%- endif %}
),
{%- if incremental %}
latest as (
    {#- Over the whole satellite (DuckDB pushes the join keys of a small batch down into this aggregate).
        With the source filter a re-run stages no rows: the uncorrelated EXISTS (one row read) then skips the
        aggregate. A semi-join on the staged keys measured slower: the staged rows are read twice. -#}
    {%- set existing = this if not source_filter else
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
        row of a key not yet in the satellite. One LAG window is the only sort of the load. -#}
    select *,
        {%- if incremental %}
        COALESCE(LAG({{ hd }}) OVER gata_key_window, gata_latest_hashdiff) as gata_previous_hashdiff
        {%- else %}
        LAG({{ hd }}) OVER gata_key_window as gata_previous_hashdiff
        {%- endif %}
    from candidates
    window gata_key_window as (PARTITION BY {{ gata.column_list(pk) }} ORDER BY {{ order_by | join(', ') }})
)
select {{ columns | join(', ') }}
from sequenced
where gata_previous_hashdiff is null or {{ hd }} <> gata_previous_hashdiff
{%- endmacro -%}

{#- The ghost record: all-zero key and hashdiff, NULL payload, 1900-01-01 dates, the system record source. -#}
{%- macro sat_ghost_record(pk, rest, src_eff) -%}
    {%- set items = [] -%}
    {%- for c in pk -%}{%- do items.append(gata.ghost_key_literal()) -%}{%- endfor -%}
    {%- do items.append(gata.ghost_key_literal()) -%}
    {%- for c in rest -%}{%- do items.append('NULL') -%}{%- endfor -%}
    {%- if src_eff -%}{%- do items.append("CAST('1900-01-01' AS TIMESTAMP)") -%}{%- endif -%}
    {%- do items.append("CAST('1900-01-01' AS TIMESTAMP)") -%}
    {%- do items.append(gata.sql_str(var('system_record_value', 'AUTOMATE_DV_SYSTEM'))) -%}
    select {{ items | join(', ') }} from (select 1) as g
{%- endmacro -%}
