{#- Generic data test: no two rows of `model` share the values of `columns` (a grain made of several
    columns; NULLs count as equal values). Fails with one row per duplicated combination. Columns come
    from the registry (gata_marts.grain) or the vault key names: checked as identifiers first. -#}
{% test unique_combination_of_columns(model, columns) %}
    {%- set cols = [columns] if columns is string else columns -%}
    {%- if not cols -%}
        {{ exceptions.raise_compiler_error("gata.unique_combination_of_columns: no columns given for " ~ model) }}
    {%- endif -%}
    {%- for c in cols -%}{%- do gata._engine_check_ident(c, 'column of unique_combination_of_columns') -%}{%- endfor %}
select
    {{ cols | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ cols | join(', ') }}
having count(*) > 1
{% endtest %}
