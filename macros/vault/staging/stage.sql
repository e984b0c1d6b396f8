{#- Staging view for the vault: source columns, then derived, null-key, hashed and ranked columns,
    evaluated in that order (as AutomateDV), so a hash may use a derived or null-replaced column. -#}
{%- macro stage(include_source_columns=true, source_model=none, hashed_columns=none, derived_columns=none, null_columns=none, ranked_columns=none) -%}
    {%- if source_model is none -%}
        {{- exceptions.raise_compiler_error("gata.stage: source_model is required") -}}
    {%- endif -%}
    {{- return(adapter.dispatch('stage', 'gata')(include_source_columns, source_model, hashed_columns, derived_columns, null_columns, ranked_columns)) -}}
{%- endmacro -%}

{%- macro default__stage(include_source_columns, source_model, hashed_columns, derived_columns, null_columns, ranked_columns) -%}
    {%- set src = gata.source_relation(source_model) -%}
    {%- set source_cols = gata.relation_column_names(src) -%}
    {%- set derived = derived_columns or {} -%}
    {%- set hashed = hashed_columns or {} -%}
    {%- set ranked = ranked_columns or {} -%}
    {%- set nulls = gata.null_column_defaults(null_columns) -%}

    {#- Columns after each step, in order; a later step's column replaces an earlier one of the same name. -#}
    {%- set after_derived = gata.replace_columns(source_cols, derived.keys() | list) -%}
    {%- set after_nulls = [] -%}
    {%- for c in after_derived -%}
        {%- if c | lower in nulls -%}{%- do after_nulls.append(c ~ '_ORIGINAL') -%}{%- endif -%}
        {%- do after_nulls.append(c) -%}
    {%- endfor -%}
    {%- set after_hashed = gata.replace_columns(after_nulls, hashed.keys() | list) -%}
    {%- set after_ranked = gata.replace_columns(after_hashed, ranked.keys() | list) -%}

    {%- if include_source_columns -%}
        {%- set final_cols = after_ranked -%}
    {%- else -%}
        {%- set added = (derived.keys() | list) + (hashed.keys() | list) + (ranked.keys() | list) -%}
        {%- set added_lower = added | map('lower') | list -%}
        {%- set final_cols = [] -%}
        {%- for c in after_ranked -%}
            {%- set is_original = (c | lower).endswith('_original') and (c[:-9] | lower) in nulls -%}
            {%- if c | lower in added_lower or c | lower in nulls or is_original -%}
                {%- do final_cols.append(c) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}
with source_data as (
    select * from {{ src }}
),
derived_columns as (
    select
    {%- for c in after_derived %}
        {{ gata.derived_column_expression(derived[c], c) if c in derived else gata.escape(c) }}{{ "," if not loop.last }}
    {%- endfor %}
    from source_data
),
null_columns as (
    select
    {%- for c in after_nulls %}
        {{ gata.null_column_expression(c, nulls) }}{{ "," if not loop.last }}
    {%- endfor %}
    from derived_columns
),
hashed_columns as (
    select
    {%- for c in after_hashed %}
        {{ gata.hashed_column_expression(hashed[c], c, after_derived) if c in hashed else gata.escape(c) }}{{ "," if not loop.last }}
    {%- endfor %}
    from null_columns
),
ranked_columns as (
    select
    {%- for c in after_ranked %}
        {{ gata.ranked_column_expression(ranked[c], c) if c in ranked else gata.escape(c) }}{{ "," if not loop.last }}
    {%- endfor %}
    from hashed_columns
)
select
{%- for c in final_cols %}
    {{ gata.escape(c) }}{{ "," if not loop.last }}
{%- endfor %}
from ranked_columns
{%- endmacro -%}

{#- Column names of a relation at execution time; at parse time no database is consulted. -#}
{%- macro relation_column_names(relation) -%}
    {%- if not execute -%}{{- return([]) -}}{%- endif -%}
    {%- set names = [] -%}
    {%- for col in adapter.get_columns_in_relation(gata.unit_test_input_relation(relation)) -%}{%- do names.append(col.name) -%}{%- endfor -%}
    {%- if names | length == 0 -%}
        {{- exceptions.raise_compiler_error("gata: source " ~ relation ~ " of model " ~ this ~ " has no columns (does it exist?)") -}}
    {%- endif -%}
    {{- return(names) -}}
{%- endmacro -%}

{#- {lower-case column name: its data type} of a relation at execution time ({} at parse time). -#}
{%- macro relation_column_types(relation) -%}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for col in adapter.get_columns_in_relation(gata.unit_test_input_relation(relation)) -%}{%- do types.update({col.name | lower: col.data_type}) -%}{%- endfor -%}
    {%- endif -%}
    {{- return(types) -}}
{%- endmacro -%}

{#- `columns` with names from `new_names` replacing same-named ones (case-insensitively) in place,
    the others appended in the given order. -#}
{%- macro replace_columns(columns, new_names) -%}
    {%- set new_lower = {} -%}
    {%- for n in new_names -%}{%- do new_lower.update({n | lower: n}) -%}{%- endfor -%}
    {%- set out = [] -%}
    {%- set seen = [] -%}
    {%- for c in columns -%}
        {%- if c | lower in new_lower -%}
            {%- do out.append(new_lower[c | lower]) -%}{%- do seen.append(c | lower) -%}
        {%- else -%}
            {%- do out.append(c) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for n in new_names -%}
        {%- if n | lower not in seen -%}{%- do out.append(n) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(out) -}}
{%- endmacro -%}

{#- In a dbt unit test a ref() renders as the fixture CTE `__dbt__cte__<name>`, which the database cannot
    describe; the fixture has the columns of the model or seed it replaces, so describe that one instead. -#}
{%- macro unit_test_input_relation(relation) -%}
    {%- set prefix = '__dbt__cte__' -%}
    {%- set identifier = relation.identifier or '' -%}
    {%- if not identifier.startswith(prefix) -%}{{- return(relation) -}}{%- endif -%}
    {%- set name = identifier[prefix | length:] -%}
    {#- the graph is not always available to unit tests; then try the target schema -#}
    {%- set places = [] -%}
    {%- for node in (graph.get('nodes') or {}).values() if node.name == name and node.resource_type in ['model', 'seed', 'snapshot'] -%}
        {%- do places.append((node.database, node.schema, node.alias)) -%}
    {%- endfor -%}
    {%- do places.append((target.database, target.schema, name)) -%}
    {#- dbt gives unit tests no graph: a model in a custom schema is found by its unique name instead -#}
    {%- set named = run_query("select table_catalog, table_schema from information_schema.tables where table_name = "
                              ~ gata.sql_str(name) ~ " order by all") -%}
    {%- if named.rows | length == 1 -%}{%- do places.append((named.rows[0][0], named.rows[0][1], name)) -%}{%- endif -%}
    {%- for database, schema, identifier in places -%}
        {%- set found = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
        {%- if found is not none -%}{{- return(found) -}}{%- endif -%}
    {%- endfor -%}
    {{- return(relation) -}}
{%- endmacro -%}
