{#- Placeholder with the core helper's contract (replaced at merge): the all-zero hash key for the
    configured `hash` (MD5 16 bytes, SHA 32, SHA1 20) and `hash_output` (BINARY blob | HEX text). -#}
{%- macro ghost_key_literal() -%}
    {%- set n_bytes = {'MD5': 16, 'SHA': 32, 'SHA1': 20}[var('hash', 'MD5') | upper] -%}
    {%- if var('hash_output', 'BINARY') | upper == 'HEX' -%}
        '{{ '0' * (2 * n_bytes) }}'
    {%- else -%}
        unhex('{{ '0' * (2 * n_bytes) }}')
    {%- endif -%}
{%- endmacro -%}
