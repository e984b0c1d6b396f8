{#- fct_marketing_daily (category `all`): one row per tenant and day across every category the tenant has,
    read from the tenant's own marts (its shell refs them; a category the tenant lacks gives NULLs, so
    the same columns hold for a tenant with spend only, revenue only, or both).
    Money is summed as reported: spend in each ad account's currency, revenue in each shop's currency
    (no currency conversion; a tenant mixing currencies sees mixed sums, said in the column docs). -#}

{#- The tenant's model of `mart` when its shell refs it (it has that mart), else none. -#}
{% macro _mart_input(tenant, mart) -%}
    {%- set name = gata.mart_model_name(tenant, mart) -%}
    {%- for r in (model or {}).get('refs') or [] if (r.get('name') if r is mapping else r[-1]) == name -%}
        {{- return(ref(name)) -}}
    {%- endfor -%}
    {{- return(none) -}}
{%- endmacro %}

{% macro mart_fct_marketing_daily(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
    {%- set ads = gata._mart_input(tenant, 'fct_ad_performance') -%}
    {%- set orders = gata._mart_input(tenant, 'fct_orders') -%}
    {%- set sessions = gata._mart_input(tenant, 'fct_sessions') -%}
    {%- set parts = [] -%}
with
{%- if ads is not none %}
ads as (
    select
        date_day,
        sum(spend) as ad_spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as ad_conversions
    from {{ ads }}
    group by date_day
),
{%- do parts.append('ads') -%}
{%- endif %}
{%- if orders is not none %}
counted_orders as (
    {#- revenue a finance team signs: test and cancelled orders are not sales -#}
    select *
    from {{ orders }}
    where not coalesce(is_test, false) and not coalesce(is_cancelled, false)
),
first_orders as (
    select source_platform, customer_id, min(ordered_at) as first_ordered_at
    from counted_orders
    where customer_id is not null
    group by source_platform, customer_id
),
orders as (
    select
        cast(o.ordered_at as date) as date_day,
        count(*) as orders,
        sum(o.net_revenue) as net_revenue,
        count(case when f.first_ordered_at = o.ordered_at then 1 end) as new_customers
    from counted_orders as o
    left join first_orders as f
        on f.source_platform = o.source_platform and f.customer_id = o.customer_id
    group by cast(o.ordered_at as date)
),
{%- do parts.append('orders') -%}
{%- endif %}
{%- if sessions is not none %}
sessions as (
    select
        cast(started_at as date) as date_day,
        count(*) as sessions,
        count(case when converted then 1 end) as converting_sessions
    from {{ sessions }}
    group by cast(started_at as date)
),
{%- do parts.append('sessions') -%}
{%- endif %}
days as (
    {%- for p in parts %}
    select date_day from {{ p }}{{ ' union' if not loop.last }}
    {%- else %}
    select cast(null as date) as date_day where 1 = 0
    {%- endfor %}
)
select
    {{ gata.sql_str(tenant) }} as tenant_slug,
    days.date_day,
    {{ gata._mart_money('ads.ad_spend' if ads is not none else 'null') }} as ad_spend,
    cast({{ 'ads.impressions' if ads is not none else 'null' }} as bigint) as impressions,
    cast({{ 'ads.clicks' if ads is not none else 'null' }} as bigint) as clicks,
    cast({{ 'ads.ad_conversions' if ads is not none else 'null' }} as double) as ad_conversions,
    cast({{ 'coalesce(orders.orders, 0)' if orders is not none else 'null' }} as bigint) as orders,
    {{ gata._mart_money('coalesce(orders.net_revenue, 0)' if orders is not none else 'null') }} as net_revenue,
    cast({{ 'coalesce(orders.new_customers, 0)' if orders is not none else 'null' }} as bigint) as new_customers,
    cast({{ 'coalesce(sessions.sessions, 0)' if sessions is not none else 'null' }} as bigint) as sessions,
    cast({{ 'coalesce(sessions.converting_sessions, 0)' if sessions is not none else 'null' }} as bigint) as converting_sessions,
    {%- if ads is not none and orders is not none %}
    cast(coalesce(orders.net_revenue, 0) / nullif(ads.ad_spend, 0) as double) as roas,
    {{ gata._mart_money('ads.ad_spend / nullif(orders.new_customers, 0)') }} as cac,
    {%- else %}
    cast(null as double) as roas,
    {{ gata._mart_money('null') }} as cac,
    {%- endif %}
    {%- if sessions is not none %}
    cast(sessions.converting_sessions / nullif(sessions.sessions, 0) as double) as conversion_rate
    {%- else %}
    cast(null as double) as conversion_rate
    {%- endif %}
from days
{%- for p in parts %}
left join {{ p }} on {{ p }}.date_day = days.date_day
{%- endfor %}
{%- endmacro %}
