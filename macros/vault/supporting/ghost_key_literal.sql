{#- The all-zero key of the configured algorithm and output type: the hash key (and hashdiff) of ghost
    records, and what pit/bridge tables point to when a satellite has no row for a date. -#}
{%- macro ghost_key_literal() -%}
    {{- adapter.dispatch('ghost_key_literal', 'gata')() -}}
{%- endmacro -%}

{%- macro default__ghost_key_literal() -%}
    '{{ "0" * gata.hash_hex_length() }}'
{%- endmacro -%}

{%- macro duckdb__ghost_key_literal() -%}
    {%- set out = gata.hash_output() -%}
    {%- if out == 'BINARY' -%}
        unhex('{{ "0" * gata.hash_hex_length() }}')
    {%- elif out == 'NUMBER' -%}
        CAST(0 AS UHUGEINT)
    {%- else -%}
        '{{ "0" * gata.hash_hex_length() }}'
    {%- endif -%}
{%- endmacro -%}
