{#- Commerce marts (category `commerce`): orders and customers from the shared vault. -#}

{#- One row per order with its customer and line totals; shared by fct_orders and dim_customers. -#}
{% macro _mart_orders(tenant) -%}
with orders as (
    {{ gata._mart_entity(tenant, 'commerce', 'order') }}
),
order_customer as (
    {{ gata._mart_link(tenant, 'commerce', 'order', 'customer') }}
),
lines as (
    {{ gata._mart_entity(tenant, 'commerce', 'order_line') }}
),
line_order as (
    {{ gata._mart_link(tenant, 'commerce', 'order_line', 'order') }}
),
line_totals as (
    select
        line_order.order_hk,
        count(*) as line_count,
        cast(sum(lines.quantity) as bigint) as units,
        {{ gata._mart_money('sum(lines.price * lines.quantity)') }} as line_revenue
    from lines
    inner join line_order on line_order.order_line_hk = lines.order_line_hk
    group by line_order.order_hk
)
select
    orders.tenant_slug,
    orders.source_platform,
    orders.order_id,
    orders.order_name,
    orders.created_at as ordered_at,
    order_customer.customer_id,
    orders.currency,
    coalesce(line_totals.line_count, 0) as line_count,
    coalesce(line_totals.units, 0) as units,
    coalesce(line_totals.line_revenue, 0) as line_revenue,
    orders.total_price,
    orders.total_tax,
    orders.financial_status
from orders
left join order_customer on order_customer.order_hk = orders.order_hk
left join line_totals on line_totals.order_hk = orders.order_hk
{%- endmacro %}

{% macro mart_fct_orders(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
    {{ gata._mart_orders(tenant) }}
{%- endmacro %}

{% macro mart_dim_customers(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with customers as (
    {#- the hub knows every customer, also those seen only on an order -#}
    select tenant_slug, customer_hk, source_platform, customer_id
    from {{ ref('hub_customer') }}
    where tenant_slug = {{ gata.sql_str(tenant) }}
),
attributes as (
    {{ gata._mart_entity(tenant, 'commerce', 'customer') }}
),
orders as (
    {{ gata._mart_orders(tenant) | indent(4) }}
),
order_stats as (
    select
        source_platform,
        customer_id,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        count(*) as order_count,
        {{ gata._mart_money('sum(total_price)') }} as lifetime_revenue
    from orders
    where customer_id is not null
    group by source_platform, customer_id
)
select
    customers.tenant_slug,
    customers.source_platform,
    customers.customer_id,
    attributes.email,
    attributes.first_name,
    attributes.last_name,
    attributes.country_code as country,
    attributes.state,
    order_stats.first_order_at,
    order_stats.last_order_at,
    coalesce(order_stats.order_count, 0) as order_count,
    coalesce(order_stats.lifetime_revenue, 0) as lifetime_revenue
from customers
left join attributes on attributes.customer_hk = customers.customer_hk
left join order_stats
    on order_stats.source_platform = customers.source_platform and order_stats.customer_id = customers.customer_id
{%- endmacro %}
