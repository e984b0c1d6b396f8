{#- Data tests of the shared vault, scoped to the tenants a run selected: one tenant's bad rows fail
    that tenant's builds and the whole-project build, never another tenant's `--select tenant:<slug>`. -#}

{% test tenant_scoped_not_null(model, column_name) %}
    {%- do gata._engine_check_ident(column_name, 'column of gata.tenant_scoped_not_null') %}
select *
from {{ model }}
where {{ gata.tenant_scope_condition() }}
  and {{ column_name }} is null
{% endtest %}

{% test tenant_scoped_unique(model, columns) %}
{{ gata._duplicate_combinations('(select * from ' ~ model ~ ' where ' ~ gata.tenant_scope_condition() ~ ') as scoped',
                                columns, 'gata.tenant_scoped_unique') }}
{% endtest %}

{#- SQL condition on tenant_slug: the selected tenants' rows, or every row (`1 = 1`) when the run
    selected every tenant or none in particular (rows without a tenant are checked only then). -#}
{% macro tenant_scope_condition() -%}
    {%- set tenants = gata.selected_tenants() -%}
    {%- if tenants is none -%}{{- return('1 = 1') -}}{%- endif -%}
    {%- set quoted = [] -%}
    {%- for t in tenants -%}{%- do quoted.append(gata.sql_str(t)) -%}{%- endfor -%}
    {{- return('tenant_slug in (' ~ quoted | join(', ') ~ ')') -}}
{%- endmacro %}

{#- Sorted slugs of the tenants whose staging models the run selected (a staging model in
    selected_resources, or a parent of a selected test: `dbt test` selects only tests); none when
    that is every tenant of the project or none of them. In a tenant scope never none: the scope's
    tenants when the run selected none of them in particular. Computed once per invocation. -#}
{% macro selected_tenants() -%}
    {%- set cache = gata.invocation_cache() -%}
    {%- if 'selected_tenants' not in cache -%}
        {%- set nodes = graph.get('nodes') or {} -%}
        {%- set staging = {} -%}
        {%- for uid, node in nodes.items() if node.resource_type == 'model' and node.name.startswith(gata.stg_prefix()) -%}
            {%- set slugs = [] -%}
            {%- set prefix = gata.tenant_tag('') -%}
            {%- for tag in node.tags if tag is string and tag.startswith(prefix) -%}{%- do slugs.append(tag[prefix | length:]) -%}{%- endfor -%}
            {%- if slugs | length == 1 -%}{%- do staging.update({uid: slugs[0]}) -%}{%- endif -%}
        {%- endfor -%}
        {%- set chosen = [] -%}
        {%- for uid in selected_resources or [] -%}
            {%- set node = nodes.get(uid) or {} -%}
            {%- set parents = (node.get('depends_on') or {}).get('nodes') or [] if node.get('resource_type') == 'test' else [] -%}
            {%- for candidate in [uid] + parents if candidate in staging -%}
                {%- do chosen.append(staging[candidate]) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set chosen = chosen | unique | sort -%}
        {%- set every = staging.values() | unique | sort -%}
        {#- a tenant scope's graph holds its tenants only: "every tenant" there is still not the vault's every row -#}
        {%- set scope = gata.scope_tenants() -%}
        {%- if scope is not none -%}
            {%- do cache.update({'selected_tenants': chosen or scope}) -%}
        {%- else -%}
            {%- do cache.update({'selected_tenants': none if (not chosen or chosen == every) else chosen}) -%}
        {%- endif -%}
    {%- endif -%}
    {{- return(cache['selected_tenants']) -}}
{%- endmacro %}

{#- The vault's one test per model (phase 4 writes it): in the selected tenants' rows, the key
    columns are never NULL, nor is tenant_slug, and each key occurs once. One scan and one test node
    instead of three per model (not_null on each key column and tenant_slug, unique): dbt's parse,
    selection and run time grow with nodes. One result row per failing key, with `problem`. -#}
{% test tenant_scoped_key(model, columns) %}
    {%- set cols = [columns] if columns is string else columns -%}
    {%- if not cols -%}
        {{ exceptions.raise_compiler_error("gata.tenant_scoped_key: no columns given for " ~ model) }}
    {%- endif -%}
    {%- for c in cols -%}{%- do gata._engine_check_ident(c, 'column of gata.tenant_scoped_key') -%}{%- endfor %}
select
    {{ cols | join(', ') }},
    count(*) as n_rows,
    count(*) - count(tenant_slug) as n_rows_without_tenant,
    case when {% for c in cols %}{{ c }} is null{{ ' or ' if not loop.last }}{% endfor %} then 'key is null'
         when count(*) > 1 then 'key is not unique'
         else 'tenant_slug is null' end as problem
from {{ model }}
where {{ gata.tenant_scope_condition() }}
group by {{ cols | join(', ') }}
having count(*) > 1 or count(tenant_slug) < count(*){% for c in cols %} or {{ c }} is null{% endfor %}
{% endtest %}
