{#- Hash expression for one or more columns, AutomateDV's conventions:
    - one column: digest of the standardised value; NULL stays NULL;
    - several columns: digest of CONCAT_WS(concat_string, COALESCE(std(c), null_placeholder_string), ...);
      a key made of NULLs only is NULL (the all-placeholder string is nulled before hashing);
    - null_if_any_null (an extension of ours): NULL as soon as ANY column is NULL or empty after trimming,
      e.g. a tenant-prefixed key whose business key is missing; a complete key hashes exactly as without it;
    - hashdiff: columns sorted alphabetically, always hashed (no all-NULL rule), one column included. -#}
{%- macro hash(columns, alias=none, is_hashdiff=false, null_if_any_null=false) -%}
    {%- if gata.as_list(columns) | length == 0 -%}
        {{- exceptions.raise_compiler_error("gata.hash: no columns to hash" ~ (" for '" ~ alias ~ "'" if alias else "")) -}}
    {%- endif -%}
    {{- adapter.dispatch('hash', 'gata')(columns, alias, is_hashdiff, null_if_any_null) -}}
{%- endmacro -%}

{%- macro default__hash(columns, alias, is_hashdiff, null_if_any_null) -%}
    {%- set cols = gata.as_list(columns) -%}
    {%- set concat = var('concat_string', '||') -%}
    {%- set placeholder = var('null_placeholder_string', '^^') -%}
    {%- if is_hashdiff -%}
        {%- set cols = cols | sort(case_sensitive=false) -%}
    {%- endif -%}
    {%- if cols | length == 1 and not is_hashdiff -%}
        {%- set payload = gata.standardise_column(cols[0]) -%}
    {%- else -%}
        {%- set parts = [] -%}
        {%- for c in cols -%}
            {%- do parts.append("COALESCE(" ~ gata.standardise_column(c) ~ ", " ~ gata.sql_str(placeholder) ~ ")") -%}
        {%- endfor -%}
        {%- set payload = "CONCAT_WS(" ~ gata.sql_str(concat) ~ ", " ~ parts | join(", ") ~ ")" -%}
        {%- if not is_hashdiff -%}
            {%- set all_null = ([placeholder] * (cols | length)) | join(concat) -%}
            {%- set payload = "NULLIF(" ~ payload ~ ", " ~ gata.sql_str(all_null) ~ ")" -%}
        {%- endif -%}
    {%- endif -%}
    {%- set digest = gata.hash_function(payload) -%}
    {%- if null_if_any_null and not is_hashdiff -%}
        {%- set missing = [] -%}
        {%- for c in cols -%}{%- do missing.append(gata.standardise_column(c) ~ " IS NULL") -%}{%- endfor -%}
        {%- set digest = "CASE WHEN " ~ missing | join(" OR ") ~ " THEN NULL ELSE " ~ digest ~ " END" -%}
    {%- endif -%}
    {{- digest -}}{%- if alias %} AS {{ gata.escape(alias) }}{%- endif -%}
{%- endmacro -%}

{#- The digest of a text expression in the configured algorithm and output type. -#}
{%- macro hash_function(expression) -%}
    {{- adapter.dispatch('hash_function', 'gata')(expression) -}}
{%- endmacro -%}

{%- macro default__hash_function(expression) -%}
    {#- Portable fallback: dbt's cross-database md5 as text. -#}
    {%- if gata.hash_algorithm() != 'MD5' or gata.hash_output() != 'HEX' -%}
        {{- exceptions.raise_compiler_error("gata: on " ~ adapter.type() ~ " only hash MD5 with hash_output HEX is implemented") -}}
    {%- endif -%}
    UPPER({{ dbt.hash(expression) }})
{%- endmacro -%}

{%- macro duckdb__hash_function(expression) -%}
    {%- set algo = gata.hash_algorithm() -%}
    {%- set out = gata.hash_output() -%}
    {%- if out == 'NUMBER' -%}
        {#- 128-bit integer digest: cheaper to compare and join than a BLOB (benchmarks/bench_hash_types.py). -#}
        md5_number({{ expression }})
    {%- else -%}
        {%- set fn = {'MD5': 'md5', 'SHA': 'sha256', 'SHA1': 'sha1'}[algo] -%}
        {%- if out == 'BINARY' -%}
            unhex({{ fn }}({{ expression }}))
        {%- else -%}
            UPPER({{ fn }}({{ expression }}))
        {%- endif -%}
    {%- endif -%}
{%- endmacro -%}
