{#- pit_incremental and bridge_incremental (AutomateDV's names and semantics). A PIT or bridge is
    derived from the vault, not history: each run replaces the table's contents with the model's result.
    Under these materializations gata.pit / gata.bridge compute only the as-of dates that new loads can
    change (and new keys, new as-of dates) and add the table's other rows (gata.pit_result), so the
    result equals a full rebuild; as-of dates dropped from as_of_dates_table disappear.
    First run (or a view in its place): the table is created. --full-refresh drops and rebuilds it from
    scratch (nothing is lost: it is derived), unless the model's config full_refresh is false.
    Later runs: gata.replace_contents. -#}
{%- macro replace_derived_table(kind) -%}
    {{ return(gata.build_or_change_table(kind, sql, none, gata.replace_contents, {'kind': kind, 'sql': sql})) }}
{%- endmacro -%}

{#- The result goes to a temporary table, then the contents are replaced in one transaction (the table
    itself, its grants and its column types stay). A result whose columns differ from the table's (a
    satellite or step added or removed) fails, naming both lists, and writes nothing. -#}
{%- macro replace_contents(args, target_relation) -%}
    {%- set tmp_relation = make_temp_relation(target_relation, '__gata_result') -%}
    {% call statement('result') -%}
        {{ create_table_as(True, tmp_relation, args.sql) }}
    {%- endcall %}
    {%- set old = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | map('lower') | list -%}
    {%- set new = adapter.get_columns_in_relation(tmp_relation) | map(attribute='name') | map('lower') | list -%}
    {%- if old != new -%}
        {{- gata.materialization_error(args.kind, "its columns changed (table: " ~ old | join(', ') ~ "; model: " ~ new | join(', ')
            ~ "); nothing was written: rebuild it once with --full-refresh") -}}
    {%- endif -%}
    {% call statement('clear') -%}
        delete from {{ target_relation }}
    {%- endcall %}
    {%- do gata.insert_from('main', target_relation, tmp_relation, old) -%}
    {% do adapter.drop_relation(tmp_relation) %}
{%- endmacro -%}

{%- materialization pit_incremental, default -%}
    {{ return(gata.replace_derived_table('pit_incremental')) }}
{%- endmaterialization -%}

{%- materialization bridge_incremental, default -%}
    {{ return(gata.replace_derived_table('bridge_incremental')) }}
{%- endmaterialization -%}
