{#- The hashing vars, validated once so a typo fails loudly instead of silently hashing with MD5. -#}
{%- macro hash_algorithm() -%}
    {%- set algo = (var('hash', 'MD5') | string | upper) -%}
    {%- if algo not in ['MD5', 'SHA', 'SHA1'] -%}
        {{- exceptions.raise_compiler_error("gata: var 'hash' must be MD5, SHA or SHA1, got '" ~ algo ~ "'") -}}
    {%- endif -%}
    {{- return(algo) -}}
{%- endmacro -%}

{%- macro hash_output() -%}
    {%- set out = (var('hash_output', 'BINARY') | string | upper) -%}
    {%- if out not in ['BINARY', 'HEX', 'NUMBER'] -%}
        {{- exceptions.raise_compiler_error("gata: var 'hash_output' must be BINARY, HEX or NUMBER, got '" ~ out ~ "'") -}}
    {%- endif -%}
    {%- if out == 'NUMBER' and gata.hash_algorithm() != 'MD5' -%}
        {{- exceptions.raise_compiler_error("gata: hash_output NUMBER is only available with hash MD5 (DuckDB's md5_number)") -}}
    {%- endif -%}
    {{- return(out) -}}
{%- endmacro -%}

{#- Number of hex characters of a digest of the configured algorithm. -#}
{%- macro hash_hex_length() -%}
    {{- return({'MD5': 32, 'SHA': 64, 'SHA1': 40}[gata.hash_algorithm()]) -}}
{%- endmacro -%}
