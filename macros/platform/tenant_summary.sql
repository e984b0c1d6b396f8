{#- dbt run-operation tenant_summary [--args '{tenant: acme}']
    Prints one line per tenant: rows in each mart (`-` when the mart is not built), revenue and net revenue
    (sums of fct_orders.total_price and net_revenue over orders neither test nor cancelled) and ad spend
    (sum of fct_ad_performance.spend). -#}
{% macro tenant_summary(tenant=none) -%}
    {%- set tenants = gata.read_manifest().get('tenants') or [] -%}
    {%- set slugs = tenants | map(attribute='slug') | list -%}
    {%- if tenant is not none -%}
        {%- if tenant not in slugs -%}
            {{ exceptions.raise_compiler_error("gata: tenant_summary: tenant '" ~ tenant ~ "' is not in tenants.yaml") }}
        {%- endif -%}
        {%- set slugs = [tenant] -%}
    {%- endif -%}
    {%- set marts = gata.read_registry('gata_marts') | map(attribute='mart') | sort | list -%}
    {%- set header = ['tenant'] + marts + ['revenue', 'net_revenue', 'ad_spend'] -%}
    {%- set table = [header] -%}
    {%- for slug in slugs -%}
        {%- do gata._engine_check_slug(slug) -%}
        {%- set line = [slug] -%}
        {%- for mart in marts -%}
            {%- do line.append(gata._summary_scalar(slug, mart, 'count(*)')) -%}
        {%- endfor -%}
        {%- for amount in ['total_price', 'net_revenue'] -%}
            {%- do line.append(gata._summary_scalar(slug, 'fct_orders', 'sum(case when is_test or is_cancelled then 0 else ' ~ amount ~ ' end)')) -%}
        {%- endfor -%}
        {%- do line.append(gata._summary_scalar(slug, 'fct_ad_performance', 'sum(spend)')) -%}
        {%- do table.append(line) -%}
    {%- endfor -%}
    {%- do gata._summary_print(table) -%}
{%- endmacro %}

{#- One aggregate over a tenant's mart, '-' when the mart does not exist. -#}
{% macro _summary_scalar(slug, mart, aggregate) -%}
    {%- set relation = adapter.get_relation(database=target.database, schema=gata.marts_schema_name(slug), identifier=mart) -%}
    {%- if relation is none -%}{{- return('-') -}}{%- endif -%}
    {%- set value = run_query('select ' ~ aggregate ~ ' from ' ~ relation).columns[0].values()[0] -%}
    {{- return('0' if value is none else (value | string)) -}}
{%- endmacro %}

{#- Left-aligned first column, right-aligned numbers, widths from the longest cell. -#}
{% macro _summary_print(table) -%}
    {%- set widths = [] -%}
    {%- for i in range(table[0] | length) -%}
        {%- do widths.append(table | map(attribute=i) | map('string') | map('length') | max) -%}
    {%- endfor -%}
    {%- for row in table -%}
        {%- set cells = [] -%}
        {%- for cell in row -%}
            {%- do cells.append((cell | string).ljust(widths[loop.index0]) if loop.first else (cell | string).rjust(widths[loop.index0])) -%}
        {%- endfor -%}
        {#- --quiet (as in `tasks.py demo`) hides log() output but not print(): the table is the point -#}
        {%- if flags.QUIET -%}
            {%- do print(cells | join('  ')) -%}
        {%- else -%}
            {%- do log(cells | join('  '), info=true) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
