{#- The body shared by vault_insert_by_period and vault_insert_by_rank (AutomateDV's semantics).
    The run that creates the table (none yet, a view in its place, or --full-refresh, which a model's
    `full_refresh: false` config refuses: Gata's vault history guard) loads slice 0 only, AutomateDV's
    "base load": the model's SQL was compiled before the table existed, so it cannot compare with it.
    Every later run inserts slices 0 .. n_slices - 1 in order, each through a temporary table, each
    compared by the vault macros with the table as the slices before it left it, so a slice loaded
    before adds nothing (idempotent re-runs); each slice is committed, so a failed run keeps the slices
    it loaded. slicer(params, i) returns {sql: the model SQL bound to slice i, label: how logs name it}. -#}
{%- macro insert_by_slices(kind, n_slices, slicer, params) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing = load_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing is none or existing.type != 'table' or should_full_refresh() -%}
        {%- if existing is not none -%}{% do adapter.drop_relation(existing) %}{%- endif -%}
        {%- set first = slicer(params, 0) -%}
        {% call statement('main') -%}
            {{ create_table_as(False, target_relation, first.sql) }}
        {%- endcall %}
        {% do log(kind ~ ": created " ~ target_relation ~ " with " ~ first.label ~ " (base load); run it again to load the rest", info=True) %}
    {%- else -%}
        {%- set columns = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | map('string') | list -%}
        {%- set quoted = [] -%}{%- for c in columns -%}{%- do quoted.append(adapter.quote(c)) -%}{%- endfor -%}
        {%- for i in range(n_slices) -%}
            {%- set piece = slicer(params, i) -%}
            {%- set tmp_relation = make_temp_relation(target_relation, '__gata_slice') -%}
            {% call statement('slice_' ~ i) -%}
                {{ create_table_as(True, tmp_relation, piece.sql) }}
            {%- endcall %}
            {%- set inserted = run_query('select count(*) from ' ~ tmp_relation).rows[0][0] -%}
            {% call statement('main' if loop.last else 'insert_' ~ i) -%}
                insert into {{ target_relation }} ({{ quoted | join(', ') }})
                select {{ quoted | join(', ') }} from {{ tmp_relation }}
            {%- endcall %}
            {% do adapter.drop_relation(tmp_relation) %}
            {#- the last slice is committed with the post-hooks below -#}
            {%- if not loop.last -%}{% do adapter.commit() %}{%- endif -%}
            {% do log(kind ~ ": " ~ target_relation ~ " " ~ piece.label ~ " (" ~ (i + 1) ~ " of " ~ n_slices ~ "): " ~ inserted ~ " row(s) inserted", info=True) %}
        {%- endfor -%}
        {%- if n_slices == 0 -%}
            {% call statement('main') -%} select 1 {%- endcall %}
        {%- endif -%}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmacro -%}
