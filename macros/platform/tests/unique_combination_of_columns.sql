{#- Generic data test: no two rows of `model` share the values of `columns` (a grain made of several
    columns; NULLs count as equal values). Fails with one row per duplicated combination. -#}
{% test unique_combination_of_columns(model, columns) %}
{{ gata._duplicate_combinations(model, columns, 'gata.unique_combination_of_columns') }}
{% endtest %}

{#- One row per combination of `columns` that more than one row of `relation` (a relation or a
    parenthesised query with an alias) shares. Columns come from the registry (gata_marts.grain) or
    vault key names: checked as identifiers first. -#}
{% macro _duplicate_combinations(relation, columns, test_name) -%}
    {%- set cols = [columns] if columns is string else columns -%}
    {%- if not cols -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": no columns given for " ~ relation) }}
    {%- endif -%}
    {%- for c in cols -%}{%- do gata._engine_check_ident(c, 'column of ' ~ test_name) -%}{%- endfor %}
select
    {{ cols | join(', ') }},
    count(*) as n_rows
from {{ relation }}
group by {{ cols | join(', ') }}
having count(*) > 1
{%- endmacro %}
