{#- null_columns {required: [...], optional: [...]} as {lower(column): replacement}; required keys get
    var null_key_required ('-1'), optional ones var null_key_optional ('-2'). The kinds are matched
    case-insensitively: AutomateDV's documentation writes REQUIRED / OPTIONAL. -#}
{%- macro null_column_defaults(null_columns) -%}
    {%- set out = {} -%}
    {%- if null_columns is none -%}{{- return(out) -}}{%- endif -%}
    {%- if null_columns is not mapping -%}
        {{- exceptions.raise_compiler_error("gata.stage: null_columns must be {required: [...], optional: [...]}, got " ~ null_columns) -}}
    {%- endif -%}
    {%- for kind in null_columns -%}
        {%- if kind is not string or kind | lower not in ['required', 'optional'] -%}
            {{- exceptions.raise_compiler_error("gata.stage: null_columns key must be required or optional (any case), got '" ~ kind ~ "' (model " ~ this ~ ")") -}}
        {%- endif -%}
        {%- set replacement = var('null_key_required', '-1') if kind | lower == 'required' else var('null_key_optional', '-2') -%}
        {%- for c in gata.as_list(null_columns[kind]) -%}{%- do out.update({c | lower: replacement}) -%}{%- endfor -%}
    {%- endfor -%}
    {{- return(out) -}}
{%- endmacro -%}

{#- In the null_columns step: `<col>_ORIGINAL` keeps the value as staged, `<col>` gets the default when NULL. -#}
{%- macro null_column_expression(column, nulls) -%}
    {%- set low = column | lower -%}
    {%- if low.endswith('_original') and low[:-9] in nulls -%}
        {{- gata.escape(column[:-9]) }} AS {{ gata.escape(column) -}}
    {%- elif low in nulls -%}
        COALESCE({{ gata.escape(column) }}, {{ gata.sql_str(nulls[low]) }}) AS {{ gata.escape(column) }}
    {%- else -%}
        {{- gata.escape(column) -}}
    {%- endif -%}
{%- endmacro -%}
