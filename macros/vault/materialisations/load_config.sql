{#- Config checks shared by the vault materializations: a bad value fails before anything is
    written, naming the materialization, the model, the config and what it accepts. -#}

{%- macro materialization_error(kind, message) -%}
    {{- exceptions.raise_compiler_error(kind ~ ": model " ~ this ~ ": " ~ message) -}}
{%- endmacro -%}

{#- One config of a materialization, checked (full match, never a prefix). expected:
    'identifier': a column name (letters, digits, _ and $, not starting with a digit);
    'models': a model name or a list of them (returned as a list);
    'date': YYYY-MM-DD, optionally with ' HH:MM[:SS[.ffffff]]' and a UTC offset (+02, -05:30, Z); a YAML
            date passes too (returned as text);
    'word': a name such as a period (returned lower-cased).
    A missing (none) value returns none, or fails when required. -#}
{%- macro materialization_config(kind, name, expected, required=false, default=none) -%}
    {%- set value = config.get(name, default) -%}
    {%- set accepts = {
        'identifier': 'a column name (letters, digits, _)',
        'models': 'a model name or a list of model names',
        'date': "a date 'YYYY-MM-DD' or a timestamp 'YYYY-MM-DD HH:MM:SS' (optionally with a UTC offset such as +02)",
        'word': 'a word such as day'}[expected] -%}
    {%- if value is none -%}
        {%- if required -%}
            {{- gata.materialization_error(kind, "config " ~ name ~ " is required: " ~ accepts) -}}
        {%- endif -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set re = modules.re -%}
    {%- set ident = '[A-Za-z_][A-Za-z0-9_$]*' -%}
    {%- if expected == 'models' -%}
        {%- set items = [value] if value is string else (value if value is iterable and value is not mapping else none) -%}
        {%- set ok = items is not none and items | length > 0 -%}
        {%- for m in items or [] if not (m is string and re.fullmatch('[A-Za-z0-9_]+', m)) -%}{%- set ok = false -%}{%- endfor -%}
        {%- if ok -%}{{- return(items | list) -}}{%- endif -%}
    {%- elif expected == 'date' -%}
        {%- set text = value | string -%}
        {%- set date_re = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])([ T]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,6})?)?)?( ?([+-]\\d{2}(:?\\d{2})?|Z))?' -%}
        {%- if (value is string or value is not iterable) and value is not number and re.fullmatch(date_re, text) -%}
            {{- return(text) -}}
        {%- endif -%}
    {%- elif value is string and re.fullmatch(ident if expected == 'identifier' else '[A-Za-z]+', value) -%}
        {{- return(value if expected == 'identifier' else value | lower) -}}
    {%- endif -%}
    {%- set form = 'text' if value is string else ('a number' if value is number else ('a mapping' if value is mapping else ('a list' if value is iterable else 'another type'))) -%}
    {{- gata.materialization_error(kind, "config " ~ name ~ " must be " ~ accepts ~ ", got " ~ (value | string) ~ " (" ~ form ~ ")") -}}
{%- endmacro -%}

{#- AutomateDV's limit on the iterations of a vault_insert_by_* load. -#}
{%- macro max_load_iterations() -%}{{ return(100000) }}{%- endmacro -%}

{%- macro check_iterations(kind, n, what) -%}
    {%- if n > gata.max_load_iterations() -%}
        {{- gata.materialization_error(kind, what ~ " would take " ~ n ~ " iterations; max iterations is 100,000. "
            ~ "Consider a larger period (e.g. day), a rank column or loading a shorter time range.") -}}
    {%- endif -%}
{%- endmacro -%}

{#- The placeholder a sliced load binds (__PERIOD_FILTER__, __RANK_FILTER__) must be in the model's SQL:
    the gata vault macros add it by themselves (gata.period_filter_clause), hand-written SQL must too. -#}
{%- macro check_placeholder(kind, placeholder, sql) -%}
    {%- if placeholder not in sql -%}
        {{- gata.materialization_error(kind, "has no " ~ placeholder ~ " placeholder in its SQL (the gata vault macros add it; "
            ~ "hand-written SQL needs `where " ~ placeholder ~ "` on its source rows)") -}}
    {%- endif -%}
{%- endmacro -%}
