{#- Bridge: for each hub key (source_model is the hub) and as-of date, every path through the links
    of bridge_walk whose relationships are all active then. A relationship is active at a date when
    its effectivity satellite's latest row loaded on or before that date is open (end 9999-12-31).
    bridge_walk = {step: {link_table, link_pk, link_fk1, link_fk2, eff_sat_table, eff_sat_pk,
    eff_sat_end_date, eff_sat_load_date, bridge_link_pk, bridge_end_date, bridge_load_date}}, in
    walk order: step 1's link_fk1 is the hub key, each next step's link_fk1 meets the previous link_fk2.
    Materialize as 'table' (rebuilt each run) or 'bridge_incremental' (AutomateDV's: only new/changed
    as-of dates are computed, the other rows carried over); never dbt's 'incremental', whose replace by
    key would keep paths that ended. -#}
{%- macro bridge(src_pk, as_of_dates_table, bridge_walk, stage_tables_ldts=none, src_ldts=none, source_model=none) -%}
    {{- gata.check_required('bridge', {'src_pk': src_pk, 'as_of_dates_table': as_of_dates_table, 'bridge_walk': bridge_walk, 'src_ldts': src_ldts, 'source_model': source_model}) -}}
    {%- for step, w in bridge_walk.items() -%}
        {%- for p in ['link_table', 'link_pk', 'link_fk1', 'link_fk2', 'eff_sat_table', 'eff_sat_pk', 'eff_sat_end_date', 'eff_sat_load_date', 'bridge_link_pk', 'bridge_end_date', 'bridge_load_date'] -%}
            {%- if not w.get(p) -%}
                {{ exceptions.raise_compiler_error("gata.bridge: bridge_walk step '" ~ step ~ "' lacks '" ~ p ~ "' (model " ~ this ~ ")") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('bridge', 'gata')(src_pk, as_of_dates_table, bridge_walk, stage_tables_ldts, src_ldts, source_model)) }}
{%- endmacro -%}

{%- macro default__bridge(src_pk, as_of_dates_table, bridge_walk, stage_tables_ldts, src_ldts, source_model) -%}
{{ gata.pit_key_dates(src_pk, as_of_dates_table, stage_tables_ldts, source_model, rebuild_only=true) }}
{%- for step, w in bridge_walk.items() %},
active_{{ loop.index }} as (
    -- {{ step }}: relationships whose latest effectivity row by the as-of date is open
    select as_of_date, {{ w['eff_sat_pk'] }}, {{ w['eff_sat_end_date'] }}, {{ w['eff_sat_load_date'] }}
    from (
        select a.as_of_date, e.{{ w['eff_sat_pk'] }}, e.{{ w['eff_sat_end_date'] }}, e.{{ w['eff_sat_load_date'] }},
               row_number() over (partition by a.as_of_date, e.{{ w['eff_sat_pk'] }}
                                  order by e.{{ w['eff_sat_load_date'] }} desc, e.{{ w['eff_sat_end_date'] }}) as gata_rank
        from {{ ref(w['eff_sat_table']) }} as e
        join as_of_dates as a on e.{{ w['eff_sat_load_date'] }} <= a.as_of_date
    ) as latest
    where gata_rank = 1 and {{ gata.end_date_is_open(w['eff_sat_end_date']) }}
)
{%- endfor %},
new_rows as (
select k.{{ src_pk }}, k.as_of_date
{%- for step, w in bridge_walk.items() %},
       l{{ loop.index }}.{{ w['link_pk'] }} as {{ w['bridge_link_pk'] }},
       e{{ loop.index }}.{{ w['eff_sat_end_date'] }} as {{ w['bridge_end_date'] }},
       e{{ loop.index }}.{{ w['eff_sat_load_date'] }} as {{ w['bridge_load_date'] }}
{%- endfor %}
from key_dates as k
{%- set ns = namespace(prev_fk='k.' ~ src_pk) %}
{%- for step, w in bridge_walk.items() %}
join {{ ref(w['link_table']) }} as l{{ loop.index }} on l{{ loop.index }}.{{ w['link_fk1'] }} = {{ ns.prev_fk }}
join active_{{ loop.index }} as e{{ loop.index }}
  on e{{ loop.index }}.{{ w['eff_sat_pk'] }} = l{{ loop.index }}.{{ w['link_pk'] }} and e{{ loop.index }}.as_of_date = k.as_of_date
{%- set ns.prev_fk = 'l' ~ loop.index ~ '.' ~ w['link_fk2'] %}
{%- endfor %}
)
{%- set columns = [src_pk, 'as_of_date'] -%}
{%- for w in bridge_walk.values() -%}
    {%- do columns.extend([w['bridge_link_pk'], w['bridge_end_date'], w['bridge_load_date']]) -%}
{%- endfor %}
{{ gata.pit_result(src_pk, stage_tables_ldts, columns) }}
{%- endmacro -%}
