{#- Effectivity satellite: when each link relationship (src_pk) was open. A row whose end date is
    9999-12-31 opens the relationship, a row with a real end date closes it. With var
    `enable_auto_end_dating` a new relationship for a driving key (src_dfk) closes the open one of
    that driving key. A relationship first seen already closed is stored as it is; a close for a
    relationship known but not open is ignored. Source rows are replayed in load order after the
    target's current state, so several loads in one batch end-date correctly and a re-run inserts
    nothing. src_pk, src_dfk and src_sfk may be lists (composite keys; a column in several of them is
    selected once); inside, the relationship is compared as one value, gata_pk (gata.key_value). -#}
{%- macro eff_sat(src_pk, src_dfk, src_sfk, src_extra_columns=none, src_start_date=none, src_end_date=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('eff_sat', {'src_pk': src_pk, 'src_dfk': src_dfk, 'src_sfk': src_sfk, 'src_start_date': src_start_date, 'src_end_date': src_end_date, 'src_eff': src_eff, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('eff_sat', 'gata')(src_pk, src_dfk, src_sfk, src_extra_columns, src_start_date, src_end_date, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__eff_sat(src_pk, src_dfk, src_sfk, src_extra_columns, src_start_date, src_end_date, src_eff, src_ldts, src_source, source_model) -%}
{%- set auto_end = var('enable_auto_end_dating', false) | string | lower in ['true', '1', 'yes'] -%}
{%- set pk = gata.as_list(src_pk) -%}
{%- set keys = gata.unique_columns(pk + gata.as_list(src_dfk) + gata.as_list(src_sfk)) -%}
{%- set payload = gata.as_list(src_extra_columns) -%}
{%- set columns = keys + payload + [src_start_date, src_end_date, src_eff, src_ldts, src_source] -%}
{#- The state machine runs per driving key when auto end-dating (one open relationship per driving
    key), else per relationship. -#}
{%- set part = gata.as_list(src_dfk) if auto_end else pk -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_rows as (
    select {{ gata.column_list(columns) }}, {{ gata.key_value(pk) }} as gata_pk
    from {{ gata.source_relation(source_model) }}
    {{ gata.period_filter_clause() }}
),
{%- if incremental %}
target_latest as (
    select t.*, {{ gata.key_value(pk, 't.') }} as gata_pk,
           row_number() over (partition by {{ gata.column_list(pk, 't') }} order by t.{{ src_ldts }} desc, t.{{ src_end_date }} desc) as gata_rank
    from {{ this }} as t
),
horizon as (
    -- what the target already knows per partition: source rows up to here are replays
    select {{ gata.column_list(part) }}, max({{ src_ldts }}) as gata_horizon
    from {{ this }}
    group by {{ gata.column_list(part) }}
),
seed as (
    -- the currently open relationship(s): the starting state the new rows are replayed after
    select {{ gata.column_list(columns) }}, gata_pk, true as gata_is_seed, true as gata_in_target
    from (
        -- with auto end-dating one open relationship per driving key: the latest if data has more
        select target_latest.*, row_number() over (partition by {{ gata.column_list(part) }} order by {{ src_ldts }} desc, gata_pk) as gata_part_rank
        from target_latest
        where gata_rank = 1 and {{ gata.end_date_is_open(src_end_date) }}
    ) as open_now
    where gata_part_rank = 1
),
{%- endif %}
new_rows as (
    select {{ gata.column_list(columns, 's') }}, s.gata_pk, false as gata_is_seed,
           {% if incremental %}exists (select 1 from {{ this }} as t where {{ gata.key_join(pk, 't', 's') }}){% else %}false{% endif %} as gata_in_target
    from source_rows as s
    {%- if incremental %}
    left join horizon as h on {{ gata.key_join(part, 'h', 's') }}
    {%- endif %}
    where {{ gata.all_not_null(pk, 's.') }}
    {%- if incremental %}
      and (h.gata_horizon is null or s.{{ src_ldts }} > h.gata_horizon)
    {%- endif %}
),
events as (
    select distinct * from new_rows
    {%- if incremental %}
    union all
    select * from seed
    {%- endif %}
),
segmented as (
    -- every open row starts a segment; the close rows after it belong to its segment
    select e.*, {{ gata.end_date_is_open('e.' ~ src_end_date) }} as gata_is_open,
           sum(case when {{ gata.end_date_is_open('e.' ~ src_end_date) }} then 1 else 0 end) over (
               partition by {{ gata.column_list(part, 'e') }}
               order by e.gata_is_seed desc, e.{{ src_ldts }}, case when {{ gata.end_date_is_open('e.' ~ src_end_date) }} then 1 else 0 end, e.{{ src_eff }}, e.gata_pk
               rows between unbounded preceding and current row) as gata_segment
    from events as e
),
with_opener as (
    select s.*,
           max(case when s.gata_is_open then s.gata_pk end) over (partition by {{ gata.column_list(part, 's') }}, s.gata_segment) as gata_open_pk
    from segmented as s
),
flagged as (
    -- a close counts once, and only for the relationship its segment opened
    select w.*,
           case when not w.gata_is_open and w.gata_pk = w.gata_open_pk
                     and row_number() over (partition by {{ gata.column_list(part, 'w') }}, w.gata_segment, w.gata_is_open, w.gata_pk = w.gata_open_pk
                                            order by w.{{ src_ldts }}, w.{{ src_eff }}) = 1
                then true else false end as gata_is_close,
           -- a relationship first seen already closed (e.g. history on a first load) is kept as it is
           case when not w.gata_is_open and not w.gata_in_target
                     and row_number() over (partition by w.gata_pk order by w.{{ src_ldts }}, w.{{ src_eff }}, w.gata_is_open) = 1
                then true else false end as gata_is_history
    from with_opener as w
),
segments as (
    select {{ gata.column_list(part) }}, gata_segment, max(gata_open_pk) as gata_open_pk,
           max(case when gata_is_close then 1 else 0 end) = 1 as gata_closed
    from flagged
    where gata_segment > 0
    group by {{ gata.column_list(part) }}, gata_segment
),
opens as (
    -- an open row is a change unless the same relationship is already open
    select f.*, p.gata_open_pk as gata_prev_pk,
           (p.gata_open_pk is null or p.gata_closed or p.gata_open_pk <> f.gata_pk) as gata_is_change,
           (p.gata_open_pk is not null and not p.gata_closed and p.gata_open_pk <> f.gata_pk) as gata_ends_prev,
           -- a relationship seen before starts again at the new row's effective date (AutomateDV)
           case when not f.gata_is_seed
                     and (f.gata_in_target or count(*) over (partition by f.gata_pk order by f.gata_is_seed desc, f.{{ src_ldts }}, f.{{ src_eff }}
                                                             rows between unbounded preceding and 1 preceding) > 0)
                then f.{{ src_eff }} else f.{{ src_start_date }} end as gata_out_start
    from flagged as f
    left join segments as p
      on {{ gata.key_join(part, 'p', 'f') }} and p.gata_segment = f.gata_segment - 1
    where f.gata_is_open
),
run_starts as (
    -- start date of the run each segment belongs to: that of its last effective open row
    select {{ gata.column_list(gata.unique_columns(part + keys)) }}, gata_segment,
           last_value(case when gata_is_change or gata_is_seed then gata_out_start end ignore nulls) over (
               partition by {{ gata.column_list(part) }} order by gata_segment
               rows between unbounded preceding and current row) as gata_run_start
    from opens
)
-- relationships opened (or re-opened)
select {{ gata.column_list(keys + payload) }}, gata_out_start as {{ src_start_date }}, {{ src_end_date }}, {{ src_eff }}, {{ src_ldts }}, {{ src_source }}
from opens
where gata_is_change and not gata_is_seed
union all
-- relationships closed by a source row
select {{ gata.column_list(keys + payload, 'f') }}, r.gata_run_start as {{ src_start_date }}, f.{{ src_end_date }},
       f.{{ src_eff }}, f.{{ src_ldts }}, f.{{ src_source }}
from flagged as f
join run_starts as r on {{ gata.key_join(part, 'r', 'f') }} and r.gata_segment = f.gata_segment
where f.gata_is_close and not f.gata_is_seed
union all
select {{ gata.column_list(columns) }}
from flagged
where gata_is_history
{%- if auto_end %}
union all
-- auto end-dating: the driving key's previous relationship ends when the new one takes effect
select {{ gata.column_list(keys, 'r') }}, {{ gata.column_list(payload, 'o') }}{{ ', ' if payload }}r.gata_run_start as {{ src_start_date }},
       o.{{ src_eff }} as {{ src_end_date }}, o.{{ src_eff }}, o.{{ src_ldts }}, o.{{ src_source }}
from opens as o
join run_starts as r on {{ gata.key_join(part, 'r', 'o') }} and r.gata_segment = o.gata_segment - 1
where o.gata_ends_prev and not o.gata_is_seed
{%- endif %}
{%- endmacro -%}

{#- An end date meaning "still open": AutomateDV's max datetime (9999-12-31), or none. -#}
{%- macro end_date_is_open(end_date_column) -%}
    ({{ end_date_column }} is null or cast({{ end_date_column }} as date) = date '9999-12-31')
{%- endmacro -%}
