{#- Effectivity satellite: when each link relationship (src_pk) was open, with AutomateDV's rules.
    A row whose end date is AutomateDV's max_datetime (date 9999-12-31) is open, any other closed.
    Each load (src_ldts) of a batch is applied as AutomateDV would apply it in a run of its own, to
    the table as the loads before it left it:
    - the first load of a new table is stored as delivered;
    - a relationship never seen is stored as delivered, a closed one delivered open is re-opened, an
      open one delivered closed is closed (start and end dates of that row, source of the open row);
    - with auto end-dating (config is_auto_end_dating), every open relationship of a driving key
      (src_dfk) that a load of that driving key does not deliver open again is closed at the load's
      effective_from (start date and source of its open row), and opened or re-opened relationships
      start at their effective_from.
    Loads not later than the table's latest for the relationship (for the driving key, when auto
    end-dating) are replays: a re-run inserts nothing. src_pk, src_dfk and src_sfk may be lists. -#}
{%- macro eff_sat(src_pk, src_dfk, src_sfk, src_extra_columns=none, src_start_date=none, src_end_date=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('eff_sat', {'src_pk': src_pk, 'src_dfk': src_dfk, 'src_sfk': src_sfk, 'src_start_date': src_start_date, 'src_end_date': src_end_date, 'src_eff': src_eff, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('eff_sat', 'gata')(src_pk, src_dfk, src_sfk, src_extra_columns, src_start_date, src_end_date, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__eff_sat(src_pk, src_dfk, src_sfk, src_extra_columns, src_start_date, src_end_date, src_eff, src_ldts, src_source, source_model) -%}
{%- set auto_end = gata.eff_sat_auto_end_dating() -%}
{%- set pk = gata.as_list(src_pk) -%}
{%- set dfk = gata.as_list(src_dfk) -%}
{%- set keys = gata.unique_columns(pk + dfk + gata.as_list(src_sfk)) -%}
{%- set extras = gata.as_list(src_extra_columns) -%}
{%- set start, end, eff, ldts, source = gata.escape(src_start_date), gata.escape(src_end_date), gata.escape(src_eff), gata.escape(src_ldts), gata.escape(src_source) -%}
{%- set columns = keys + extras + [src_start_date, src_end_date, src_eff, src_ldts, src_source] -%}
{#- loads not later than the table's latest for this partition are replays -#}
{%- set part = dfk if auto_end else pk -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_rows as (
    {%- for relation in gata.source_models(source_model) %}
    select distinct {{ gata.column_list(columns, 's') }}
    from {{ relation }} as s
    where {{ gata.all_not_null(keys, 's.') }}
    {{ gata.period_filter_clause('and') }}
    {{ 'union' if not loop.last }}
    {%- endfor %}
),
new_rows as (
    select s.*, {{ gata.end_date_is_open('s.' ~ end) }} as gata_open,
           {#- the first load of a new table is stored as delivered (AutomateDV's base load) -#}
           {% if incremental %}false{% else %}s.{{ ldts }} = min(s.{{ ldts }}) over (){% endif %} as gata_base
    from source_rows as s
    {%- if incremental %}
    left join (
        select {{ gata.column_list(part) }}, max({{ ldts }}) as gata_horizon
        from {{ this }}
        group by {{ gata.column_list(part) }}
    ) as h on {{ gata.key_join(part, 'h', 's') }}
    where h.gata_horizon is null or s.{{ ldts }} > h.gata_horizon
    {%- endif %}
),
delivered as (
    {#- one row per relationship and load: the latest effective_from; a close before an open -#}
    select * from (
        select n.*, row_number() over (
                   partition by {{ gata.column_list(pk, 'n') }}, n.{{ ldts }}
                   order by n.{{ eff }} desc, n.gata_open, {{ gata.column_list([src_start_date, src_end_date, src_source] + extras, 'n') }}) as gata_rn
        from new_rows as n
    ) as ranked
    where gata_rn = 1
),
{%- if auto_end %}
driving_loads as (
    {#- each load of each driving key: its relationships not delivered open again end at its effective_from -#}
    select * from (
        select n.*, row_number() over (
                   partition by {{ gata.column_list(dfk, 'n') }}, n.{{ ldts }}
                   order by n.{{ eff }}, {{ gata.column_list(keys + extras, 'n') }}) as gata_rn
        from new_rows as n
    ) as ranked
    where gata_rn = 1
),
{%- endif %}
observations as (
    {#- per relationship and load: kind 1 delivered (open or closed), kind 2 a load of its driving key
        without it (auto end-dating); kind 0 the table's latest row, the state the loads start from -#}
    {%- if incremental %}
    select {{ gata.column_list(keys + extras) }}, {{ start }}, {{ end }}, {{ eff }}, {{ ldts }}, {{ source }}, gata_open,
           false as gata_base, 0 as gata_kind, {{ eff }} as gata_close_at
    from (
        select t.*, {{ gata.end_date_is_open('t.' ~ end) }} as gata_open,
               row_number() over (partition by {{ gata.column_list(pk, 't') }}
                                  order by t.{{ ldts }} desc, {{ gata.end_date_is_open('t.' ~ end) }}) as gata_rn
        from {{ this }} as t
        where exists (select 1 from new_rows as n where {{ gata.key_join(part, 'n', 't') }})
    ) as latest
    where gata_rn = 1
    union all
    {%- endif %}
    select {{ gata.column_list(keys + extras, 'd') }}, d.{{ start }}, d.{{ end }}, d.{{ eff }}, d.{{ ldts }}, d.{{ source }}, d.gata_open,
           d.gata_base, 1 as gata_kind, {{ 'l' if auto_end else 'd' }}.{{ eff }} as gata_close_at
    from delivered as d
    {%- if auto_end %}
    join driving_loads as l on {{ gata.key_join(dfk, 'l', 'd') }} and l.{{ ldts }} = d.{{ ldts }}
    union all
    select {{ gata.column_list(keys, 'k') }}{{ ', ' ~ gata.column_list(extras, 'l') if extras }}, null, null, l.{{ eff }}, l.{{ ldts }}, null, false,
           false, 2, l.{{ eff }}
    from (
        {#- every relationship known before the load: in the table or delivered earlier -#}
        select {{ gata.column_list(keys) }}, min({{ ldts }}) as gata_first
        from (
            {%- if incremental %}
            select {{ gata.column_list(keys) }}, {{ ldts }} from {{ this }} as t
            where exists (select 1 from new_rows as n where {{ gata.key_join(dfk, 'n', 't') }})
            union all
            {%- endif %}
            select {{ gata.column_list(keys) }}, {{ ldts }} from delivered
        ) as seen
        group by {{ gata.column_list(keys) }}
    ) as k
    join driving_loads as l on {{ gata.key_join(dfk, 'l', 'k') }} and l.{{ ldts }} > k.gata_first
    where not exists (select 1 from delivered as d where {{ gata.key_join(pk, 'd', 'k') }} and d.{{ ldts }} = l.{{ ldts }})
    {%- endif %}
),
sequenced as (
    select o.*,
           lag(o.gata_open) over (partition by {{ gata.column_list(pk, 'o') }} order by o.{{ ldts }}) as gata_was_open
    from observations as o
),
runs as (
    {#- an open row after none or a closed one opens a run; closes take the start and source of their run's opener -#}
    select q.*,
           sum(case when q.gata_open and not coalesce(q.gata_was_open, false) then 1 else 0 end) over (
               partition by {{ gata.column_list(pk, 'q') }} order by q.{{ ldts }} rows between unbounded preceding and current row) as gata_run,
           case when q.gata_kind = 1 and {{ 'not q.gata_base' if auto_end else 'false' }} then q.{{ eff }} else q.{{ start }} end as gata_out_start
    from sequenced as q
),
openers as (
    select r.*,
           first_value(r.gata_out_start) over (partition by {{ gata.column_list(pk, 'r') }}, r.gata_run order by r.{{ ldts }}) as gata_run_start,
           first_value(r.{{ source }}) over (partition by {{ gata.column_list(pk, 'r') }}, r.gata_run order by r.{{ ldts }}) as gata_run_source
    from runs as r
)
-- relationships seen for the first time (as delivered) and closed ones re-opened
select {{ gata.column_list(keys + extras) }}, gata_out_start as {{ start }}, {{ end }}, {{ eff }}, {{ ldts }}, {{ source }}
from openers
where gata_kind = 1 and (gata_was_open is null or (gata_open and not gata_was_open))
union all
-- open relationships closed: by the source, or (auto end-dating) by a load of their driving key
select {{ gata.column_list(keys + extras) }},
       {%- if auto_end %}
       gata_run_start as {{ start }}, gata_close_at as {{ end }}, gata_close_at as {{ eff }},
       {%- else %}
       {{ start }}, {{ end }}, {{ eff }},
       {%- endif %}
       {{ ldts }}, gata_run_source as {{ source }}
from openers
where gata_kind > 0 and gata_was_open and not gata_open
{%- endmacro -%}

{#- Auto end-dating of gata.eff_sat: the model's config is_auto_end_dating (AutomateDV's name; also read
    from config meta), else var enable_auto_end_dating; default false. -#}
{%- macro eff_sat_auto_end_dating() -%}
    {#- at parse time config.get answers '' for everything -#}
    {%- if not execute -%}{{- return(false) -}}{%- endif -%}
    {%- set value = config.get('is_auto_end_dating') -%}
    {%- if value is none -%}{%- set value = (config.get('meta') or {}).get('is_auto_end_dating') -%}{%- endif -%}
    {%- if value is none -%}{%- set value = var('enable_auto_end_dating', false) -%}{%- endif -%}
    {%- set text = value | string | lower -%}
    {%- if text not in ['true', 'false'] -%}
        {{- exceptions.raise_compiler_error("gata.eff_sat: is_auto_end_dating must be true or false, got " ~ value ~ " (model " ~ this ~ ")") -}}
    {%- endif -%}
    {{- return(text == 'true') -}}
{%- endmacro -%}

{#- An end date meaning "still open": the date of AutomateDV's var max_datetime (default
    9999-12-31 23:59:59.999999, compared by date as AutomateDV does), or NULL. -#}
{%- macro end_date_is_open(end_date_column) -%}
    ({{ end_date_column }} is null or cast({{ end_date_column }} as date) = cast(cast({{ gata.sql_str(var('max_datetime', '9999-12-31 23:59:59.999999')) }} as {{ dbt.type_timestamp() }}) as date))
{%- endmacro -%}
