{#- One ranked column {partition_by, order_by, dense_rank}: RANK() (or DENSE_RANK()) over the window.
    order_by may be a column, a list, or {column: ASC|DESC}. -#}
{%- macro ranked_column_expression(value, alias) -%}
    {%- if value is not mapping or 'order_by' not in value -%}
        {{- exceptions.raise_compiler_error("gata.stage: ranked column '" ~ alias ~ "' needs {partition_by, order_by}") -}}
    {%- endif -%}
    {%- set fn = 'DENSE_RANK' if value.get('dense_rank', false) else 'RANK' -%}
    {%- set order = [] -%}
    {%- if value['order_by'] is mapping -%}
        {%- for c, direction in value['order_by'].items() -%}
            {%- if direction | upper not in ['ASC', 'DESC'] -%}
                {{- exceptions.raise_compiler_error("gata.stage: ranked column '" ~ alias ~ "': order must be ASC or DESC, got " ~ direction) -}}
            {%- endif -%}
            {%- do order.append(gata.escape(c) ~ ' ' ~ direction | upper) -%}
        {%- endfor -%}
    {%- else -%}
        {%- set order = gata.escape_list(value['order_by']) -%}
    {%- endif -%}
    {%- set partition = gata.escape_list(value.get('partition_by')) -%}
    {{ fn }}() OVER ({% if partition %}PARTITION BY {{ partition | join(', ') }} {% endif %}ORDER BY {{ order | join(', ') }}) AS {{ gata.escape(alias) }}
{%- endmacro -%}
