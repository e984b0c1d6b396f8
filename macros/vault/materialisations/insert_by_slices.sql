{#- The frame of the vault materializations: pre-hooks; then either create the table from create_sql
    (no table yet, a view in its place, or --full-refresh, which a model's `full_refresh: false` config
    refuses: Gata's vault history guard) or change the existing table with change(args, target_relation),
    which runs the 'main' statement; post-hooks, commit. -#}
{%- macro build_or_change_table(kind, create_sql, created_note, change, args) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing = load_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing is none or existing.type != 'table' or should_full_refresh() -%}
        {%- if existing is not none -%}{% do adapter.drop_relation(existing) %}{%- endif -%}
        {% call statement('main') -%}
            {{ create_table_as(False, target_relation, create_sql) }}
        {%- endcall %}
        {%- if created_note -%}{% do log(kind ~ ": created " ~ target_relation ~ " " ~ created_note, info=True) %}{%- endif -%}
    {%- else -%}
        {%- do change(args, target_relation) -%}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmacro -%}

{#- `insert into target (columns) select columns from source` as the statement `name`. -#}
{%- macro insert_from(name, target_relation, source_relation, columns) -%}
    {%- set quoted = [] -%}{%- for c in columns -%}{%- do quoted.append(adapter.quote(c)) -%}{%- endfor -%}
    {% call statement(name) -%}
        insert into {{ target_relation }} ({{ quoted | join(', ') }})
        select {{ quoted | join(', ') }} from {{ source_relation }}
    {%- endcall %}
{%- endmacro -%}

{#- The body shared by vault_insert_by_period and vault_insert_by_rank (AutomateDV's semantics). The run
    that creates the table loads slice 0 only, AutomateDV's "base load": the model's SQL was compiled before
    the table existed, so it cannot compare with it. Every later run inserts slices 0 .. n_slices - 1 in
    order (gata.load_slices). slicer(params, i) returns {sql: the model SQL bound to slice i, label: how logs
    name it}. -#}
{%- macro insert_by_slices(kind, n_slices, slicer, params) -%}
    {%- set first = slicer(params, 0) -%}
    {{ return(gata.build_or_change_table(kind, first.sql, "with " ~ first.label ~ " (base load); run it again to load the rest",
                                         gata.load_slices, {'kind': kind, 'n_slices': n_slices, 'slicer': slicer, 'params': params})) }}
{%- endmacro -%}

{#- Slices 0 .. n_slices - 1 into the existing table, each through a temporary table, each compared by the
    vault macros with the table as the slices before it left it, so a slice loaded before adds nothing
    (idempotent re-runs); each slice is committed, so a failed run keeps the slices it loaded. -#}
{%- macro load_slices(args, target_relation) -%}
    {%- set columns = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | map('string') | list -%}
    {%- for i in range(args.n_slices) -%}
        {%- set piece = args.slicer(args.params, i) -%}
        {%- set tmp_relation = make_temp_relation(target_relation, '__gata_slice') -%}
        {% call statement('slice_' ~ i) -%}
            {{ create_table_as(True, tmp_relation, piece.sql) }}
        {%- endcall %}
        {%- set inserted = run_query('select count(*) from ' ~ tmp_relation).rows[0][0] -%}
        {%- do gata.insert_from('main' if loop.last else 'insert_' ~ i, target_relation, tmp_relation, columns) -%}
        {% do adapter.drop_relation(tmp_relation) %}
        {#- the last slice is committed with the post-hooks -#}
        {%- if not loop.last -%}{% do adapter.commit() %}{%- endif -%}
        {% do log(args.kind ~ ": " ~ target_relation ~ " " ~ piece.label ~ " (" ~ (i + 1) ~ " of " ~ args.n_slices ~ "): " ~ inserted ~ " row(s) inserted", info=True) %}
    {%- endfor -%}
    {%- if args.n_slices == 0 -%}
        {% call statement('main') -%} select 1 {%- endcall %}
    {%- endif -%}
{%- endmacro -%}
