{#- Helpers of vault_insert_by_rank. -#}

{#- The highest rank_column value over rank_source_models (0 when they hold no rows). Fails naming the
    model when a rank source lacks the column or holds no integer ranks in it. -#}
{%- macro rank_max(kind, rank_column, rank_source_models) -%}
    {%- set parts = [] -%}
    {%- for m in rank_source_models -%}
        {%- set relation = ref(m) -%}
        {%- set matches = [] -%}
        {%- for c in adapter.get_columns_in_relation(relation) if c.name | lower == rank_column | lower -%}{%- do matches.append(c) -%}{%- endfor -%}
        {%- if not matches -%}
            {{- gata.materialization_error(kind, "rank_column '" ~ rank_column ~ "' is not a column of rank source model " ~ m
                ~ " (rank it in the stage: ranked_columns={'" ~ rank_column ~ "': {'partition_by': ..., 'order_by': ...}})") -}}
        {%- endif -%}
        {%- if not matches[0].is_integer() -%}
            {{- gata.materialization_error(kind, "rank_column '" ~ rank_column ~ "' of rank source model " ~ m ~ " is "
                ~ matches[0].dtype ~ ", not an integer rank (RANK() or DENSE_RANK())") -}}
        {%- endif -%}
        {%- do parts.append('select max(' ~ gata.escape(rank_column) ~ ') as gata_rank from ' ~ relation) -%}
    {%- endfor -%}
    {%- set top = run_query('select coalesce(max(gata_rank), 0) from (' ~ parts | join(' union all ') ~ ') as ranks').rows[0][0] -%}
    {{ return(top | int) }}
{%- endmacro -%}

{#- The SQL condition of one rank: rank_column = rank. Dispatched: an adapter whose rank column is
    not an integer type can cast it. -#}
{%- macro rank_filter(rank_column, rank) -%}
    {{- return(adapter.dispatch('rank_filter', 'gata')(rank_column, rank)) -}}
{%- endmacro -%}

{%- macro default__rank_filter(rank_column, rank) -%}
    {{- return(gata.escape(rank_column) ~ ' = ' ~ (rank | int)) -}}
{%- endmacro -%}

{#- Slice i of a rank load (gata.insert_by_slices): the model SQL with __RANK_FILTER__ bound to rank
    i + 1. params: {sql, rank_column}. -#}
{%- macro rank_slice(params, i) -%}
    {{ return({'sql': params.sql | replace('__RANK_FILTER__', gata.rank_filter(params.rank_column, i + 1)),
               'label': 'rank ' ~ (i + 1) ~ ' of ' ~ params.rank_column}) }}
{%- endmacro -%}
